import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Harness } from '../support/harness.js';

const PHONE = '+380501234567';
const PATTERN = '^\\+380[0-9]{9}$';
const VALIDATION_MESSAGE =
  'Validation failed. You can find validators description at our API Manifest: http://docs.apimanifest.apiary.io/#introduction/interacting-with-api/errors.';

let h: Harness;
beforeAll(async () => {
  h = await Harness.start();
});
afterAll(() => h.close());
beforeEach(() => h.reset());

describe('POST /api/verifications', () => {
  it('answers 200 with an active NEW verification that expires in 15 minutes and sends one SMS', async () => {
    const before = h.engine.clock.now();
    const res = await h.initialize(PHONE);
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ status: 'NEW', active: true });
    expect(res.body.data?.id).toMatch(/^[0-9a-f-]{36}$/);
    const expiresAt = Date.parse(String(res.body.data?.code_expired_at));
    expect(expiresAt - before).toBeGreaterThanOrEqual(900_000);
    expect(expiresAt - h.engine.clock.now()).toBeLessThanOrEqual(900_000);
    expect(String(res.body.data?.code_expired_at)).toMatch(/Z$/);
    const sms = await h.sms();
    expect(sms).toHaveLength(1);
    expect(sms[0]).toMatchObject({ phone_number: PHONE });
    expect(sms[0]?.code).toMatch(/^[1-9]{3}[0-9]$/);
    expect(sms[0]?.text).toContain(sms[0]?.code);
  });

  it('cancels the phone’s earlier code: it no longer verifies', async () => {
    await h.initialize(PHONE);
    const earlier = await h.lastCode(PHONE);
    const second = await h.initialize(PHONE);
    expect(second.status).toBe(200);
    const latest = await h.lastCode(PHONE);
    expect(latest).not.toBe(earlier);
    const res = await h.complete(PHONE, earlier);
    expect(res.status).toBe(403);
    expect(res.body.error).toEqual({ type: 'forbidden', message: 'Invalid verification code' });
  });

  describe('answers 401 access_denied', () => {
    it('without an Authorization header', async () => {
      const res = await h.initialize(PHONE, { auth: null });
      expect(res.status).toBe(401);
      expect(res.body.error).toEqual({
        type: 'access_denied',
        message: "Authorization header is not set or doesn't contain Bearer token",
      });
    });

    it('with an Authorization header that is not Bearer', async () => {
      const res = await h.initialize(PHONE, { auth: `Basic ${h.credentials.token}` });
      expect(res.status).toBe(401);
      expect(res.body.error?.message).toBe("Authorization header is not set or doesn't contain Bearer token");
    });

    it('with an unknown token', async () => {
      const res = await h.initialize(PHONE, { auth: 'Bearer not-a-token' });
      expect(res.status).toBe(401);
      expect(res.body.error).toEqual({ type: 'access_denied', message: 'Invalid access token' });
      expect(await h.sms()).toEqual([]);
    });
  });

  it('answers 403 naming otp:write to a token without that scope and sends nothing', async () => {
    const { token } = await h.token(['otp:read', 'person_request:write']);
    const res = await h.initialize(PHONE, { auth: `Bearer ${token}` });
    expect(res.status).toBe(403);
    expect(res.body.error).toEqual({
      type: 'forbidden',
      message: 'Your scope does not allow to access this resource. Missing allowances: otp:write',
    });
    expect(await h.sms()).toEqual([]);
  });

  describe('answers 422 validation_failed', () => {
    it('with a required rule on $.phone_number when the body is empty or absent', async () => {
      for (const res of [
        await h.call('initializeVerification', { json: {} }),
        await h.call('initializeVerification', {}),
      ]) {
        expect(res.status).toBe(422);
        expect(res.body.error).toEqual({
          type: 'validation_failed',
          message: VALIDATION_MESSAGE,
          invalid: [
            {
              entry: '$.phone_number',
              entry_type: 'json_data_property',
              rules: [
                {
                  rule: 'required',
                  description: 'required property phone_number was not present',
                  params: [],
                },
              ],
            },
          ],
        });
      }
    });

    it.each(['+38063111', '380631112233', '+3806311122334', '+380 63 111 22 33'])(
      'with a format rule quoting the pattern for %s',
      async (phone) => {
        const res = await h.initialize(phone);
        expect(res.status).toBe(422);
        expect(res.body.error?.invalid).toEqual([
          {
            entry: '$.phone_number',
            entry_type: 'json_data_property',
            rules: [
              {
                rule: 'format',
                description: 'string does not match pattern "^\\\\+380[0-9]{9}$"',
                params: [PATTERN],
              },
            ],
          },
        ]);
      },
    );

    it('with a cast rule when the phone number is a number', async () => {
      const res = await h.call('initializeVerification', { json: { phone_number: 12312312312 } });
      expect(res.status).toBe(422);
      expect(res.body.error?.invalid).toEqual([
        {
          entry: '$.phone_number',
          entry_type: 'json_data_property',
          rules: [
            {
              rule: 'cast',
              description: 'type mismatch. Expected String but got Integer',
              params: ['string'],
            },
          ],
        },
      ]);
    });

    it('with a schema rule naming an extra property and its value', async () => {
      const res = await h.call('initializeVerification', {
        json: { phone_number: PHONE, sender: 'twilio' },
      });
      expect(res.status).toBe(422);
      expect(res.body.error?.invalid).toEqual([
        {
          entry: '$.sender',
          entry_type: 'json_data_property',
          rules: [
            {
              rule: 'schema',
              description: 'schema does not allow additional properties',
              params: { sender: 'twilio' },
            },
          ],
        },
      ]);
    });

    it('with one item per failing field and rule', async () => {
      const res = await h.call('initializeVerification', { json: { phone: PHONE } });
      expect(res.status).toBe(422);
      const items = (res.body.error?.invalid ?? []).map((i) => `${i.entry} ${i.rules?.[0]?.rule}`);
      expect(items.sort()).toEqual(['$.phone schema', '$.phone_number required']);
    });

    it('and sends no SMS', async () => {
      await h.initialize('12345');
      expect(await h.sms()).toEqual([]);
    });
  });

  it('answers 429 with Retry-After past the per-phone SMS cap and sends nothing', async () => {
    for (let i = 0; i < 10; i++) expect((await h.initialize(PHONE)).status).toBe(200);
    const res = await h.initialize(PHONE);
    expect(res.status).toBe(429);
    expect(res.body.error?.type).toBe('too_many_requests');
    expect(res.body.error?.message).toMatch(/\S+ \S+/);
    expect(res.headers['retry-after']).toBe('3600');
    expect(await h.sms(PHONE)).toHaveLength(10);
    // Another phone has its own cap.
    expect((await h.initialize('+380509999999')).status).toBe(200);
  });

  it('lets the phone receive a code again once the cap window has slid past', async () => {
    for (let i = 0; i < 10; i++) await h.initialize(PHONE);
    await h.advanceClock(1800);
    const capped = await h.initialize(PHONE);
    expect(capped.status).toBe(429);
    expect(capped.headers['retry-after']).toBe('1800');
    await h.advanceClock(1800);
    expect((await h.initialize(PHONE)).status).toBe(200);
    expect(await h.sms(PHONE)).toHaveLength(11);
  });
});

