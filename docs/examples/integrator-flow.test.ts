/**
 * An integrator's test of their own code against the eHealth OTP flow, with no network and no
 * server: msw answers in-process with the kit's reference implementation.
 *
 * In your project, import from the package instead:
 *   import { createEhealthOtpClient } from 'ehealth-otp-kit/client';
 *   import { createHandlers } from 'ehealth-otp-kit/msw';
 */
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createEhealthOtpClient } from '../../src/client/index.js';
import { createHandlers } from '../../src/msw/index.js';

const baseUrl = 'https://api.ehealth.example';
const { handlers, state } = createHandlers({ baseUrl });
const server = setupServer(...handlers);

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => state.reset());
afterAll(() => server.close());

/** The code under test: what an integrator's app would do once the user typed the SMS code. */
async function confirmPhone(
  token: string,
  phone: string,
  typedCode: number,
): Promise<'confirmed' | 'wrong code'> {
  const client = createEhealthOtpClient({ baseUrl, token });
  const { response, error } = await client.completeVerification(phone, typedCode);
  if (response.ok) return 'confirmed';
  if (error?.error.message === 'Invalid verification code') return 'wrong code';
  throw new Error(`unexpected ${response.status} ${error?.error.type ?? ''}`);
}

describe('confirming a phone by SMS code', () => {
  const phone = '+380501234567';

  it('confirms the phone with the code from the SMS', async () => {
    const { token } = await state.createToken(['otp:write', 'otp:read']);
    const client = createEhealthOtpClient({ baseUrl, token });

    const { data } = await client.initializeVerification(phone);
    expect(data?.data.status).toBe('NEW');

    // What the user's phone received: the kit's SMS outbox.
    const [sms] = await state.listSms(phone);
    expect(sms?.text).toContain(sms?.code);

    expect(await confirmPhone(token, phone, await state.lastCode(phone))).toBe('confirmed');
    const verified = await client.getVerifiedPhone(phone);
    expect(verified.data?.data.phone_number).toBe(phone);
  });

  it('reports a wrong code, after which a new code is sent (seeds/002)', async () => {
    const { token } = await state.createToken(['otp:write', 'otp:read']);
    const client = createEhealthOtpClient({ baseUrl, token });
    await client.initializeVerification(phone);
    const sent = await state.lastCode(phone);

    expect(await confirmPhone(token, phone, sent === 1116 ? 1232 : 1116)).toBe('wrong code');
    expect(await state.listSms(phone)).toHaveLength(2);
    // The first code was deactivated; the user types the one from the newest SMS.
    expect(await confirmPhone(token, phone, await state.lastCode(phone))).toBe('confirmed');
    expect((await client.getVerifiedPhone(phone)).response.status).toBe(200);
  });

  it('is not confirmed before the code is entered', async () => {
    const { token } = await state.createToken(['otp:read']);
    const { response, error } = await createEhealthOtpClient({ baseUrl, token }).getVerifiedPhone(phone);
    expect(response.status).toBe(404);
    expect(error?.error.type).toBe('not_found');
  });
});
