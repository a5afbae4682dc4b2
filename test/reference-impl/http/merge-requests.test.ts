import { describe, it } from 'vitest';
import { mergeFlow } from '../../support/merge-request-flow.js';
import { demoRequest, demoServe, serveSmsCode } from '../../support/serve-demo.js';

/*
 * The merge-request flow end to end against a spawned `serve` (real HTTP on loopback), through the
 * typed client and the documented API only, on serve's demo requests.
 */

const FAMILY = 'merge_request';
const { serve, client } = demoServe();

describe('an integrator’s merge-request flow against serve (documented API only)', () => {
  it('resend → the newest code approves (200 APPROVED with data_to_be_signed), not the old one, not twice; OFFLINE approves without a code', async () => {
    const otp = demoRequest(FAMILY, 'NEW', 'OTP');
    await mergeFlow(
      client(),
      {
        otp: otp.id,
        phone: otp.phone,
        master: String(otp.data.master_person_id),
        merge: String(otp.data.merge_person_id),
        offline: demoRequest(FAMILY, 'NEW', 'OFFLINE').id,
        approved: demoRequest(FAMILY, 'APPROVED', 'OTP').id,
      },
      serveSmsCode(serve(), otp.phone),
    );
  });
});
