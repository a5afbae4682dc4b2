import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Harness, wrongCode } from '../support/harness.js';

const PHONE = '+380501234567';

describe('PATCH /api/verifications/{phone_number}/actions/complete', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await Harness.start();
  });
  afterAll(() => h.close());
  beforeEach(() => h.reset());

  it('verifies the phone with the code from the SMS: 200 VERIFIED, inactive, and the phone is verified', async () => {
    const issued = await h.initialize(PHONE);
    const res = await h.complete(PHONE, await h.lastCode(PHONE));
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual({
      id: issued.body.data?.id,
      status: 'VERIFIED',
      code_expired_at: issued.body.data?.code_expired_at,
      active: false,
    });
    const verified = await h.verifiedPhone(PHONE);
    expect(verified.status).toBe(200);
    expect(verified.body.data).toEqual({ phone_number: PHONE });
  });

  it('accepts the phone number percent-encoded as %2B380…', async () => {
    await h.initialize(PHONE);
    const res = await h.complete('%2B380501234567', await h.lastCode(PHONE));
    expect(res.status).toBe(200);
    expect((await h.verifiedPhone(PHONE)).status).toBe(200);
  });

  it('answers 403 Maximum attempts exceed when the code was already used', async () => {
    await h.initialize(PHONE);
    const code = await h.lastCode(PHONE);
    expect((await h.complete(PHONE, code)).status).toBe(200);
    const again = await h.complete(PHONE, code);
    expect(again.status).toBe(403);
    expect(again.body.error).toEqual({ type: 'forbidden', message: 'Maximum attempts exceed' });
  });

  it('answers 404 not_found without a message for a phone that never got a code', async () => {
    const res = await h.complete('+380500000000', 1232);
    expect(res.status).toBe(404);
    expect(res.body.error).toEqual({ type: 'not_found' });
  });

  describe('with a wrong code (seeds/002, the default resend policy)', () => {
    it('answers 403 Invalid verification code and sends exactly one new code', async () => {
      await h.initialize(PHONE);
      const old = await h.lastCode(PHONE);
      const res = await h.complete(PHONE, wrongCode(old));
      expect(res.status).toBe(403);
      expect(res.body.error).toEqual({ type: 'forbidden', message: 'Invalid verification code' });
      const sms = await h.sms(PHONE);
      expect(sms).toHaveLength(2);
      expect(Number(sms[0]?.code)).not.toBe(old);
    });

    it('deactivates the old code: it fails, and only the newly sent code verifies', async () => {
      await h.initialize(PHONE);
      const old = await h.lastCode(PHONE);
      await h.complete(PHONE, wrongCode(old));
      const fresh = await h.lastCode(PHONE);
      expect((await h.complete(PHONE, old)).body.error?.message).toBe('Invalid verification code');
      const newest = await h.lastCode(PHONE);
      expect(newest).not.toBe(fresh);
      expect((await h.complete(PHONE, newest)).status).toBe(200);
    });
  });

  describe('expiry, measured on the control clock', () => {
    it('accepts the code just before its 15 minutes are over', async () => {
      await h.initialize(PHONE);
      await h.advanceClock(899);
      expect((await h.complete(PHONE, await h.lastCode(PHONE))).status).toBe(200);
    });

    it('answers 403 Verification code expired afterwards, even with the right code, and sends nothing', async () => {
      await h.initialize(PHONE);
      const code = await h.lastCode(PHONE);
      await h.advanceClock(900);
      const res = await h.complete(PHONE, code);
      expect(res.status).toBe(403);
      expect(res.body.error).toEqual({ type: 'forbidden', message: 'Verification code expired' });
      expect((await h.complete(PHONE, wrongCode(code))).body.error?.message).toBe(
        'Verification code expired',
      );
      expect(await h.sms(PHONE)).toHaveLength(1);
      expect((await h.verifiedPhone(PHONE)).status).toBe(404);
    });

    it('lets a fresh initialize replace an expired code', async () => {
      await h.initialize(PHONE);
      await h.advanceClock(3600);
      await h.initialize(PHONE);
      expect((await h.complete(PHONE, await h.lastCode(PHONE))).status).toBe(200);
    });
  });

  describe('answers 401 access_denied', () => {
    it.each([
      [
        'without an Authorization header',
        null,
        "Authorization header is not set or doesn't contain Bearer token",
      ],
      ['with a Token scheme', 'Token abc', "Authorization header is not set or doesn't contain Bearer token"],
      ['with an unknown token', 'Bearer unknown', 'Invalid access token'],
    ])('%s', async (_, auth, message) => {
      await h.initialize(PHONE);
      const res = await h.complete(PHONE, await h.lastCode(PHONE), { auth });
      expect(res.status).toBe(401);
      expect(res.body.error).toEqual({ type: 'access_denied', message });
      expect((await h.verifiedPhone(PHONE)).status).toBe(404);
    });
  });

  it('answers 403 naming otp:write to a token without that scope, and the code stays usable', async () => {
    await h.initialize(PHONE);
    const code = await h.lastCode(PHONE);
    const { token } = await h.token(['otp:read']);
    const res = await h.complete(PHONE, code, { auth: `Bearer ${token}` });
    expect(res.status).toBe(403);
    expect(res.body.error?.message).toBe(
      'Your scope does not allow to access this resource. Missing allowances: otp:write',
    );
    expect((await h.complete(PHONE, code)).status).toBe(200);
  });

  describe('answers 422 validation_failed', () => {
    it('with a required rule on $.code', async () => {
      await h.initialize(PHONE);
      const res = await h.call('completeVerification', { params: { phone_number: PHONE }, json: {} });
      expect(res.status).toBe(422);
      expect(res.body.error?.invalid).toEqual([
        {
          entry: '$.code',
          entry_type: 'json_data_property',
          rules: [{ rule: 'required', description: 'required property code was not present', params: [] }],
        },
      ]);
    });

    it('with a cast rule when the code is a string', async () => {
      await h.initialize(PHONE);
      const code = await h.lastCode(PHONE);
      const res = await h.complete(PHONE, String(code));
      expect(res.status).toBe(422);
      expect(res.body.error?.invalid).toEqual([
        {
          entry: '$.code',
          entry_type: 'json_data_property',
          rules: [
            {
              rule: 'cast',
              description: 'type mismatch. Expected Number but got String',
              params: ['number'],
            },
          ],
        },
      ]);
      // A rejected body is not a guess: the code still verifies.
      expect((await h.complete(PHONE, code)).status).toBe(200);
    });

    it('with a schema rule naming an extra property and its value', async () => {
      const res = await h.call('completeVerification', {
        params: { phone_number: PHONE },
        json: { codse: 1234 },
      });
      expect(res.status).toBe(422);
      expect(res.body.error?.invalid).toContainEqual({
        entry: '$.codse',
        entry_type: 'json_data_property',
        rules: [
          {
            rule: 'schema',
            description: 'schema does not allow additional properties',
            params: { codse: 1234 },
          },
        ],
      });
      expect(res.body.error?.invalid).toContainEqual(expect.objectContaining({ entry: '$.code' }));
    });
  });
});

