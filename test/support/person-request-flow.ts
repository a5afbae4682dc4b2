import { expect } from 'vitest';
import type { CreatePersonRequestV2, EhealthOtpClient } from '../../src/client/index.js';
import { examplePerson } from '../../src/contract/request-examples.js';

/*
 * An integrator's registration flow, written only against the documented API through the typed
 * client: verify the phone, create a person request (v2), approve it with the code the SMS
 * carried, sign the approved data, read it back SIGNED. One copy, run against `serve` and the
 * msw handlers, so both deliveries of the engine are held to the same flow. How the test reads
 * "what the phone received" is the caller's (serve's demo log, msw's state).
 */

/** A person body that passes the v2 schema: the spec's example, as another person. */
export const flowPerson = (
  phone: string,
  extra: Record<string, unknown> = {},
): CreatePersonRequestV2['person'] =>
  ({
    ...examplePerson(),
    // Another person than the demo's and the suite's, so no create of theirs cancels this one.
    first_name: 'Марія',
    last_name: 'Коваленко',
    gender: 'FEMALE',
    tax_id: '2998877665',
    authentication_methods: [{ type: 'OTP', phone_number: phone }],
    ...extra,
  }) as CreatePersonRequestV2['person'];

/**
 * `smsCode(n)`: the code of the n-th SMS (1-based) the phone received during the flow. Resolves to
 * the id of the person the sign created.
 */
export async function registrationFlow(
  api: EhealthOtpClient,
  phone: string,
  smsCode: (n: number) => Promise<number>,
): Promise<string> {
  expect((await api.initializeVerification(phone)).response.status).toBe(200);
  expect((await api.completeVerification(phone, await smsCode(1))).response.status).toBe(200);

  const created = await api.createPersonRequestV2({
    person: flowPerson(phone),
    patient_signed: false,
    process_disclosure_data_consent: true,
  });
  expect(created.response.status).toBe(201);
  const id = created.data?.data.id ?? '';
  // The masked phone: first 6 characters, five stars, last 2 (docs/research/person-requests.md §2.8).
  expect(created.data?.urgent.authentication_method_current).toEqual([
    { type: 'OTP', phone_number: `${phone.slice(0, 6)}*****${phone.slice(-2)}` },
  ]);

  const approved = await api.approvePersonRequestV2(id, await smsCode(2));
  expect(approved.response.status).toBe(201);
  const data = approved.data?.data;
  expect(data?.status).toBe('APPROVED');

  const signedContent = Buffer.from(JSON.stringify({ ...data, patient_signed: true })).toString('base64');
  const signed = await api.signPersonRequestV2(id, signedContent);
  expect(signed.response.status).toBe(200);
  expect(signed.data?.data.person_id).toMatch(/^[0-9a-f-]{36}$/);

  const read = await api.getPersonRequestV2(id);
  expect(read.data?.data.status).toBe('SIGNED');
  return signed.data?.data.person_id ?? '';
}

/** A bad person body: one eHealth 422 entry per wrong field. */
export async function badPersonBody(api: EhealthOtpClient, phone: string): Promise<void> {
  const res = await api.createPersonRequestV2({
    person: flowPerson(phone, {
      gender: 'OTHER',
      tax_id: '12345',
      documents: [],
    }) as CreatePersonRequestV2['person'],
    patient_signed: false,
    process_disclosure_data_consent: true,
  });
  expect(res.response.status).toBe(422);
  const entries = (res.error?.error.invalid ?? []).map((i) => [i.entry, i.rules?.[0]?.rule]);
  expect(entries).toEqual(
    expect.arrayContaining([
      ['$.person.gender', 'inclusion'],
      ['$.person.tax_id', 'format'],
      ['$.person.documents', 'length'],
    ]),
  );
  expect(entries).toHaveLength(3);
}
