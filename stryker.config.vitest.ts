import { defineConfig } from 'vitest/config';

/** The tests StrykerJS runs against each mutant (stryker.config.mjs): in-process, no child processes. */
export default defineConfig({
  test: {
    include: [
      'test/reference-impl/domain/**/*.test.ts',
      'test/reference-impl/store/**/*.test.ts',
      'test/reference-impl/http/**/*.test.ts',
      'test/hardening/races.test.ts',
      'test/hardening/brute-force.test.ts',
    ],
    // Reads import lines, not behaviour: no mutant of these folders can change what it sees.
    exclude: ['test/reference-impl/http/runtime-agnostic.test.ts'],
    maxWorkers: 1,
    testTimeout: 20_000,
    hookTimeout: 60_000,
  },
});
