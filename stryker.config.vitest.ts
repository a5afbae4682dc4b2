import { defineConfig } from 'vitest/config';

/**
 * The tests StrykerJS runs against each mutant (stryker.config.mjs): the in-process tests of the
 * three folders, and the error catalogue's. test/hardening (1,000-socket races, brute force over HTTP, fuzzing) would make a
 * run of ~1,100 mutants take hours on two shared cores.
 */
export default defineConfig({
  test: {
    include: [
      'test/reference-impl/domain/**/*.test.ts',
      'test/reference-impl/store/**/*.test.ts',
      'test/reference-impl/http/**/*.test.ts',
      // The control API's seeds: the families' seedData hooks live in domain (seedAmrData and the like).
      'test/reference-impl/control/**/*.test.ts',
      // The msw handlers run the engine in process: the authentication method request flows
      // (INSERT, UPDATE, DEACTIVATE) run there only, and the person request, declaration,
      // confidant and merge flows add their create and approve paths. Not browser.test.ts (a
      // Chromium page) nor conformance.test.ts (the whole suite, over every mutant).
      'test/msw/authentication-method-request-flow.test.ts',
      'test/msw/person-request-flow.test.ts',
      'test/msw/person-request-uploads.test.ts',
      'test/msw/declaration-requests.test.ts',
      'test/msw/confidant-person-relationship-requests.test.ts',
      'test/msw/merge-requests.test.ts',
      'test/msw/handlers.test.ts',
      'test/msw/profile.test.ts',
      // The error table (http/errors.ts) against every example of the spec's catalogue: in-process.
      'test/contract/error-catalogue.test.ts',
      // In-process hardening tests of store and domain code: the phone bound (memory and Redis
      // stores) and the bounded SMS history.
      'test/hardening/phone-bound.test.ts',
      'test/hardening/sms-history.test.ts',
    ],
    // Reads import lines, not behaviour: no mutant of these folders can change what it sees.
    exclude: ['test/reference-impl/http/runtime-agnostic.test.ts'],
    // Compares Retry-After with the wall clock's full hour: under instrumentation the ten calls
    // before it take over a second and it reads 3598 (a timing the test should not depend on).
    testNamePattern: /^(?!.*answers 429 with Retry-After past the per-phone SMS cap)/,
    maxWorkers: 1,
    // Instrumented code runs slower: the 1,000-update store races need more than the usual 20 s.
    testTimeout: 120_000,
    hookTimeout: 60_000,
  },
});
