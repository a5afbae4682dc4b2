import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * Full garbage collections for the memory tests (what a store or the control API must let go):
 * V8's `gc`, exposed at run time for the test file that imports this (the flag set, then `gc`
 * read in a fresh context, which sees it), so no test needs `node --expose-gc`.
 */
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** Two full collections, each after a turn of the event loop (a WeakRef is kept until its job ends). */
export async function collectGarbage(): Promise<void> {
  for (let i = 0; i < 2; i++) {
    await new Promise((resolve) => setImmediate(resolve));
    gc();
  }
}

/** Whether the object behind `ref` is still there after {@link collectGarbage}. */
export async function survives(ref: WeakRef<object>): Promise<boolean> {
  await collectGarbage();
  return ref.deref() !== undefined;
}
