// @ts-check
import { folderRun } from './stryker.folder.mjs';

/**
 * The store folder alone (issue 18): `npm run mutation:store`. Its tests
 * (stryker.store.vitest.ts) are the store's own: among them the Redis store tests, which start a
 * real redis-server on a free loopback port, so redis-store.ts, redis-shared.ts and
 * redis-connect.ts are mutated against a real Redis. Static mutants are left out (folderRun): a
 * mutant of a module-level constant (the Lua scripts, the column layout) runs every test once per
 * mutant.
 */
export default folderRun('store', {
  mutate: ['src/reference-impl/store/**/*.ts'],
  vitest: { configFile: 'stryker.store.vitest.ts', related: false },
});
