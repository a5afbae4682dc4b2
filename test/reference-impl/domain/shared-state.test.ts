import { describe, expect, it } from 'vitest';
import { AdjustableClock, type SharedOffset } from '../../../src/reference-impl/clock.js';
import type { Sms } from '../../../src/reference-impl/domain/models.js';
import { type SmsFanOut, SmsOutbox } from '../../../src/reference-impl/domain/sms-outbox.js';
import { MemoryStore } from '../../../src/reference-impl/store/memory-store.js';

/**
 * The two seams that several replicas share through (issue 17), with in-process stand-ins for
 * Redis: a clock offset that lives elsewhere, and SMS that reach the other replicas' listeners.
 */

/** One offset "in Redis" that several clocks share. */
function sharedOffset(): SharedOffset & { value: number } {
  const shared = {
    value: 0,
    read: async () => shared.value,
    add: async (ms: number) => {
      shared.value += ms;
      return shared.value;
    },
  };
  return shared;
}

describe('AdjustableClock with a shared offset', () => {
  const T0 = Date.parse('2026-03-01T10:00:00.000Z');

  it('a move on one clock holds on another after its refresh', async () => {
    const offset = sharedOffset();
    const [a, b] = [new AdjustableClock(() => T0, offset), new AdjustableClock(() => T0, offset)];
    expect(await a.move(60)).toBe(T0 + 60_000);
    expect(b.now()).toBe(T0); // not yet read
    await b.refresh?.();
    expect(b.now()).toBe(T0 + 60_000);
    expect(offset.value).toBe(60_000);
  });

  it('never goes backwards, even if the shared offset were lost', async () => {
    const offset = sharedOffset();
    const clock = new AdjustableClock(() => T0, offset);
    await clock.move(30);
    offset.value = 0; // a Redis restarted empty
    await clock.refresh?.();
    expect(clock.now()).toBe(T0 + 30_000);
  });

  it('without one, move is advance and there is nothing to refresh', async () => {
    const clock = new AdjustableClock(() => T0);
    expect(clock.refresh).toBeUndefined();
    expect(await clock.move(5)).toBe(T0 + 5_000);
  });
});

describe('SmsOutbox with a fan-out', () => {
  /** A pub/sub "channel" in memory: each outbox gets what the others publish. */
  function channel() {
    const subscribers: { from: number; deliver: (sms: Sms) => void }[] = [];
    return (id: number): SmsFanOut => ({
      publish: (sms) => {
        for (const s of subscribers) if (s.from !== id) s.deliver(sms);
      },
      subscribe: (deliver) => void subscribers.push({ from: id, deliver }),
    });
  }

  it("each replica's listeners see every SMS once: its own at once, the others' from the fan-out", async () => {
    const fanOut = channel();
    const store = new MemoryStore(10);
    const clock = new AdjustableClock();
    const [a, b] = [new SmsOutbox(store, clock, fanOut(1)), new SmsOutbox(store, clock, fanOut(2))];
    const seen = { a: [] as string[], b: [] as string[] };
    a.subscribe((sms) => seen.a.push(sms.code));
    b.subscribe((sms) => seen.b.push(sms.code));
    await a.send('+380501234567', 1111);
    await b.send('+380501234567', 2222);
    expect(seen).toEqual({ a: ['1111', '2222'], b: ['1111', '2222'] });
    expect((await a.list()).map((s) => s.code)).toEqual(['2222', '1111']);
  });
});
