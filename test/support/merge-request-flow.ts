import { expect } from 'vitest';
import type { EhealthOtpClient } from '../../src/client/index.js';

/*
 * An integrator's merge-request flow, written only against the documented API through the typed
 * client (UA:3873-3898, 3955-3973): re-send the master person's code of a NEW OTP request, approve
 * with the replaced code (422 forbidden), with the code the SMS carried (200 APPROVED with
 * `data_to_be_signed`), again (409); approve an OFFLINE request without a body; resend on an
 * APPROVED one (409). One copy, run against `serve` (its demo requests) and the msw handlers.
 */

export interface MergeFixtures {
  /** NEW, OTP on `phone`, seeded with these persons. */
  readonly otp: string;
  readonly phone: string;
  readonly master: string;
  readonly merge: string;
  /** NEW, OFFLINE. */
  readonly offline: string;
  /** APPROVED, OTP. */
  readonly approved: string;
}

/** `smsCode(n)`: the code of the n-th SMS (1-based) `fixtures.phone` received during the flow. */
export async function mergeFlow(
  api: EhealthOtpClient,
  fixtures: MergeFixtures,
  smsCode: (n: number) => Promise<number>,
): Promise<void> {
  const first = await api.resendMergeRequestOtp(fixtures.otp);
  expect(first.response.status).toBe(200);
  expect(first.data?.data).toMatchObject({ status: 'NEW', active: true });
  const oldCode = await smsCode(1);
  expect((await api.resendMergeRequestOtp(fixtures.otp)).response.status).toBe(200);
  const code = await smsCode(2);

  if (oldCode !== code) {
    const stale = await api.approveMergeRequest(fixtures.otp, oldCode);
    expect([stale.response.status, stale.error?.error]).toEqual([
      422,
      { type: 'forbidden', message: 'Invalid verification code' },
    ]);
  }
  const current = oldCode === code ? code : await smsCode(3);
  const approved = await api.approveMergeRequest(fixtures.otp, current);
  expect(approved.response.status).toBe(200);
  expect(approved.data?.data).toMatchObject({
    id: fixtures.otp,
    status: 'APPROVED',
    master_person_id: fixtures.master,
    merge_person_id: fixtures.merge,
    data_to_be_signed: {
      id: fixtures.otp,
      status: 'APPROVED',
      patient_signed: false,
      master_person: { id: fixtures.master },
      merge_person: { id: fixtures.merge },
    },
  });
  expect(approved.data?.data.data_to_be_signed.content).toContain(fixtures.merge);
  const again = await api.approveMergeRequest(fixtures.otp, current);
  expect([again.response.status, again.error?.error]).toEqual([
    409,
    { type: 'request_conflict', message: 'Merge request status is APPROVED, expected NEW' },
  ]);

  const offline = await api.approveMergeRequest(fixtures.offline);
  expect([offline.response.status, offline.data?.data.status]).toEqual([200, 'APPROVED']);

  const late = await api.resendMergeRequestOtp(fixtures.approved);
  expect([late.response.status, late.error?.error]).toEqual([
    409,
    { type: 'request_conflict', message: 'Merge request status is APPROVED, expected NEW' },
  ]);
  const unknown = await api.approveMergeRequest('00000000-0000-4000-8000-999999999999', 1234);
  expect([unknown.response.status, unknown.error?.error]).toEqual([404, { type: 'not_found' }]);
}
