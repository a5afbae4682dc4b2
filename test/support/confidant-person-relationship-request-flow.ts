import { expect } from 'vitest';
import type { EhealthOtpClient } from '../../src/client/index.js';

/*
 * An integrator's confidant-person-relationship-request flow, written only against the documented
 * API through the typed client (UA:2485-2630): re-send the code of a NEW OTP request, approve with
 * the replaced code (422 forbidden), under another person (404), with the code the SMS carried
 * (200 APPROVED), again (409); approve an OFFLINE request without a body; resend on an APPROVED
 * one (409). One copy, run against `serve` (its demo requests) and the msw handlers (requests
 * seeded through their state); how the test reads "what the phone received" is the caller's.
 */

export interface ConfidantFixtures {
  /** The person all three requests belong to (the path's `person_id`). */
  readonly person: string;
  /** NEW, OTP on `phone`. */
  readonly otp: string;
  readonly phone: string;
  /** NEW, OFFLINE, action DEACTIVATE. */
  readonly offline: string;
  /** APPROVED, OTP. */
  readonly approved: string;
}

const OTHER_PERSON = '00000000-0000-4000-8000-999999999998';

/** `smsCode(n)`: the code of the n-th SMS (1-based) `fixtures.phone` received during the flow. */
export async function confidantFlow(
  api: EhealthOtpClient,
  fixtures: ConfidantFixtures,
  smsCode: (n: number) => Promise<number>,
): Promise<void> {
  const { person } = fixtures;
  const first = await api.resendConfidantPersonRelationshipRequestOtp(person, fixtures.otp);
  expect(first.response.status).toBe(200);
  expect(first.data?.data).toMatchObject({ status: 'NEW', active: true });
  const oldCode = await smsCode(1);
  expect((await api.resendConfidantPersonRelationshipRequestOtp(person, fixtures.otp)).response.status).toBe(
    200,
  );
  const code = await smsCode(2);

  if (oldCode !== code) {
    const stale = await api.approveConfidantPersonRelationshipRequest(person, fixtures.otp, oldCode);
    expect([stale.response.status, stale.error?.error]).toEqual([
      422,
      { type: 'forbidden', message: 'Invalid verification code' },
    ]);
  }
  // Under seeds/002 the refused code made the kit send a new one (the third SMS) when one was refused.
  const current = oldCode === code ? code : await smsCode(3);
  // The request is not found under another person, and the code is not spent by that attempt.
  const elsewhere = await api.approveConfidantPersonRelationshipRequest(OTHER_PERSON, fixtures.otp, current);
  expect([elsewhere.response.status, elsewhere.error?.error]).toEqual([404, { type: 'not_found' }]);
  const approved = await api.approveConfidantPersonRelationshipRequest(person, fixtures.otp, current);
  expect(approved.response.status).toBe(200);
  expect(approved.data?.data).toMatchObject({
    id: fixtures.otp,
    status: 'APPROVED',
    action: 'INSERT',
    channel: 'MIS',
  });
  expect(approved.data?.data).not.toHaveProperty('person_id');
  const again = await api.approveConfidantPersonRelationshipRequest(person, fixtures.otp, current);
  expect([again.response.status, again.error?.error]).toEqual([
    409,
    {
      type: 'request_conflict',
      message: 'Confidant person relationship request status is APPROVED, expected NEW',
    },
  ]);

  const offline = await api.approveConfidantPersonRelationshipRequest(person, fixtures.offline);
  expect([offline.response.status, offline.data?.data.status, offline.data?.data.action]).toEqual([
    200,
    'APPROVED',
    'DEACTIVATE',
  ]);

  const late = await api.resendConfidantPersonRelationshipRequestOtp(person, fixtures.approved);
  expect([late.response.status, late.error?.error]).toEqual([
    409,
    {
      type: 'request_conflict',
      message: 'Confidant person relationship request status is APPROVED, expected NEW',
    },
  ]);
  const unknown = await api.resendConfidantPersonRelationshipRequestOtp(person, OTHER_PERSON);
  expect([unknown.response.status, unknown.error?.error]).toEqual([404, { type: 'not_found' }]);
}
