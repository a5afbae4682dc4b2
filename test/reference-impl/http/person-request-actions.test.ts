import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Harness } from '../support/harness.js';
import {
  approve,
  body,
  create,
  firstInvalid,
  idOf,
  offline,
  otp,
  person,
  sign,
  signedContentOf,
  verifyPhone,
} from '../support/person-requests.js';

const PHONE = '+380501240001';

let h: Harness;
beforeAll(async () => {
  h = await Harness.start();
});
afterAll(() => h.close());
beforeEach(() => h.reset());

async function created(version: 1 | 2 = 2, extra: Record<string, unknown> = {}): Promise<string> {
  await verifyPhone(h, PHONE);
  const res = await create(h, body(person([otp(PHONE)], extra)), version);
  if (res.status !== 201) throw new Error(`create answered ${res.status}`);
  return idOf(res);
}

describe('approve', () => {
  for (const version of [1, 2] as const) {
    it(`v${version}: the SMS code approves: 201 APPROVED with the printout content, the code spent`, async () => {
      const id = await created(version);
      const code = await h.lastCode(PHONE);
      const res = await approve(h, id, { verification_code: code }, version);
      expect(res.status).toBe(201);
      expect(res.body.data).toMatchObject({ id, status: 'APPROVED' });
      expect(typeof (res.body.data as { content?: unknown }).content).toBe('string');
      // The code was spent as complete spends it: a second approve is a 409 for the status now.
      const again = await approve(h, id, { verification_code: code }, version);
      expect(again.status).toBe(409);
      expect(again.body.error?.message).toBe('Person request status is APPROVED, expected NEW');
    });
  }

  it('a wrong code: 422 forbidden, the code deactivated and a new one sent (the seed policy), which approves', async () => {
    const id = await created();
    const first = await h.lastCode(PHONE);
    const before = (await h.sms(PHONE)).length;
    const wrong = await approve(h, id, { verification_code: first === 1111 ? 2222 : 1111 });
    expect(wrong.status).toBe(422);
    expect(wrong.body.error).toEqual({ type: 'forbidden', message: 'Invalid verification code' });
    expect((await h.sms(PHONE)).length).toBe(before + 1);
    // The first code was replaced by the new one: it no longer approves (and that try is wrong again).
    expect((await approve(h, id, { verification_code: first })).body.error?.message).toBe(
      'Invalid verification code',
    );
    expect((await approve(h, id, { verification_code: await h.lastCode(PHONE) })).status).toBe(201);
  });

  it('the attempts policy: the code stays, wrong tries lock it after maxAttempts', async () => {
    const strict = await Harness.start({ settings: { wrongCodePolicy: 'attempts', maxAttempts: 2 } });
    try {
      await verifyPhone(strict, PHONE);
      const id = idOf(await create(strict, body(person([otp(PHONE)]))));
      const code = await strict.lastCode(PHONE);
      const wrong = code === 1111 ? 2222 : 1111;
      expect((await approve(strict, id, { verification_code: wrong })).body.error?.message).toBe(
        'Invalid verification code',
      );
      expect((await approve(strict, id, { verification_code: wrong })).body.error?.message).toBe(
        'Invalid verification code',
      );
      expect((await approve(strict, id, { verification_code: code })).body.error?.message).toBe(
        'Maximum attempts exceed',
      );
    } finally {
      await strict.close();
    }
  });

  it('an expired code: 422 Verification code expired', async () => {
    const id = await created();
    const code = await h.lastCode(PHONE);
    await h.advanceClock(h.engine.settings.codeLifetimeSeconds);
    const res = await approve(h, id, { verification_code: code });
    expect(res.status).toBe(422);
    expect(res.body.error).toEqual({ type: 'forbidden', message: 'Verification code expired' });
  });

  it('a resend replaces the create’s code: the create’s code fails, the resend’s approves', async () => {
    const id = await created();
    const createCode = await h.lastCode(PHONE);
    expect((await h.resend(id)).status).toBe(200);
    const resendCode = await h.lastCode(PHONE);
    expect(resendCode).not.toBe(createCode);
    expect((await approve(h, id, { verification_code: createCode })).status).toBe(422);
    // The wrong try under the seed policy sent yet another code.
    expect((await approve(h, id, { verification_code: await h.lastCode(PHONE) })).status).toBe(201);
  });

  it('without a code on an OTP request: 422 required at $.verification_code, and a string is 422 cast', async () => {
    const id = await created();
    const none = await approve(h, id);
    expect(firstInvalid(none)).toMatchObject({ entry: '$.verification_code', rule: 'required' });
    const text = await approve(h, id, { verification_code: '1234' });
    expect(firstInvalid(text)).toMatchObject({ entry: '$.verification_code', rule: 'cast' });
  });

  it('the status is checked before the code; unknown id 404; another version 422', async () => {
    const id = await created();
    expect((await h.call('rejectPersonRequestV2', { params: { id } })).status).toBe(200);
    const res = await approve(h, id, { verification_code: 1 });
    expect(res.status).toBe(409);
    expect(res.body.error?.message).toBe('Person request status is REJECTED, expected NEW');
    expect((await approve(h, '00000000-0000-4000-8000-000000000999', { verification_code: 1 })).status).toBe(
      404,
    );
    expect((await approve(h, id, { verification_code: 1 }, 1)).status).toBe(422);
  });

  it('OFFLINE: 409 until every document is PUT to its URL, then 201 without a body', async () => {
    const res = await create(h, body(person([offline])));
    const id = idOf(res);
    const [doc] = (res.body.urgent as { documents: { type: string; url: string }[] }).documents;
    if (doc === undefined) throw new Error('no upload URL');
    const missing = await approve(h, id);
    expect(missing.status).toBe(409);
    expect(missing.body.error?.message).toBe('Documents person.PASSPORT is not uploaded');
    const path = new URL(doc.url).pathname + new URL(doc.url).search;
    const put = (target: string, type = 'image/jpeg') =>
      fetch(`${h.baseUrl}${target}`, {
        method: 'PUT',
        headers: { 'content-type': type },
        body: new Uint8Array([0xff, 0xd8, 0xff]),
      });
    expect((await put(path.replace(/signature=[^&]+/, 'signature=forged'))).status).toBe(403);
    expect((await put(path, 'text/plain')).status).toBe(415);
    expect((await put(`/uploads/${id}/person.TAX_ID?signature=x`)).status).toBe(404);
    expect((await approve(h, id)).status).toBe(409);
    expect((await put(path)).status).toBe(200);
    const state = await h.controlRaw('GET', `/__control/person_requests/${id}`);
    expect((state.body as { documents: unknown }).documents).toEqual([
      { type: 'person.PASSPORT', url: doc.url, uploaded: true },
    ]);
    expect((await approve(h, id)).status).toBe(201);
  });
});

