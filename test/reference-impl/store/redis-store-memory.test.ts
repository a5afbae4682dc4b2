import { afterAll, beforeAll, expect, it } from 'vitest';
import { RedisStore, redisKeys } from '../../../src/reference-impl/store/redis-store.js';
import { survives } from '../../support/heap.js';
import { describeWithRedis, type RedisServer, redisClient, startRedis } from '../../support/redis.js';
import { record } from '../../support/store-contract.js';

/**
 * What RedisStore's per-key queue (`#serially`) keeps once a call is done: nothing. The queue
 * holds each key's last call so that the next call on that key waits for it; a queue that did
 * not forget a settled call would keep one promise per phone ever updated, unbounded memory
 * while every answer stays right (docs/security.md, the `forget` mutants), which no test of the
 * answers can see. updatePhone hands back the queue's own promise, so a WeakRef on it tells
 * whether anything still holds it; the control shows the measure can fail.
 */

let redis: RedisServer;

async function freshStore(prefix: string): Promise<RedisStore> {
  return new RedisStore({ client: await redisClient(redis), outboxLimit: 10, keys: redisKeys(prefix) });
}

/** One update of `phone`, awaited; only a WeakRef to its promise leaves this function (or `keep` holds it). */
async function updated(
  store: RedisStore,
  phone: string,
  keep?: Promise<unknown>[],
): Promise<WeakRef<object>> {
  const call = store.updatePhone(phone, () => ({ next: record(), result: 0 }));
  keep?.push(call);
  await call;
  return new WeakRef(call);
}

describeWithRedis('RedisStore per-key queue', () => {
  beforeAll(async () => {
    redis = await startRedis();
  }, 30_000);
  afterAll(() => redis?.stop());

  it('keeps no settled call: the promise of a finished update is collected (the control, still held, is not)', async () => {
    const store = await freshStore('queue-memory:');
    try {
      const held: Promise<unknown>[] = [];
      const control = await updated(store, '+380501230001', held);
      const refs = [
        await updated(store, '+380501230002'),
        await updated(store, '+380501230003'),
        // A second call on one key: the queue held the first while it ran, and forgets both.
        await updated(store, '+380501230003'),
      ];
      for (const ref of refs) expect(await survives(ref)).toBe(false);
      expect(await survives(control)).toBe(true);
      expect(held).toHaveLength(1);
    } finally {
      await store.close();
    }
  });
});
