import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { createEhealthOtpClient } from '../../src/client/index.js';
import { createHandlers } from '../../src/msw/index.js';
import { phoneChangeFlow } from '../support/authentication-method-request-flow.js';

/*
 * The same phone change as against `serve` (test/reference-impl/http/
 * authentication-method-request-flow.test.ts), under the msw handlers: the documented API through
 * the typed client, the SMS read from the handlers' state (what each phone received).
 */

const API = 'https://ehealth.test';
const { handlers, state } = createHandlers();
const server = setupServer(...handlers);
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());

/** Oldest first: the state lists the newest first. */
const received = async (phone: string) => (await state.listSms(phone)).reverse();

describe('an integrator changes a person’s OTP phone under the msw handlers (documented API only)', () => {
  it('verify the new phone → create (the old phone confirms) → resend → approve → the next person request goes to the new phone', async () => {
    const { token, api_key } = await state.createToken([
      'otp:write',
      'person_request:write',
      'person_request:read',
      'authentication_method_request:write',
    ]);
    const api = createEhealthOtpClient({ baseUrl: API, token, apiKey: api_key });
    await phoneChangeFlow(
      api,
      { old: '+380507780003', new: '+380507780004' },
      async (phone, n) => Number((await received(phone))[n - 1]?.code),
      async (phone) => (await received(phone)).length,
    );
  });
});
