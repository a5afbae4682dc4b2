import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Harness } from '../support/harness.js';

const PHONE = '+380501234567';

let h: Harness;
beforeAll(async () => {
  h = await Harness.start();
});
afterAll(() => h.close());
beforeEach(() => h.reset());

async function verify(phone: string): Promise<void> {
  await h.initialize(phone);
  expect((await h.complete(phone, await h.lastCode(phone))).status).toBe(200);
}

describe('GET /api/verifications/{phone_number}', () => {
  it('answers 200 with the phone number once the phone was verified', async () => {
    await verify(PHONE);
    const res = await h.verifiedPhone(PHONE);
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual({ phone_number: PHONE });
  });

  it('accepts the + percent-encoded', async () => {
    await verify(PHONE);
    const res = await h.verifiedPhone('%2B380501234567');
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual({ phone_number: PHONE });
  });

  it('answers 404 not_found without a message for a phone never seen', async () => {
    const res = await h.verifiedPhone(PHONE);
    expect(res.status).toBe(404);
    expect(res.body.error).toEqual({ type: 'not_found' });
  });

  it('answers 404 for a phone that got a code but never completed it', async () => {
    await h.initialize(PHONE);
    expect((await h.verifiedPhone(PHONE)).status).toBe(404);
  });

  it('answers 404 for input that is not a phone number at all', async () => {
    expect((await h.verifiedPhone('13123123')).status).toBe(404);
    expect((await h.verifiedPhone("'%20OR%201=1")).status).toBe(404);
  });

  it('keeps a phone verified after a new code, its expiry and hours of clock', async () => {
    await verify(PHONE);
    await h.initialize(PHONE);
    await h.advanceClock(6 * 3600);
    await h.initialize('+380509999999');
    expect((await h.verifiedPhone(PHONE)).status).toBe(200);
  });

  describe('answers 401 access_denied', () => {
    it.each([
      [
        'without an Authorization header',
        null,
        "Authorization header is not set or doesn't contain Bearer token",
      ],
      ['with a bare token', 'abc', "Authorization header is not set or doesn't contain Bearer token"],
      ['with an unknown token', 'Bearer nope', 'Invalid access token'],
    ])('%s', async (_, auth, message) => {
      const res = await h.verifiedPhone(PHONE, { auth });
      expect(res.status).toBe(401);
      expect(res.body.error).toEqual({ type: 'access_denied', message });
    });
  });

  it('answers 403 naming otp:read to a token without that scope', async () => {
    await verify(PHONE);
    const { token } = await h.token(['otp:write', 'person_request:write']);
    const res = await h.verifiedPhone(PHONE, { auth: `Bearer ${token}` });
    expect(res.status).toBe(403);
    expect(res.body.error).toEqual({
      type: 'forbidden',
      message: 'Your scope does not allow to access this resource. Missing allowances: otp:read',
    });
  });
});