describe('the attempts policy (DIV-WRONG-CODE-ATTEMPTS, setting wrongCodePolicy: "attempts")', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await Harness.start({ settings: { wrongCodePolicy: 'attempts', maxAttempts: 3 } });
  });
  afterAll(() => h.close());
  beforeEach(() => h.reset());

  it('keeps the code through two wrong tries and sends no new SMS', async () => {
    await h.initialize(PHONE);
    const code = await h.lastCode(PHONE);
    for (let i = 0; i < 2; i++) {
      expect((await h.complete(PHONE, wrongCode(code))).body.error?.message).toBe(
        'Invalid verification code',
      );
    }
    expect(await h.sms(PHONE)).toHaveLength(1);
    expect((await h.complete(PHONE, code)).status).toBe(200);
  });

  it('locks after the third wrong try: even the right code then gets 403 Maximum attempts exceed', async () => {
    await h.initialize(PHONE);
    const code = await h.lastCode(PHONE);
    for (let i = 0; i < 3; i++) {
      const res = await h.complete(PHONE, wrongCode(code));
      expect(res.status).toBe(403);
      expect(res.body.error?.message).toBe('Invalid verification code');
    }
    const locked = await h.complete(PHONE, code);
    expect(locked.status).toBe(403);
    expect(locked.body.error).toEqual({ type: 'forbidden', message: 'Maximum attempts exceed' });
    expect(await h.sms(PHONE)).toHaveLength(1);
    expect((await h.verifiedPhone(PHONE)).status).toBe(404);
  });
});

describe('the SMS cap on the new code sent after a wrong one', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await Harness.start({ settings: { smsCapLimit: 2, smsCapWindowSeconds: 3600 } });
  });
  afterAll(() => h.close());
  beforeEach(() => h.reset());

  it('answers 429 with Retry-After and sends nothing, so codes cannot be guessed by brute force', async () => {
    await h.initialize(PHONE);
    await h.complete(PHONE, wrongCode(await h.lastCode(PHONE)));
    const code = await h.lastCode(PHONE);
    await h.advanceClock(600);
    const res = await h.complete(PHONE, wrongCode(code));
    expect(res.status).toBe(429);
    expect(res.body.error?.type).toBe('too_many_requests');
    expect(res.headers['retry-after']).toBe('3000');
    expect(await h.sms(PHONE)).toHaveLength(2);
    // The guessed-at code was deactivated all the same.
    expect((await h.complete(PHONE, code)).body.error?.message).toBe('Maximum attempts exceed');
  });
});

describe('Location on a successful complete (the service controller, VCTRL:38)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await Harness.start();
  });
  afterAll(() => h.close());

  it('names /verifications/<id> of the completed verification; an error carries none', async () => {
    const init = await h.initialize(PHONE);
    const wrong = await h.complete(PHONE, wrongCode(await h.lastCode(PHONE)));
    expect(wrong.status).toBe(403);
    expect(wrong.headers.location).toBeUndefined();
    const done = await h.complete(PHONE, await h.lastCode(PHONE));
    expect(done.status).toBe(200);
    expect(done.headers.location).toBe(`/verifications/${String(done.body.data?.id)}`);
    expect(done.body.data?.id).not.toBe(init.body.data?.id);
  });
});
