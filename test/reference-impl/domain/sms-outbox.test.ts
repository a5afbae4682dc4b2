import { describe, expect, it } from 'vitest';
import { AdjustableClock } from '../../../src/reference-impl/clock.js';
import type { Sms } from '../../../src/reference-impl/domain/models.js';
import { SMS_TEXT_PREFIX, SmsOutbox } from '../../../src/reference-impl/domain/sms-outbox.js';
import { MemoryStore } from '../../../src/reference-impl/store/memory-store.js';
import { T0 } from '../support/domain.js';

/* The outbox's listeners (the demo log line, the inbox page's live stream): added, and removed again. */

const PHONE = '+380501234567';

describe('SmsOutbox.subscribe', () => {
  it('hands each SMS to a listener until the function it returned removes it', async () => {
    const outbox = new SmsOutbox(new MemoryStore(10), new AdjustableClock(() => T0));
    const heard: Sms[] = [];
    const stop = outbox.subscribe((sms) => heard.push(sms));
    await outbox.send(PHONE, 1232);
    expect(heard).toEqual([{ phoneNumber: PHONE, code: '1232', text: `${SMS_TEXT_PREFIX}1232`, sentAt: T0 }]);
    stop();
    await outbox.send(PHONE, 4569);
    expect(heard).toHaveLength(1);
    // The outbox still keeps it: only the listener is gone.
    expect((await outbox.list(PHONE)).map((s) => s.code)).toEqual(['4569', '1232']);
  });
});
