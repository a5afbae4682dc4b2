import { afterAll, beforeAll, describe, it } from 'vitest';
import { createEhealthOtpClient } from '../../../src/client/index.js';
import { demoRequests } from '../../../src/reference-impl/demo.js';
import { type ServeProcess, spawnServe } from '../../hardening/support/serve-process.js';
import { declarationFlow } from '../../support/declaration-request-flow.js';
import { smsCodeFromLog } from '../../support/serve-sms.js';

/*
 * The declaration-request flow end to end against a spawned `serve` (real HTTP on loopback),
 * through the typed client and the documented API only, on serve's demo requests; the SMS is read
 * from the line serve prints for each SMS in demo mode, as for person requests.
 */

let serve: ServeProcess;
beforeAll(async () => {
  serve = await spawnServe([]);
  await serve.waitFor('Demo data');
}, 30_000);
afterAll(async () => {
  await serve.stop();
});

/** The demo declaration request of this status and method (src/reference-impl/demo.ts). */
function demo(status: string, type: string): { id: string; phone: string } {
  const found = demoRequests.find(
    (r) => r.seed.status === status && r.seed.authentication_method_current.type === type,
  );
  if (found === undefined) throw new Error(`no demo declaration request ${status} ${type}`);
  return { id: found.id, phone: found.seed.authentication_method_current.phone_number ?? '' };
}

describe('an integrator’s declaration-request flow against serve (documented API only)', () => {
  it('resend → the newest code approves (201 APPROVED), the old one and a second approve do not; NA approves without a code', async () => {
    const otp = demo('NEW', 'OTP');
    const smsCode = (n: number) => smsCodeFromLog(serve, otp.phone, n);
    const api = createEhealthOtpClient({
      baseUrl: serve.url,
      token: 'demo-token-all-scopes',
      apiKey: 'demo-api-key',
    });
    await declarationFlow(
      api,
      { otp: otp.id, phone: otp.phone, na: demo('NEW', 'NA').id, approved: demo('APPROVED', 'OTP').id },
      smsCode,
    );
  });
});