describe('sign', () => {
  async function approved(version: 1 | 2 = 2, extra: Record<string, unknown> = {}) {
    const id = await created(version, extra);
    const res = await approve(h, id, { verification_code: await h.lastCode(PHONE) }, version);
    return { id, data: res.body.data };
  }

  for (const version of [1, 2] as const) {
    it(`v${version}: base64 of the approved data with patient_signed true → 200 Patient_short, SIGNED`, async () => {
      const { id, data } = await approved(version);
      const res = await sign(h, id, signedContentOf(data), version);
      expect(res.status).toBe(200);
      expect(res.body.data).toMatchObject({ id, status: 'SIGNED' });
      const got = await h.call(version === 2 ? 'getPersonRequestV2' : 'getPersonRequest', { params: { id } });
      expect(got.body.data).toMatchObject({ status: 'SIGNED' });
    });
  }

  it('key order does not matter; patient_signed false, other content, bad base64 and bad JSON are 422', async () => {
    const { id, data } = await approved();
    expect(firstInvalid(await sign(h, id, signedContentOf(data, { patient_signed: false })))).toMatchObject({
      entry: '$.patient_signed',
    });
    expect(
      firstInvalid(await sign(h, id, signedContentOf(data, { patient_signed: true, channel: 'OTHER' }))),
    ).toMatchObject({
      entry: '$.content',
      description: 'Signed content does not match the previously created content',
    });
    expect(firstInvalid(await sign(h, id, 'not base64!'))).toMatchObject({
      entry: '$.signed_content',
      description: 'Not a base64 string',
    });
    expect(firstInvalid(await sign(h, id, Buffer.from('{"a":').toString('base64')))).toMatchObject({
      entry: '$.signed_content',
    });
    const reversed = Object.fromEntries(
      Object.entries({ ...(data as object), patient_signed: true }).reverse(),
    );
    expect((await sign(h, id, Buffer.from(JSON.stringify(reversed)).toString('base64'))).status).toBe(200);
  });

  it('409 for a NEW request and for a second sign; the person can be updated with person.id', async () => {
    const id = await created();
    expect((await sign(h, id, 'e30=')).status).toBe(409);
    const res = await approve(h, id, { verification_code: await h.lastCode(PHONE) });
    const signed = await sign(h, id, signedContentOf(res.body.data));
    expect(signed.status).toBe(200);
    const second = await sign(h, id, signedContentOf(res.body.data));
    expect(second.status).toBe(409);
    expect(second.body.error?.message).toBe('Person request status is SIGNED, expected APPROVED');

    const personId = String((signed.body.data as { person_id?: unknown }).person_id);
    const update = await create(h, body(person(undefined, { id: personId, email: 'new@example.com' })));
    expect(update.status).toBe(201);
    expect(update.body.urgent).toEqual({
      authentication_method_current: [{ type: 'OTP', phone_number: '+38050*****01' }],
    });
    const updateId = idOf(update);
    const approvedUpdate = await approve(h, updateId, { verification_code: await h.lastCode(PHONE) });
    const signedUpdate = await sign(h, updateId, signedContentOf(approvedUpdate.body.data));
    expect(signedUpdate.body.data).toMatchObject({ person_id: personId });
  });

  it('two concurrent signs create one person', async () => {
    const { id, data } = await approved();
    const content = signedContentOf(data);
    const results = await Promise.all([sign(h, id, content), sign(h, id, content), sign(h, id, content)]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409, 409]);
  });

  it('a signed adult can be a child’s THIRD_PERSON: the code goes to the adult’s phone', async () => {
    const { id, data } = await approved();
    const signed = await sign(h, id, signedContentOf(data));
    const adult = String((signed.body.data as { person_id?: unknown }).person_id);
    const child = await create(
      h,
      body(
        person([{ type: 'THIRD_PERSON', value: adult, alias: 'father' }], {
          first_name: 'Олена',
          birth_date: '2019-07-05',
          tax_id: '5555555555',
          confidant_person: {
            person_id: adult,
            documents_relationship: [{ type: 'BIRTH_CERTIFICATE', number: '1' }],
          },
        }),
      ),
    );
    expect(child.status).toBe(201);
    expect(child.body.urgent).toEqual({
      authentication_method_current: [{ type: 'OTP', phone_number: '+38050*****01' }],
    });
    expect((await approve(h, idOf(child), { verification_code: await h.lastCode(PHONE) })).status).toBe(201);
  });
});

