import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createEhealthOtpClient } from '../../src/client/index.js';
import { createHandlers } from '../../src/msw/index.js';

const API = 'https://ehealth.test';
const { handlers, state } = createHandlers({ controlToken: 'control-secret' });
const prefixed = createHandlers({ baseUrl: 'https://gateway.test/ehealth' });
// The handlers without a baseUrl match any origin, so the more specific set goes first (msw tries
// handlers in order).
const server = setupServer(...prefixed.handlers, ...handlers);

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(async () => {
  await state.reset();
  await prefixed.state.reset();
});
afterAll(() => server.close());

const json = { 'content-type': 'application/json' };

describe('the msw handlers', () => {
  it('run a whole flow in-process: initialize, read the code, complete, look the phone up', async () => {
    const { token } = await state.createToken(['otp:write', 'otp:read']);
    const client = createEhealthOtpClient({ baseUrl: API, token });
    const phone = '+380501234567';

    const init = await client.initializeVerification(phone);
    expect(init.response.status).toBe(200);
    expect(init.data?.data).toMatchObject({ status: 'NEW', active: true });

    const done = await client.completeVerification(phone, await state.lastCode(phone));
    expect(done.response.status).toBe(200);
    expect(done.data?.data).toMatchObject({ status: 'VERIFIED', active: false });
    expect(done.data?.meta.url).toBe(`${API}/api/verifications/%2B380501234567/actions/complete`);

    const verified = await client.getVerifiedPhone(phone);
    expect(verified.data?.data).toEqual({ phone_number: phone });
  });

  it('answer the eHealth error envelope, e.g. 401 without a token', async () => {
    const response = await fetch(`${API}/api/verifications`, { method: 'POST', headers: json, body: '{}' });
    expect(response.status).toBe(401);
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(await response.json()).toMatchObject({ error: { type: 'access_denied' } });
  });

  it('answer 404 in the envelope for an unknown path under /api', async () => {
    const response = await fetch(`${API}/api/nothing-here`);
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: { type: 'not_found' } });
  });

  it('answer 413 for a body over the limit, after routing and authentication as serve does', async () => {
    const small = createHandlers({ baseUrl: 'https://small.test', settings: { maxBodyBytes: 1024 } });
    server.use(...small.handlers);
    const { token } = await small.state.createToken(['otp:write']);
    const oversized = JSON.stringify({ phone_number: '+380501234567', pad: 'x'.repeat(2048) });
    const response = await fetch('https://small.test/api/verifications', {
      method: 'POST',
      headers: { ...json, authorization: `Bearer ${token}` },
      body: oversized,
    });
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ error: { type: 'request_too_large' } });
    // An unknown route stays 404 whatever the body's size, as behind the node adapter.
    const unknown = await fetch('https://small.test/api/nothing', {
      method: 'POST',
      headers: json,
      body: oversized,
    });
    expect(unknown.status).toBe(404);
  });

  it('offer the HTTP control API behind the control token, with the same state', async () => {
    const unauthorized = await fetch(`${API}/__control/tokens`, {
      method: 'POST',
      headers: json,
      body: '{"scopes":[]}',
    });
    expect(unauthorized.status).toBe(401);

    const created = await fetch(`${API}/__control/tokens`, {
      method: 'POST',
      headers: { ...json, authorization: 'Bearer control-secret' },
      body: JSON.stringify({ scopes: ['otp:write'] }),
    });
    expect(created.status).toBe(201);
    const { token } = (await created.json()) as { token: string };
    await createEhealthOtpClient({ baseUrl: API, token }).initializeVerification('+380671112233');
    expect(await state.listSms('+380671112233')).toHaveLength(1);

    const sms = await fetch(`${API}/__control/sms?phone_number=%2B380671112233`, {
      headers: { authorization: 'Bearer control-secret' },
    });
    expect(((await sms.json()) as { data: unknown[] }).data).toHaveLength(1);
  });

  it('answer 404 on the control API when started without a control token', async () => {
    const response = await fetch('https://gateway.test/ehealth/__control/sms', {
      headers: { authorization: 'Bearer anything' },
    });
    expect(response.status).toBe(404);
  });

  it('keep a base URL path prefix in meta.url and route below it', async () => {
    const { token } = await prefixed.state.createToken(['otp:write']);
    const client = createEhealthOtpClient({ baseUrl: 'https://gateway.test/ehealth', token });
    const init = await client.initializeVerification('+380931234567');
    expect(init.response.status).toBe(200);
    expect(init.data?.meta.url).toBe('https://gateway.test/ehealth/api/verifications');
    // The other handler set has its own engine: nothing was sent there.
    expect(await state.listSms()).toEqual([]);
  });

  it('expire codes on the state clock', async () => {
    const { token } = await state.createToken(['otp:write']);
    const client = createEhealthOtpClient({ baseUrl: API, token });
    await client.initializeVerification('+380501110000');
    const code = await state.lastCode('+380501110000');
    await state.advanceClock(901);
    const late = await client.completeVerification('+380501110000', code);
    expect(late.response.status).toBe(403);
    expect(late.error?.error).toMatchObject({ message: 'Verification code expired' });
  });

  it('resend a person request code to the seeded phone, with the api-key', async () => {
    const { token, api_key: apiKey } = await state.createToken(['person_request:write']);
    const { id } = await state.createPersonRequest({
      authentication_methods: [{ type: 'OTP', phone_number: '+380507654321' }],
    });
    const client = createEhealthOtpClient({ baseUrl: API, token, apiKey });
    const resent = await client.resendPersonRequestOtp(id);
    expect(resent.response.status).toBe(200);
    expect(await state.listSms('+380507654321')).toHaveLength(1);

    const withoutKey = await createEhealthOtpClient({ baseUrl: API, token }).resendPersonRequestOtp(id);
    expect(withoutKey.response.status).toBe(401);
  });

  it('say clearly when a test asks for a code that was never sent', async () => {
    await expect(state.lastCode('+380000000001')).rejects.toThrow('no SMS was sent to +380000000001');
  });
});
