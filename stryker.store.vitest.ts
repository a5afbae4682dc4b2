import { defineConfig } from 'vitest/config';
import base from './stryker.config.vitest.js';

/**
 * The tests `npm run mutation:store` (stryker.store.config.mjs) runs against each store mutant:
 * the store's own tests (the store contract against the memory store and against a real
 * redis-server the Redis tests start on a free loopback port; the phone table, the Redis shared
 * pieces) and the two in-process hardening tests of store code. Without the domain and http
 * tests that also reach the memory store (stryker.config.vitest.ts): with them each phone-table
 * mutant ran ~20 s on the shared cores. A score from this set is a lower bound of the full set's.
 */
export default defineConfig({
  test: {
    ...base.test,
    include: [
      'test/reference-impl/store/**/*.test.ts',
      'test/hardening/phone-bound.test.ts',
      'test/hardening/sms-history.test.ts',
    ],
    // Reads import lines of src/, not behaviour: no store mutant can change what it sees.
    exclude: ['test/reference-impl/store/redis-isolation.test.ts'],
  },
});
