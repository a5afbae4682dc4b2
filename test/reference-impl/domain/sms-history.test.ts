import { describe, expect, it } from 'vitest';
import { AdjustableClock } from '../../../src/reference-impl/clock.js';
import {
  freeAt,
  HISTORY_BUCKETS,
  sendsAfter,
  type Window,
  withSend,
} from '../../../src/reference-impl/domain/sms-history.js';
import { SmsOutbox } from '../../../src/reference-impl/domain/sms-outbox.js';
import { Verifications } from '../../../src/reference-impl/domain/verifications.js';
import { resolveSettings } from '../../../src/reference-impl/settings.js';
import { MemoryStore } from '../../../src/reference-impl/store/memory-store.js';
import { sequenceRandom } from '../support/random.js';

/*
 * The bounded SMS history of the per-phone cap (domain/sms-history.ts, issue 18): what it stores
 * for a send, which entries it merges past HISTORY_BUCKETS, and when a full window frees. The
 * engine-level behaviour (the cap of 100 over a merged history, no window over the cap) is
 * test/hardening/sms-history.test.ts; these pin the stored record the Redis store persists.
 */

const HOUR = 3_600_000;
const exact = (at: readonly number[]): Window => ({ at, counts: undefined, sent: at.length });
const merged = (at: readonly number[], counts: readonly number[]): Window => ({
  at,
  counts,
  sent: counts.reduce((a, b) => a + b, 0),
});
/** `n` send times one second apart, from 1 s. */
const seconds = (n: number) => Array.from({ length: n }, (_, i) => (i + 1) * 1000);

describe('withSend', () => {
  it('keeps one plain timestamp per send, without counts, up to HISTORY_BUCKETS entries', () => {
    expect(withSend(sendsAfter(undefined, 0), 5)).toEqual({ smsSentAt: [5] });
    const full = withSend(exact(seconds(HISTORY_BUCKETS - 1)), 99_000);
    expect(full).toEqual({ smsSentAt: [...seconds(HISTORY_BUCKETS - 1), 99_000] });
    expect('smsSentCounts' in full).toBe(false);
  });

  it('past the bound merges the oldest of the pairs with the fewest sends, at the later time', () => {
    // 64 single sends and one more: every pair holds two, the oldest pair merges (its error ends first).
    const past = withSend(exact(seconds(HISTORY_BUCKETS)), 99_000);
    expect(past.smsSentAt).toEqual([...seconds(HISTORY_BUCKETS).slice(1), 99_000]);
    expect(past.smsSentCounts).toEqual([2, ...Array(HISTORY_BUCKETS - 1).fill(1)]);
    expect(past.smsSentAt).toHaveLength(HISTORY_BUCKETS);
  });

  it('merges the pair with the fewest sends together, wherever it is', () => {
    const at = seconds(HISTORY_BUCKETS);
    // Four sends per entry but entries 10 and 11 (one each), and the new send (one).
    const counts = at.map((_, i) => (i === 10 || i === 11 ? 1 : 4));
    const next = withSend(merged(at, counts), 99_000);
    expect(next.smsSentAt).toEqual([...at.slice(0, 10), ...at.slice(11), 99_000]);
    expect(next.smsSentCounts).toEqual([...counts.slice(0, 10), 2, ...counts.slice(12), 1]);
  });

  it('keeps a merged history that fits as it is: counts carried over, nothing merged', () => {
    // What is left of a merged history once its oldest entries left the window.
    const at = seconds(HISTORY_BUCKETS - 1);
    const counts = at.map((_, i) => (i % 2 === 0 ? 3 : 1));
    expect(withSend(merged(at, counts), 99_000)).toEqual({
      smsSentAt: [...at, 99_000],
      smsSentCounts: [...counts, 1],
    });
  });
});

describe('sendsAfter', () => {
  it('counts the sends after the window start, by their counts when merged', () => {
    expect(sendsAfter({ smsSentAt: [1, 2, 3, 4] }, 2)).toEqual({ at: [3, 4], counts: undefined, sent: 2 });
    expect(sendsAfter({ smsSentAt: [1, 2, 3], smsSentCounts: [5, 2, 3] }, 1)).toEqual({
      at: [2, 3],
      counts: [2, 3],
      sent: 5,
    });
    expect(sendsAfter(undefined, 0)).toEqual({ at: [], counts: undefined, sent: 0 });
  });
});

describe('freeAt', () => {
  it('is when the oldest entry leaves a full window', () => {
    expect(freeAt(exact([10, 20, 30]), 3, HOUR)).toBe(10 + HOUR);
    expect(freeAt(merged([10, 20], [2, 1]), 3, HOUR)).toBe(10 + HOUR);
  });

  it('over the cap (a history sent under a higher --sms-cap), is when fewer than the cap remain', () => {
    // Eight sends, cap 5: room again once four have left (four remain).
    expect(freeAt(exact([1, 2, 3, 4, 5, 6, 7, 8]), 5, HOUR)).toBe(4 + HOUR);
    // Counts 3, 3, 2 (eight sends), cap 4: after the first two entries two remain.
    expect(freeAt(merged([1, 2, 3], [3, 3, 2]), 4, HOUR)).toBe(2 + HOUR);
  });
});

describe('a persistent store restarted with a lower --sms-cap', () => {
  it('refuses until enough of the sends under the old cap have left the window', async () => {
    const store = new MemoryStore(100);
    const clock = new AdjustableClock(() => Date.parse('2025-03-01T10:00:00.000Z'));
    const under = (smsCapLimit: number) => {
      const settings = resolveSettings({ smsCapLimit });
      const outbox = new SmsOutbox(store, clock);
      return new Verifications({ store, clock, random: sequenceRandom(), settings, outbox });
    };
    const PHONE = '+380501234567';
    const before = under(10);
    for (let i = 0; i < 10; i++) {
      expect((await before.initialize(PHONE)).ok).toBe(true);
      clock.advance(10);
    }
    // Sends at 0, 10, …, 90 s; now 100 s. Under a cap of 5, the sixth (50 s) must leave first.
    const after = await under(5).initialize(PHONE);
    expect(after).toEqual({ ok: false, error: { code: 'sms_cap_reached', retryAfterSeconds: 3_550 } });
  });
});
