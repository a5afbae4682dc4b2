import { expect } from 'vitest';
import type { CreatePersonRequestV2, EhealthOtpClient } from '../../src/client/index.js';
import { flowPerson, registrationFlow } from './person-request-flow.js';

/*
 * An integrator changes a person's OTP phone, written only against the documented API through the
 * typed client (docs/CONTRACT.md "Authentication method requests"): the person is registered by a
 * signed person request on the old phone; the new phone is verified; the authentication method
 * request is confirmed by the code the OLD phone receives (DIV-AMR-CODE-TO-CURRENT); after approve
 * a person request that updates the person sends its SMS to the NEW phone. One copy, run against
 * `serve` and the msw handlers; how "what a phone received" is read is the caller's.
 */

/** `sms(phone, n)`: the code of the n-th SMS (1-based) that phone received during the flow. */
export type SmsCode = (phone: string, n: number) => Promise<number>;
/** How many SMS the phone has received so far. */
export type SmsCount = (phone: string) => Promise<number>;

const masked = (phone: string) => `${phone.slice(0, 6)}*****${phone.slice(-2)}`;

export async function phoneChangeFlow(
  api: EhealthOtpClient,
  phones: { readonly old: string; readonly new: string },
  sms: SmsCode,
  count: SmsCount,
): Promise<void> {
  const personId = await registrationFlow(api, phones.old, (n) => sms(phones.old, n));
  const insert = {
    action: 'INSERT',
    authentication_method: { type: 'OTP', phone_number: phones.new },
  } as const;

  // The new phone must be verified first (UA:2197-2203).
  const unverified = await api.createAuthenticationMethodRequest(personId, insert);
  expect(unverified.response.status).toBe(422);
  expect(unverified.error?.error).toEqual({ type: 'unverified', message: 'Unverified phone number' });

  // The new phone receives its own code when it is verified, and none from the request.
  expect((await api.initializeVerification(phones.new)).response.status).toBe(200);
  expect((await api.completeVerification(phones.new, await sms(phones.new, 1))).response.status).toBe(200);
  const oldBefore = await count(phones.old);

  const created = await api.createAuthenticationMethodRequest(personId, insert);
  expect(created.response.status).toBe(201);
  expect(created.data?.data).toMatchObject({ status: 'NEW', channel: 'MIS' });
  expect(created.data?.urgent.authentication_method_current).toEqual([
    { type: 'OTP', phone_number: masked(phones.old) },
  ]);
  const requestId = created.data?.data.id ?? '';
  expect(await count(phones.old)).toBe(oldBefore + 1);
  expect(await count(phones.new)).toBe(1);

  // Resend: a new code to the old phone; the create's code no longer approves.
  const resent = await api.resendAuthenticationMethodRequestOtp(personId, requestId);
  expect(resent.response.status).toBe(200);
  expect(resent.data?.data).toMatchObject({ status: 'NEW', active: true });
  expect(await count(phones.old)).toBe(oldBefore + 2);
  const stale = await api.approveAuthenticationMethodRequest(
    personId,
    requestId,
    await sms(phones.old, oldBefore + 1),
  );
  expect(stale.response.status).toBe(422);
  expect(stale.error?.error).toEqual({ type: 'forbidden', message: 'Invalid verification code' });

  // The newest code the old phone received approves, once.
  const newest = await sms(phones.old, await count(phones.old));
  const approved = await api.approveAuthenticationMethodRequest(personId, requestId, newest);
  expect(approved.response.status).toBe(201);
  expect(approved.data?.data).toEqual({ id: requestId, status: 'COMPLETED', channel: 'MIS' });
  const again = await api.approveAuthenticationMethodRequest(personId, requestId, newest);
  expect(again.response.status).toBe(409);

  // The next person request for this person goes to the new phone.
  const { authentication_methods: _methods, ...person } = flowPerson(phones.old);
  const update = await api.createPersonRequestV2({
    person: { ...person, id: personId } as CreatePersonRequestV2['person'],
    patient_signed: false,
    process_disclosure_data_consent: true,
  });
  expect(update.response.status).toBe(201);
  expect(update.data?.urgent.authentication_method_current).toEqual([
    { type: 'OTP', phone_number: masked(phones.new) },
  ]);
  expect(await count(phones.new)).toBe(2);
  const oldAfter = await count(phones.old);
  const updated = await api.approvePersonRequestV2(update.data?.data.id ?? '', await sms(phones.new, 2));
  expect(updated.response.status).toBe(201);
  expect(await count(phones.old)).toBe(oldAfter);
}
