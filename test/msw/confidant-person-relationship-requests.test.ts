import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { createEhealthOtpClient } from '../../src/client/index.js';
import { createHandlers } from '../../src/msw/index.js';
import { confidantFlow } from '../support/confidant-person-relationship-request-flow.js';

/*
 * The same confidant-person-relationship-request flow as against `serve`
 * (test/reference-impl/http/confidant-person-relationship-requests.test.ts), under the msw
 * handlers: the requests seeded through the handlers' state (the generic seedRequest), the SMS
 * read from it.
 */

const API = 'https://ehealth.test';
const FAMILY = 'confidant_person_relationship_request';
const { handlers, state } = createHandlers();
const server = setupServer(...handlers);
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());

describe('an integrator’s confidant-person-relationship-request flow under the msw handlers (documented API only)', () => {
  it('resend → the newest code approves, not the old one, not under another person, not twice; OFFLINE approves without a code', async () => {
    const phone = '+380507770111';
    const person = '6f0c3c1e-4b1a-4f57-9d43-1b8f0a3c2d11';
    const otp = await state.seedRequest(FAMILY, {
      status: 'NEW',
      authentication_method_current: { type: 'OTP', phone_number: phone },
      data: { person_id: person },
    });
    const offline = await state.seedRequest(FAMILY, {
      status: 'NEW',
      authentication_method_current: { type: 'OFFLINE' },
      data: { person_id: person, action: 'DEACTIVATE' },
    });
    const approved = await state.seedRequest(FAMILY, {
      status: 'APPROVED',
      authentication_method_current: { type: 'OTP', phone_number: '+380507770112' },
      data: { person_id: person },
    });
    const { token, api_key } = await state.createToken(['confidant_person_relationship_request:write']);
    const api = createEhealthOtpClient({ baseUrl: API, token, apiKey: api_key });
    const smsCode = async (n: number) => Number((await state.listSms(phone)).reverse()[n - 1]?.code);
    await confidantFlow(
      api,
      { person, otp: otp.id, phone, offline: offline.id, approved: approved.id },
      smsCode,
    );
  });
});
