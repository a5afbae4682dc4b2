/**
 * Runs `work` over `items` with at most `size` in flight; results keep the items' order. Once
 * `stop()` is true no item starts (`conform --bail`, Ctrl-C): the unstarted ones stay holes.
 */
export async function runPool<T, R>(
  items: readonly T[],
  size: number,
  work: (item: T) => Promise<R>,
  stop: () => boolean = () => false,
): Promise<(R | undefined)[]> {
  const results = new Array<R | undefined>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length && !stop()) {
      const index = next++;
      results[index] = await work(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(size, items.length)) }, worker));
  return results;
}
