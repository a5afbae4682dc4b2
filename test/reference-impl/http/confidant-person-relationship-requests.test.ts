import { describe, it } from 'vitest';
import { confidantFlow } from '../../support/confidant-person-relationship-request-flow.js';
import { demoRequest, demoServe, serveSmsCode } from '../../support/serve-demo.js';

/*
 * The confidant-person-relationship-request flow end to end against a spawned `serve` (real HTTP
 * on loopback), through the typed client and the documented API only, on serve's demo requests.
 */

const FAMILY = 'confidant_person_relationship_request';
const { serve, client } = demoServe();

describe('an integrator’s confidant-person-relationship-request flow against serve (documented API only)', () => {
  it('resend → the newest code approves (200 APPROVED), not the old one, not under another person, not twice; OFFLINE approves without a code', async () => {
    const otp = demoRequest(FAMILY, 'NEW', 'OTP');
    await confidantFlow(
      client(),
      {
        person: String(otp.data.person_id),
        otp: otp.id,
        phone: otp.phone,
        offline: demoRequest(FAMILY, 'NEW', 'OFFLINE').id,
        approved: demoRequest(FAMILY, 'APPROVED', 'OTP').id,
      },
      serveSmsCode(serve(), otp.phone),
    );
  });
});
