import { afterAll, beforeAll, describe, it } from 'vitest';
import { createEhealthOtpClient } from '../../../src/client/index.js';
import { type ServeProcess, spawnServe } from '../../hardening/support/serve-process.js';
import { confidantFlow } from '../../support/confidant-person-relationship-request-flow.js';
import { demoRequest, serveSmsCode } from '../../support/serve-demo.js';

/*
 * The confidant-person-relationship-request flow end to end against a spawned `serve` (real HTTP
 * on loopback), through the typed client and the documented API only, on serve's demo requests.
 */

const FAMILY = 'confidant_person_relationship_request';
let serve: ServeProcess;
beforeAll(async () => {
  serve = await spawnServe([]);
  await serve.waitFor('Demo data');
}, 30_000);
afterAll(async () => {
  await serve.stop();
});

describe('an integrator’s confidant-person-relationship-request flow against serve (documented API only)', () => {
  it('resend → the newest code approves (200 APPROVED), not the old one, not under another person, not twice; OFFLINE approves without a code', async () => {
    const otp = demoRequest(FAMILY, 'NEW', 'OTP');
    const api = createEhealthOtpClient({
      baseUrl: serve.url,
      token: 'demo-token-all-scopes',
      apiKey: 'demo-api-key',
    });
    await confidantFlow(
      api,
      {
        person: String(otp.data.person_id),
        otp: otp.id,
        phone: otp.phone,
        offline: demoRequest(FAMILY, 'NEW', 'OFFLINE').id,
        approved: demoRequest(FAMILY, 'APPROVED', 'OTP').id,
      },
      serveSmsCode(serve, otp.phone),
    );
  });
});