describe('X-Idempotency-Key (findings V2: EView echoes it)', () => {
  it('is echoed as meta.idempotency_key and as a response header, on success and on error', async () => {
    const ok = await h.initialize(PHONE, { headers: { 'X-Idempotency-Key': 'key-1' } });
    expect(ok.status).toBe(200);
    expect(ok.body.meta).toMatchObject({ idempotency_key: 'key-1' });
    expect(ok.headers['x-idempotency-key']).toBe('key-1');
    const bad = await h.initialize('0501234567', { headers: { 'X-Idempotency-Key': 'key-2' } });
    expect(bad.status).toBe(422);
    expect(bad.body.meta).toMatchObject({ idempotency_key: 'key-2' });
    expect(bad.headers['x-idempotency-key']).toBe('key-2');
  });

  it('is absent from meta and headers when the request had none', async () => {
    const res = await h.initialize(PHONE);
    expect(res.body.meta).not.toHaveProperty('idempotency_key');
    expect(res.headers['x-idempotency-key']).toBeUndefined();
  });
});

describe('the optional provider of the running service (findings O17, DIV-INIT-PROVIDER)', () => {
  it('is accepted and ignored: one SMS to the phone', async () => {
    const res = await h.initialize(PHONE, { json: { phone_number: PHONE, provider: 'mouth_sms2ip' } });
    expect(res.status).toBe(200);
    expect(await h.sms()).toHaveLength(1);
  });

  it('must be a non-empty string', async () => {
    const res = await h.initialize(PHONE, { json: { phone_number: PHONE, provider: 7 } });
    expect(res.status).toBe(422);
    expect(res.body.error?.invalid?.map((i) => i.entry)).toEqual(['$.provider']);
  });
});
