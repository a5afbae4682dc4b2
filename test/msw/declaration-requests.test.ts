import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEhealthOtpClient } from '../../src/client/index.js';
import { createHandlers } from '../../src/msw/index.js';
import { declarationFlow } from '../support/declaration-request-flow.js';

/*
 * The same declaration-request flow as against `serve` (test/reference-impl/http/
 * declaration-requests.test.ts), under the msw handlers: the requests seeded through the
 * handlers' state (the control API's generic seedRequest), the SMS read from it.
 */

const API = 'https://ehealth.test';
const { handlers, state } = createHandlers();
const server = setupServer(...handlers);
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());

describe('an integrator’s declaration-request flow under the msw handlers (documented API only)', () => {
  for (const [version, phone] of [
    ['v3', '+380507770101'],
    ['v1', '+380507770102'],
  ] as const) {
    it(`${version}: resend → the newest code approves, the old one and a second approve do not; NA approves without a code`, async () => {
      const seed = (status: string, type: 'OTP' | 'NA') =>
        state.seedRequest('declaration_request', {
          status,
          authentication_method_current: type === 'OTP' ? { type, phone_number: phone } : { type },
        });
      const otp = (await seed('NEW', 'OTP')).id;
      const fixtures = {
        otp,
        phone,
        na: (await seed('NEW', 'NA')).id,
        approved: (await seed('APPROVED', 'OTP')).id,
      };
      const { token, api_key } = await state.createToken(['otp:write', 'declaration_request:approve']);
      const api = createEhealthOtpClient({ baseUrl: API, token, apiKey: api_key });
      const smsCode = async (n: number) => Number((await state.listSms(phone)).reverse()[n - 1]?.code);
      await declarationFlow(api, fixtures, smsCode, version);
    });
  }

  it('the state seeds and reads any family of the spec, and names a family it does not have', async () => {
    const { id } = await state.seedRequest('declaration_request', {
      status: 'NEW',
      authentication_method_current: { type: 'NA' },
      data: { division_id: 'd-1' },
    });
    expect(await state.request('declaration_request', id)).toEqual({
      id,
      family: 'declaration_request',
      status: 'NEW',
      authentication_method_current: { type: 'NA' },
      data: { division_id: 'd-1' },
    });
    await expect(
      state.seedRequest('no_such_request', { status: 'NEW', authentication_method_current: { type: 'NA' } }),
    ).rejects.toThrow(/no confirmable family no_such_request/);
  });
});
