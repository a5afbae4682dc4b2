// @ts-check
import base from './stryker.config.mjs';

/**
 * The domain folder alone (issue 18): `npm run mutation:domain` (add `-- --concurrency 2 --force`
 * for a complete run on two free cores, as docs/security.md "The `domain` folder, whole" did).
 * The tests are the three folders' in-process set (stryker.config.vitest.ts), which holds the
 * domain's own unit tests and the http, control and msw flows that drive it. Static mutants are
 * left out: a mutant of a module-level constant (the spec's transitions, the regular expressions)
 * runs every test once per mutant. Reports of its own, so that a domain run does not overwrite
 * the three folders' report.
 * @type {import('@stryker-mutator/api/core').PartialStrykerOptions}
 */
export default {
  ...base,
  mutate: ['src/reference-impl/domain/**/*.ts', '!src/reference-impl/domain/models.ts'],
  ignoreStatic: true,
  // The first test run under instrumentation takes ~40 s on a quiet machine, over 5 min on a loaded one.
  dryRunTimeoutMinutes: 20,
  plugins: [...(base.plugins ?? []), './stryker.mutant-log.mjs'],
  reporters: [...(base.reporters ?? []), 'mutant-log'],
  ignorePatterns: ['/.stryker-tmp*', '/reports'],
  jsonReporter: { fileName: 'reports/mutation/domain.json' },
  htmlReporter: { fileName: 'reports/mutation/domain.html' },
  tempDirName: '.stryker-tmp-domain',
  incrementalFile: 'reports/mutation/domain-incremental.json',
};
