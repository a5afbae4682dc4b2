import { expect } from 'vitest';
import type { EhealthOtpClient } from '../../src/client/index.js';

/*
 * An integrator's declaration-request flow, written only against the documented API through the
 * typed client (AP:4088-4153, 4335-4357): re-send the code of a NEW OTP request, approve with a
 * wrong code (422 forbidden), with the code the SMS carried (201 APPROVED), again (409); approve a
 * NA request without a body; resend on an APPROVED one (409). One copy, run against `serve` (its
 * demo requests) and the msw handlers (requests seeded through their state); how the test reads
 * "what the phone received" is the caller's.
 */

export interface DeclarationFixtures {
  /** NEW, OTP on `phone`. */
  readonly otp: string;
  readonly phone: string;
  /** NEW, NA. */
  readonly na: string;
  /** APPROVED, OTP. */
  readonly approved: string;
}

/** `smsCode(n)`: the code of the n-th SMS (1-based) `fixtures.phone` received during the flow. */
export async function declarationFlow(
  api: EhealthOtpClient,
  fixtures: DeclarationFixtures,
  smsCode: (n: number) => Promise<number>,
  version: 'v3' | 'v1' = 'v3',
): Promise<void> {
  const resend = version === 'v3' ? api.resendDeclarationRequestOtp : api.resendDeclarationRequestOtpV1;
  const approve = version === 'v3' ? api.approveDeclarationRequest : api.approveDeclarationRequestV1;

  const first = await resend(fixtures.otp);
  expect(first.response.status).toBe(200);
  expect(first.data?.data).toMatchObject({ status: 'NEW', active: true });
  const oldCode = await smsCode(1);
  expect((await resend(fixtures.otp)).response.status).toBe(200);
  const code = await smsCode(2);

  if (oldCode !== code) {
    const stale = await approve(fixtures.otp, oldCode);
    expect([stale.response.status, stale.error?.error]).toEqual([
      422,
      { type: 'forbidden', message: 'Invalid verification code' },
    ]);
  }
  // Under seeds/002 the refused code made the kit send a new one (the third SMS) when one was refused.
  const current = oldCode === code ? code : await smsCode(3);
  const approved = await approve(fixtures.otp, current);
  expect([approved.response.status, approved.data?.data.status, approved.data?.data.id]).toEqual([
    201,
    'APPROVED',
    fixtures.otp,
  ]);
  const again = await approve(fixtures.otp, current);
  expect([again.response.status, again.error?.error.type]).toEqual([409, 'request_conflict']);

  const na = await approve(fixtures.na);
  expect([na.response.status, na.data?.data.status]).toEqual([201, 'APPROVED']);

  const late = await resend(fixtures.approved);
  expect([late.response.status, late.error?.error]).toEqual([
    409,
    { type: 'request_conflict', message: 'Declaration request status is APPROVED, expected NEW' },
  ]);
  const unknown = await approve('00000000-0000-4000-8000-999999999999', 1234);
  expect([unknown.response.status, unknown.error?.error]).toEqual([404, { type: 'not_found' }]);
}
