// @ts-check
/**
 * Mutation testing of the reference server's core (issue 18): `npm run mutation`. Not part of
 * `npm test` or CI: on two shared cores a full run takes a long while. Only the unit and
 * in-process tests of the three folders run (stryker.config.vitest.ts), each mutant only against
 * the tests that cover it (`perTest`).
 * @type {import('@stryker-mutator/api/core').PartialStrykerOptions}
 */
export default {
  testRunner: 'vitest',
  plugins: ['@stryker-mutator/vitest-runner'],
  vitest: { configFile: 'stryker.config.vitest.ts', related: false },
  mutate: [
    'src/reference-impl/domain/**/*.ts',
    'src/reference-impl/store/**/*.ts',
    'src/reference-impl/http/**/*.ts',
    // Types only: nothing to mutate at run time.
    '!src/reference-impl/http/operation-types.ts',
    '!src/reference-impl/domain/models.ts',
  ],
  coverageAnalysis: 'perTest',
  // Two cores shared with other work: one test process.
  concurrency: 1,
  // Added to each mutant's expected time: an endless loop is cut after about this long.
  timeoutMS: 5_000,
  reporters: ['clear-text', 'progress', 'json', 'html'],
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  htmlReporter: { fileName: 'reports/mutation/mutation.html' },
  tempDirName: '.stryker-tmp',
  incremental: true,
  incrementalFile: 'reports/mutation/stryker-incremental.json',
};
