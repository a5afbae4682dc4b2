import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { components } from '../../../src/generated/control.js';
import { Harness, wrongCode } from '../support/harness.js';

type PhoneList = components['schemas']['PhoneList'];
const PHONE = '+380501234567';
const OTHER = '+380671112233';

/** GET /__control/phones: what became of each code, as the inbox console shows it. */
describe('GET /__control/phones', () => {
  let h: Harness;
  const phones = async (query?: string): Promise<PhoneList> => {
    const res = await h.control('listPhones', query === undefined ? {} : { query });
    expect(res.status, res.text).toBe(200);
    return res.body as PhoneList;
  };
  const one = async (phone: string) => {
    const list = await phones(`phone_number=${encodeURIComponent(phone)}`);
    expect(list.data.map((p) => p.phone_number)).toEqual([phone]);
    return list.data[0] as components['schemas']['PhoneState'];
  };

  beforeAll(async () => {
    h = await Harness.start({ settings: { smsCapLimit: 3 } });
  });
  afterAll(() => h.close());
  beforeEach(() => h.reset());

  it('lists nothing before any SMS, and refuses a call without the control token', async () => {
    expect((await phones()).data).toEqual([]);
    expect((await h.control('listPhones', { auth: null })).status).toBe(401);
  });

  it('marks the newest code active and older ones replaced, and counts the SMS cap', async () => {
    await h.initialize(PHONE);
    await h.initialize(PHONE);
    const state = await one(PHONE);
    expect(state.codes.map((c) => c.state)).toEqual(['active', 'replaced']);
    expect(state.codes[0]?.code).toBe(String(await h.lastCode(PHONE)));
    expect(state.verification).toMatchObject({ status: 'NEW', active: true, attempts: 0 });
    expect(state.sms_cap).toEqual({
      limit: 3,
      window_seconds: 3600,
      sent_in_window: 2,
      left: 1,
      next_free_at: null,
    });
    expect(state.verified).toBe(false);
  });

  it('marks a code used once it verified the phone', async () => {
    await h.initialize(PHONE);
    await h.complete(PHONE, await h.lastCode(PHONE));
    const state = await one(PHONE);
    expect(state.codes.map((c) => c.state)).toEqual(['used']);
    expect(state.verified).toBe(true);
    expect(state.verification?.status).toBe('VERIFIED');
  });

  it('marks a code expired after the clock passes its lifetime', async () => {
    await h.initialize(PHONE);
    await h.advanceClock(901);
    expect((await one(PHONE)).codes.map((c) => c.state)).toEqual(['expired']);
  });

  it('after a wrong code (resend policy): the old code is replaced by the new one sent', async () => {
    await h.initialize(PHONE);
    await h.complete(PHONE, wrongCode(await h.lastCode(PHONE)));
    expect((await one(PHONE)).codes.map((c) => c.state)).toEqual(['active', 'replaced']);
  });

  it('a full cap: no SMS left, and when the next one may be sent', async () => {
    for (let i = 0; i < 3; i++) await h.initialize(PHONE);
    const cap = (await one(PHONE)).sms_cap;
    expect(cap.left).toBe(0);
    expect(cap.next_free_at).not.toBeNull();
  });

  it('lists every phone, the one with the newest SMS first, with the target clock', async () => {
    await h.initialize(PHONE);
    await h.initialize(OTHER);
    const list = await phones();
    expect(list.data.map((p) => p.phone_number)).toEqual([OTHER, PHONE]);
    expect(Number.isNaN(Date.parse(list.now))).toBe(false);
  });
});

describe('GET /__control/phones under the attempts policy', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await Harness.start({ settings: { wrongCodePolicy: 'attempts', maxAttempts: 2 } });
  });
  afterAll(() => h.close());

  it('marks the code locked after too many wrong tries', async () => {
    await h.initialize(PHONE);
    const code = await h.lastCode(PHONE);
    await h.complete(PHONE, wrongCode(code));
    await h.complete(PHONE, wrongCode(code));
    const res = await h.control('listPhones', { query: `phone_number=${encodeURIComponent(PHONE)}` });
    const state = (res.body as PhoneList).data[0];
    expect(state?.codes.map((c) => c.state)).toEqual(['locked']);
    expect(state?.verification).toMatchObject({ active: false, attempts: 2, status: 'UNVERIFIED' });
  });
});
