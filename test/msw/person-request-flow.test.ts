import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { createEhealthOtpClient } from '../../src/client/index.js';
import { createHandlers } from '../../src/msw/index.js';
import { badPersonBody, registrationFlow } from '../support/person-request-flow.js';

/*
 * The same integrator flow as against `serve` (test/reference-impl/http/
 * person-request-integrator-flow.test.ts), under the msw handlers: the documented API through the
 * typed client, with a token made the way the README's msw snippet makes one, and the SMS read
 * from the handlers' state (what the phone received), never from /__control.
 */

const API = 'https://ehealth.test';
const PHONE = '+380507770002';
const { handlers, state } = createHandlers();
const server = setupServer(...handlers);
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());

/** The code of the n-th SMS to the phone (1-based); the state lists the newest first. */
async function smsCode(n: number): Promise<number> {
  const sms = (await state.listSms(PHONE)).reverse();
  return Number(sms[n - 1]?.code);
}

async function client() {
  const { token, api_key } = await state.createToken([
    'otp:write',
    'otp:read',
    'person_request:write',
    'person_request:read',
  ]);
  return createEhealthOtpClient({ baseUrl: API, token, apiKey: api_key });
}

describe('an integrator’s person-request flow under the msw handlers (documented API only)', () => {
  it('verify the phone → create → approve with the SMS code → sign → SIGNED', async () => {
    await registrationFlow(await client(), PHONE, smsCode);
  });

  it('bad person bodies get the eHealth 422 per field', async () => {
    await badPersonBody(await client(), PHONE);
  });
});
