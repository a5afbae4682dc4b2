import { setImmediate as nextTurn } from 'node:timers/promises';
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
 * snapshot and the phone's write version, wait a turn, decide on the snapshot, commit only if no
 * write came in between (the version is unchanged), else run `decide` again on the newer record.
 * `conflicts` counts the runs that were thrown away.
 */
export function optimisticStore(inner: Store): Store & { readonly conflicts: number } {
  let conflicts = 0;
  const versions = new Map<string, number>();
  const store = withUpdatePhone(inner, async (phone, decide) => {
    for (;;) {
      const version = versions.get(phone) ?? 0;
      const snapshot = await inner.getPhone(phone);
      await nextTurn();
      const update = decide(snapshot);
      const committed = await inner.updatePhone(phone, () => {
        if ((versions.get(phone) ?? 0) !== version) return { next: undefined, result: false };
        versions.set(phone, version + 1);
        return { next: update.next, result: true };
      });
      if (committed) return update.result;
      conflicts++;
    }
  });
  return Object.defineProperty(store, 'conflicts', { get: () => conflicts }) as Store & {
    readonly conflicts: number;
  };
}