describe('reject', () => {
  it('NEW and APPROVED → REJECTED (200); SIGNED or REJECTED → 409', async () => {
    const id = await created();
    const res = await h.call('rejectPersonRequestV2', { params: { id } });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ status: 'REJECTED' });
    const again = await h.call('rejectPersonRequestV2', { params: { id } });
    expect(again.status).toBe(409);
    expect(again.body.error?.message).toBe('Person request status is REJECTED, expected NEW or APPROVED');
  });
});

describe('the control API', () => {
  it('reads the status, the current method unmasked and the code sent for the request', async () => {
    const id = await created();
    const res = await h.controlRaw('GET', `/__control/person_requests/${id}`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      id,
      status: 'NEW',
      version: 2,
      authentication_method_current: { type: 'OTP', phone_number: PHONE },
      code: String(await h.lastCode(PHONE)),
      documents: [],
    });
    expect((await h.controlRaw('GET', '/__control/person_requests/nope')).status).toBe(404);
  });

  it('lists every person request, oldest first, each as the read answers it', async () => {
    const first = await created();
    await h.call('rejectPersonRequestV2', { params: { id: first } });
    const second = await created();
    const list = await h.controlRaw('GET', '/__control/person_requests');
    expect(list.status).toBe(200);
    const data = (list.body as { data: { id: string }[] }).data;
    const ids = data.map((r) => r.id);
    expect(ids.indexOf(first)).toBeGreaterThanOrEqual(0);
    expect(ids.indexOf(first)).toBeLessThan(ids.indexOf(second));
    for (const id of [first, second])
      expect(data.find((r) => r.id === id)).toEqual(
        (await h.controlRaw('GET', `/__control/person_requests/${id}`)).body,
      );
    expect(data.find((r) => r.id === first)).toMatchObject({ status: 'REJECTED' });
  });
});
