// @ts-check
import base from './stryker.config.mjs';

/**
 * The store folder alone (issue 18): `npm run mutation:store`. Its tests
 * (stryker.store.vitest.ts) are the store's own: among them the Redis store tests, which start a
 * real redis-server on a free loopback port, so redis-store.ts, redis-shared.ts and
 * redis-connect.ts are mutated against a real Redis. Static mutants are left out: a mutant of a
 * module-level constant (the Lua scripts, the column layout) runs every test once per mutant.
 * Reports of its own, so that a store run does not overwrite the three folders' report.
 * @type {import('@stryker-mutator/api/core').PartialStrykerOptions}
 */
export default {
  ...base,
  mutate: ['src/reference-impl/store/**/*.ts'],
  vitest: { configFile: 'stryker.store.vitest.ts', related: false },
  ignoreStatic: true,
  plugins: [...(base.plugins ?? []), './stryker.mutant-log.mjs'],
  reporters: [...(base.reporters ?? []), 'mutant-log'],
  // Not into the sandbox: another run's sandboxes (runs over single files, side by side) and reports.
  ignorePatterns: ['/.stryker-tmp*', '/reports'],
  jsonReporter: { fileName: 'reports/mutation/store.json' },
  htmlReporter: { fileName: 'reports/mutation/store.html' },
  tempDirName: '.stryker-tmp-store',
  incrementalFile: 'reports/mutation/store-incremental.json',
};
