import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEhealthOtpClient } from '../../../src/client/index.js';
import { demoRequests } from '../../../src/reference-impl/demo.js';
import { type ServeProcess, spawnServe } from '../../hardening/support/serve-process.js';
import { phoneChangeFlow } from '../../support/authentication-method-request-flow.js';

/*
 * Changing a person's OTP phone through the documented API against a spawned `serve` (real HTTP on
 * loopback; demo data: the documented demo token and api-key). What each phone received is read
 * from the control API's outbox (`GET /__control/sms`, openapi/control.yaml), which answers from
 * the same state the request that sent the SMS changed, so a count taken right after a response
 * is exact (serve's demo log lines arrive through a pipe, later than the HTTP answer may).
 */

const CONTROL_TOKEN = 'amr-flow-control-token-5c1f';
let serve: ServeProcess;

beforeAll(async () => {
  serve = await spawnServe(['--control-token', CONTROL_TOKEN]);
  await serve.waitFor('Demo data');
}, 30_000);
afterAll(async () => {
  await serve.stop();
});

/** The phone's SMS codes, oldest first (the outbox lists the newest first). */
async function received(phone: string): Promise<number[]> {
  const res = await fetch(`${serve.url}/__control/sms?phone_number=${encodeURIComponent(phone)}`, {
    headers: { authorization: `Bearer ${CONTROL_TOKEN}` },
  });
  const body = (await res.json()) as { data: { code: string }[] };
  return body.data.map((s) => Number(s.code)).reverse();
}

describe('an integrator changes a person’s OTP phone against serve (documented API only)', () => {
  it('verify the new phone → create (the old phone confirms) → resend → approve → the next person request goes to the new phone', async () => {
    const api = createEhealthOtpClient({
      baseUrl: serve.url,
      token: 'demo-token-all-scopes',
      apiKey: 'demo-api-key',
    });
    await phoneChangeFlow(
      api,
      { old: '+380507780001', new: '+380507780002' },
      async (phone, n) => (await received(phone))[n - 1] ?? Number.NaN,
      async (phone) => (await received(phone)).length,
    );
  });

  it('the demo data: the NEW request resends to its phone and approves with that code; the COMPLETED one answers 409', async () => {
    const api = createEhealthOtpClient({
      baseUrl: serve.url,
      token: 'demo-token-all-scopes',
      apiKey: 'demo-api-key',
    });
    const demo = demoRequests.filter((r) => r.family === 'authentication_method_request');
    const [fresh, done] = demo;
    expect(demo).toHaveLength(2);
    const person = (r: (typeof demo)[number] | undefined) => String(r?.seed.data?.person_id);
    const phone = fresh?.seed.authentication_method_current.phone_number ?? '';
    const resent = await api.resendAuthenticationMethodRequestOtp(person(fresh), fresh?.id ?? '');
    expect(resent.response.status).toBe(200);
    const codes = await received(phone);
    const approved = await api.approveAuthenticationMethodRequest(
      person(fresh),
      fresh?.id ?? '',
      codes.at(-1),
    );
    expect(approved.data?.data).toEqual({ id: fresh?.id, status: 'COMPLETED', channel: 'MIS' });
    const again = await api.resendAuthenticationMethodRequestOtp(person(done), done?.id ?? '');
    expect(again.response.status).toBe(409);
    expect(again.error?.error.message).toBe(
      'Authentication method request status is COMPLETED, expected NEW',
    );
  });
});
