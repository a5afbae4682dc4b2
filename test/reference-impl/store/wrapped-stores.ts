import { setImmediate as nextTurn } from 'node:timers/promises';
import { isDeepStrictEqual } from 'node:util';
import type { Store } from '../../../src/reference-impl/domain/store.js';

/**
 * Stores built around a correct one with a different `updatePhone`, to show what the store
 * contract (test/support/store-contract.ts) accepts and what it catches. Every other method is
 * the inner store's, bound to it (its private fields need the real `this`).
 */
function withUpdatePhone(inner: Store, updatePhone: Store['updatePhone']): Store {
  return new Proxy(inner, {
    get(target, key) {
      if (key === 'updatePhone') return updatePhone;
      const value: unknown = Reflect.get(target, key);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/**
 * BROKEN on purpose: read, wait a turn (a network round trip), decide, write. The shape of a
 * shared store written without WATCH/MULTI or a script: two calls for one phone both read the
 * same record and the later write loses the earlier one.
 */
export function nonAtomicStore(inner: Store): Store {
  return withUpdatePhone(inner, async (phone, decide) => {
    const stale = await inner.getPhone(phone);
    await nextTurn();
    const { next, result } = decide(stale);
    return inner.updatePhone(phone, () => ({ next, result }));
  });
}

/**
 * CORRECT, and retries `decide`: optimistic concurrency as a WATCH/MULTI store does it. Read a
 * snapshot, wait a turn, decide on it, commit only if the record is still the snapshot, else
 * run `decide` again on the newer one. `conflicts` counts the runs that were thrown away.
 */
export function optimisticStore(inner: Store): Store & { readonly conflicts: number } {
  let conflicts = 0;
  const store = withUpdatePhone(inner, async (phone, decide) => {
    for (;;) {
      const snapshot = await inner.getPhone(phone);
      await nextTurn();
      const update = decide(snapshot);
      const committed = await inner.updatePhone(phone, (current) =>
        isDeepStrictEqual(current, snapshot)
          ? { next: update.next, result: true }
          : { next: undefined, result: false },
      );
      if (committed) return update.result;
      conflicts++;
    }
  });
  return Object.defineProperty(store, 'conflicts', { get: () => conflicts }) as Store & {
    readonly conflicts: number;
  };
}
