import { describe, expect, it } from 'vitest';
import { AdjustableClock } from '../../../src/reference-impl/clock.js';
import { SmsOutbox } from '../../../src/reference-impl/domain/sms-outbox.js';
import { Verifications } from '../../../src/reference-impl/domain/verifications.js';
import { resolveSettings } from '../../../src/reference-impl/settings.js';
import { MemoryStore } from '../../../src/reference-impl/store/memory-store.js';
import { sequenceRandom } from '../support/random.js';
import { optimisticStore } from './wrapped-stores.js';

// The port lets a store run `decide` more than once (src/reference-impl/domain/store.ts). The
// domain's decides draw random codes; this shows that a retried draw never reaches an SMS or a
// result: only the committed run's code is sent and checked (issue 17's WATCH/MULTI store).

const PHONE = '+380501234567';

function retryingDomain() {
  const settings = resolveSettings({ smsCapLimit: 5 });
  const clock = new AdjustableClock(() => Date.parse('2025-03-01T10:00:00.000Z'));
  const store = optimisticStore(new MemoryStore(settings.outboxLimit));
  const outbox = new SmsOutbox(store, clock);
  const verifications = new Verifications({ store, clock, random: sequenceRandom(), settings, outbox });
  return { store, outbox, verifications };
}

describe('the domain on a store that retries decide', () => {
  it('sends one SMS per committed initialize, within the cap, and the stored code is one that was sent', async () => {
    const d = retryingDomain();
    const results = await Promise.all(Array.from({ length: 20 }, () => d.verifications.initialize(PHONE)));
    expect(d.store.conflicts).toBeGreaterThan(0);
    const sent = await d.outbox.list(PHONE);
    expect(results.filter((r) => r.ok)).toHaveLength(5);
    expect(sent).toHaveLength(5);
    const stored = await d.store.getPhone(PHONE);
    expect(sent.map((sms) => Number(sms.code))).toContain(stored?.code);
    // The committed results name distinct verifications, and the stored one is among them.
    const ids = results.flatMap((r) => (r.ok ? [r.value.id] : []));
    expect(new Set(ids).size).toBe(5);
    expect(ids).toContain(stored?.verificationId);
  });

  it('lets exactly one of many simultaneous right answers verify', async () => {
    const d = retryingDomain();
    const issued = await d.verifications.initialize(PHONE);
    expect(issued.ok).toBe(true);
    const code = Number((await d.outbox.list(PHONE))[0]?.code);
    const results = await Promise.all(
      Array.from({ length: 50 }, () => d.verifications.complete(PHONE, code)),
    );
    expect(d.store.conflicts).toBeGreaterThan(0);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(await d.store.isVerifiedPhone(PHONE)).toBe(true);
  });
});
