import { describe, expect, it } from 'vitest';
import { seedDemo } from '../../src/reference-impl/demo.js';
import type { PhoneRecord } from '../../src/reference-impl/domain/models.js';
import { HISTORY_BUCKETS } from '../../src/reference-impl/domain/sms-history.js';
import type { PhoneUpdate } from '../../src/reference-impl/domain/store.js';
import { createEngine } from '../../src/reference-impl/engine.js';
import { MemoryStore } from '../../src/reference-impl/store/memory-store.js';
import { api } from './support/api.js';

/**
 * Issue 18: "O(n) work per request in one phone's SMS history under a large --sms-cap (2 ms per
 * initialize at 50k)". The history is bounded (domain/sms-history.ts): the work is counted here
 * as the history entries the domain reads per initialize, through a store that hands `decide`
 * arrays which count their element reads. No time is measured.
 *
 * Checked to fail without the fix: with the old `filter` and `[...sent, now]` of
 * verifications.ts back, the reads grow with the sends (one per send so far: the test fails at the 262nd) and
 * the stored history holds 2,000 entries.
 */
const PHONE = '+380501119999';

/** An array whose element reads (index, iteration, slice, spread) are counted. */
function counted(values: readonly number[], reads: { n: number }): readonly number[] {
  return new Proxy(values as number[], {
    get(target, key, receiver) {
      if (typeof key === 'string' && /^\d+$/.test(key)) reads.n++;
      return Reflect.get(target, key, receiver) as unknown;
    },
  });
}

class CountingStore extends MemoryStore {
  readonly reads = { n: 0 };
  lastLength = 0;
  override updatePhone<R>(
    phone: string,
    decide: (current: PhoneRecord | undefined) => PhoneUpdate<R>,
  ): Promise<R> {
    return super.updatePhone(phone, (current) => {
      if (current === undefined) return decide(current);
      this.lastLength = current.smsSentAt.length;
      return decide({
        ...current,
        smsSentAt: counted(current.smsSentAt, this.reads),
        ...(current.smsSentCounts === undefined
          ? {}
          : { smsSentCounts: counted(current.smsSentCounts, this.reads) }),
      });
    });
  }
}

async function engineWith(smsCapLimit: number) {
  const store = new CountingStore(1_000);
  const engine = createEngine({ store, settings: { smsCapLimit, smsCapWindowSeconds: 3600 } });
  await seedDemo(engine);
  return { store, engine, call: api(engine) };
}

describe('one phone under a large --sms-cap', () => {
  it('reads at most a bounded number of history entries per initialize, however many were sent', async () => {
    const { store, call } = await engineWith(50_000);
    const readsAt: Record<number, number> = {};
    for (let i = 1; i <= 2_000; i++) {
      const before = store.reads.n;
      expect((await call.initialize(PHONE)).status).toBe(200);
      readsAt[i] = store.reads.n - before;
    }
    // Every operation of sms-history.ts reads each entry a bounded number of times.
    const bound = 4 * (HISTORY_BUCKETS + 1);
    for (const [i, reads] of Object.entries(readsAt)) expect(reads, `send ${i}`).toBeLessThanOrEqual(bound);
    expect(readsAt[2_000]).toBe(readsAt[1_000]);
    expect(store.lastLength).toBeLessThanOrEqual(HISTORY_BUCKETS);
  });

  it('still counts every send: a cap of 100 (merged history) refuses the 101st, and Retry-After is when it frees', async () => {
    const { engine, call } = await engineWith(100);
    for (let i = 0; i < 100; i++) {
      expect((await call.initialize(PHONE)).status).toBe(200);
      await engine.control.advanceClock(10);
    }
    const refused = await call.initialize(PHONE);
    expect(refused.status).toBe(429);
    const wait = Number(refused.headers['retry-after']);
    // Exact would be 3600 - 1000 = 2600 s (the first send leaves the window); merging may only
    // make it later, by at most one entry's span.
    expect(wait).toBeGreaterThanOrEqual(2_600);
    expect(wait).toBeLessThanOrEqual(2_600 + 3_600 / 32);
    await engine.control.advanceClock(wait - 1);
    expect((await call.initialize(PHONE)).status).toBe(429);
    await engine.control.advanceClock(1);
    expect((await call.initialize(PHONE)).status).toBe(200);
  });

  it('never lets more than the cap through in any window (1,500 tries at random intervals)', async () => {
    const cap = 150;
    const { engine, call } = await engineWith(cap);
    const sentAt: number[] = [];
    let seed = 7;
    const next = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (let i = 0; i < 1_500; i++) {
      if ((await call.initialize(PHONE)).status === 200) sentAt.push(engine.clock.now());
      await engine.control.advanceClock(Math.floor(next() * 20));
    }
    for (const t of sentAt) {
      const inWindow = sentAt.filter((s) => s > t - 3_600_000 && s <= t).length;
      expect(inWindow).toBeLessThanOrEqual(cap);
    }
    // And the cap is not a wall: sends keep going through as the window slides.
    expect(sentAt.length).toBeGreaterThan(2 * cap);
  });
});

describe('the memory store keeps the merged history', () => {
  it('round-trips smsSentCounts, and drops it when a later record has none', async () => {
    const store = new MemoryStore(10);
    const base: PhoneRecord = {
      verificationId: '6617aeec-15e2-4d6f-b9bd-53559c358f97',
      code: 1234,
      status: 'NEW',
      active: true,
      createdAt: 1,
      expiresAt: 2,
      attempts: 0,
      smsSentAt: [5],
      smsSentCounts: [3],
      keepUntil: 10,
    };
    await store.updatePhone(PHONE, () => ({ next: base, result: undefined }));
    expect(await store.getPhone(PHONE)).toEqual(base);
    const { smsSentCounts: _, ...plain } = base;
    await store.updatePhone(PHONE, () => ({ next: plain, result: undefined }));
    expect(await store.getPhone(PHONE)).toEqual(plain);
  });
});
