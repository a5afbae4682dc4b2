// @ts-check
import { folderRun } from './stryker.folder.mjs';

/**
 * The domain folder alone (issue 18): `npm run mutation:domain` (add `-- --concurrency 2 --force`
 * for a complete run on two free cores, as docs/security.md "The `domain` folder, whole" did).
 * The tests are the three folders' in-process set (stryker.config.vitest.ts), which holds the
 * domain's own unit tests and the http, control and msw flows that drive it. Static mutants are
 * left out (folderRun): a mutant of a module-level constant (the spec's transitions, the regular
 * expressions) runs every test once per mutant.
 */
export default folderRun('domain', {
  mutate: ['src/reference-impl/domain/**/*.ts', '!src/reference-impl/domain/models.ts'],
  // The first test run under instrumentation takes ~40 s on a quiet machine, over 5 min on a loaded one.
  dryRunTimeoutMinutes: 20,
});
