import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEhealthOtpClient } from '../../src/client/index.js';
import { createHandlers } from '../../src/msw/index.js';
import { mergeFlow } from '../support/merge-request-flow.js';

/*
 * The same merge-request flow as against `serve` (test/reference-impl/http/merge-requests.test.ts),
 * under the msw handlers: the requests seeded through the handlers' state (the generic
 * seedRequest), the SMS read from it.
 */

const API = 'https://ehealth.test';
const FAMILY = 'merge_request';
const { handlers, state } = createHandlers();
const server = setupServer(...handlers);
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());

describe('an integrator’s merge-request flow under the msw handlers (documented API only)', () => {
  it('resend → the newest code approves with data_to_be_signed, not the old one, not twice; OFFLINE approves without a code', async () => {
    const phone = '+380507770121';
    const master = '3a1d7f0e-2c4b-4e8a-9b6d-0f1e2d3c4b5a';
    const merge = '8b2e6c1d-5a4f-4d3e-8c2b-1a0f9e8d7c6b';
    const otp = await state.seedRequest(FAMILY, {
      status: 'NEW',
      authentication_method_current: { type: 'OTP', phone_number: phone },
      data: { master_person_id: master, merge_person_id: merge },
    });
    const offline = await state.seedRequest(FAMILY, {
      status: 'NEW',
      authentication_method_current: { type: 'OFFLINE' },
    });
    const approved = await state.seedRequest(FAMILY, {
      status: 'APPROVED',
      authentication_method_current: { type: 'OTP', phone_number: '+380507770122' },
    });
    const { token, api_key } = await state.createToken(['merge_request:write']);
    const api = createEhealthOtpClient({ baseUrl: API, token, apiKey: api_key });
    const smsCode = async (n: number) => Number((await state.listSms(phone)).reverse()[n - 1]?.code);
    await mergeFlow(
      api,
      { otp: otp.id, phone, master, merge, offline: offline.id, approved: approved.id },
      smsCode,
    );
  });

  it('refuses a seed whose data a merge request cannot carry (the control 422), and defaults the persons', async () => {
    await expect(
      state.seedRequest(FAMILY, {
        authentication_method_current: { type: 'OFFLINE' },
        data: { employee_id: 'x' },
      }),
    ).rejects.toThrow(/employee_id is not a field of a merge request/);
    const seeded = await state.seedRequest(FAMILY, { authentication_method_current: { type: 'OFFLINE' } });
    const read = await state.request(FAMILY, seeded.id);
    expect(read?.data).toEqual({
      master_person_id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      merge_person_id: expect.stringMatching(/^[0-9a-f-]{36}$/),
    });
  });
});
