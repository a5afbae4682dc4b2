import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Harness } from '../support/harness.js';

/*
 * The confirmable-request model over HTTP (issue 15): the generic control operation that seeds a
 * request of any family, and the model's resend/approve on the declaration family, incl. the two
 * switches of issue 16 (DIV-RESEND-CONFLICT-422, DIV-RESEND-CHECK-ORDER) under both profiles.
 */

const PHONE = '+380501234567';
const OTHER = '+380507654321';
const FAMILY = 'declaration_request';

type Method = { type: 'OTP'; phone_number: string } | { type: 'OFFLINE' } | { type: 'NA' };

async function seed(h: Harness, status: string, method: Method, data?: Record<string, unknown>) {
  const res = await h.controlRaw('POST', `/__control/requests/${FAMILY}`, {
    json: { status, authentication_method_current: method, ...(data === undefined ? {} : { data }) },
  });
  expect(res.status, res.text).toBe(201);
  return (res.body as { id: string }).id;
}

const resend = (h: Harness, id: string) => h.call('resendDeclarationRequestOtp', { params: { id } });
const approve = (h: Harness, id: string, code?: number | string) =>
  h.call('approveDeclarationRequest', {
    params: { id },
    ...(code === undefined ? {} : { json: { verification_code: code } }),
  });

describe('the generic control operation for confirmable requests', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await Harness.start();
  });
  afterAll(() => h.close());
  beforeEach(() => h.reset());

  it('seeds a request of a family and reads it back with the code last sent to its phone', async () => {
    const id = await seed(h, 'NEW', { type: 'OTP', phone_number: PHONE }, { employee_id: 'e-1' });
    const before = await h.controlRaw('GET', `/__control/requests/${FAMILY}/${id}`);
    expect(before.body).toEqual({
      id,
      family: FAMILY,
      status: 'NEW',
      authentication_method_current: { type: 'OTP', phone_number: PHONE },
      data: { employee_id: 'e-1' },
    });
    expect(await h.sms(PHONE)).toEqual([]); // seeding sends nothing
    expect((await resend(h, id)).status).toBe(200);
    const after = await h.controlRaw('GET', `/__control/requests/${FAMILY}/${id}`);
    expect((after.body as { code?: string }).code).toBe(String(await h.lastCode(PHONE)));
  });

  it('answers 404 for a family the spec does not have, 422 for a status the family does not name', async () => {
    const unknown = await h.controlRaw('POST', '/__control/requests/no_such_request', {
      json: { authentication_method_current: { type: 'NA' } },
    });
    expect([unknown.status, unknown.body]).toEqual([404, { error: 'No confirmable family no_such_request' }]);
    const status = await h.controlRaw('POST', `/__control/requests/${FAMILY}`, {
      json: { status: 'SIGNED', authentication_method_current: { type: 'NA' } },
    });
    expect(status.status).toBe(422);
    expect((status.body as { error: string }).error).toMatch(/\$\.status must be one of NEW, APPROVED/);
    const phoneless = await h.controlRaw('POST', `/__control/requests/${FAMILY}`, {
      json: { authentication_method_current: { type: 'OTP' } },
    });
    expect(phoneless.status).toBe(422);
    const read = await h.controlRaw(
      'GET',
      `/__control/requests/${FAMILY}/00000000-0000-4000-8000-000000000000`,
    );
    expect(read.status).toBe(404);
  });

  it('seeds a person request through the same operation (one method), and refuses NA for it', async () => {
    const res = await h.controlRaw('POST', '/__control/requests/person_request', {
      json: { authentication_method_current: { type: 'OTP', phone_number: PHONE } },
    });
    expect(res.status).toBe(201);
    const id = (res.body as { id: string }).id;
    const state = await h.controlRaw('GET', `/__control/person_requests/${id}`);
    expect(state.body).toMatchObject({
      status: 'NEW',
      authentication_method_current: { type: 'OTP', phone_number: PHONE },
    });
    const na = await h.controlRaw('POST', '/__control/requests/person_request', {
      json: { authentication_method_current: { type: 'NA' } },
    });
    expect(na.status).toBe(422);
  });
});

describe('declaration requests on the model (documented profile)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await Harness.start();
  });
  afterAll(() => h.close());
  beforeEach(() => h.reset());

  it('approve spends the resend code once: two approves at once, one 201 and one 409 or 422', async () => {
    const id = await seed(h, 'NEW', { type: 'OTP', phone_number: PHONE });
    expect((await resend(h, id)).status).toBe(200);
    const code = await h.lastCode(PHONE);
    const answers = await Promise.all([approve(h, id, code), approve(h, id, code)]);
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses[0]).toBe(201);
    expect([409, 422]).toContain(statuses[1]);
  });

  it('the code sent for a request of another family (another phone) does not approve', async () => {
    const id = await seed(h, 'NEW', { type: 'OTP', phone_number: PHONE });
    const person = await h.personRequest({ authentication_methods: [{ type: 'OTP', phone_number: OTHER }] });
    expect((await resend(h, id)).status).toBe(200);
    expect((await h.call('resendPersonRequestOtp', { params: { id: person } })).status).toBe(200);
    const theirs = await h.lastCode(OTHER);
    const mine = await h.lastCode(PHONE);
    if (theirs !== mine) {
      const refused = await approve(h, id, theirs);
      expect([refused.status, refused.body.error]).toEqual([
        422,
        { type: 'forbidden', message: 'Invalid verification code' },
      ]);
    }
  });

  it('an expired code, no code, a code as a string, and a status conflict', async () => {
    const id = await seed(h, 'NEW', { type: 'OTP', phone_number: PHONE });
    expect((await resend(h, id)).status).toBe(200);
    const code = await h.lastCode(PHONE);
    const none = await approve(h, id);
    expect(none.status).toBe(422);
    expect(none.body.error?.invalid).toEqual([
      expect.objectContaining({
        entry: '$.verification_code',
        rules: [expect.objectContaining({ rule: 'required' })],
      }),
    ]);
    expect((await approve(h, id, String(code))).status).toBe(422);
    await h.advanceClock(901);
    const late = await approve(h, id, code);
    expect([late.status, late.body.error?.message]).toEqual([422, 'Verification code expired']);
    const approved = await seed(h, 'APPROVED', { type: 'NA' });
    const conflict = await approve(h, approved);
    expect([conflict.status, conflict.body.error]).toEqual([
      409,
      { type: 'request_conflict', message: 'Declaration request status is APPROVED, expected NEW' },
    ]);
  });

  it('NA and OFFLINE approve without a code; the answer carries the seeded fields', async () => {
    const na = await seed(h, 'NEW', { type: 'NA' }, { employee_id: 'e-7' });
    const res = await approve(h, na);
    expect([res.status, res.body.data]).toEqual([201, { employee_id: 'e-7', id: na, status: 'APPROVED' }]);
    const offline = await seed(h, 'NEW', { type: 'OFFLINE' });
    expect((await approve(h, offline)).status).toBe(201);
    const state = await h.controlRaw('GET', `/__control/requests/${FAMILY}/${offline}`);
    expect((state.body as { status: string }).status).toBe('APPROVED');
  });

  it('resend: method first, then status, both 409 (seeds/001)', async () => {
    const both = await seed(h, 'APPROVED', { type: 'OFFLINE' });
    const res = await resend(h, both);
    expect([res.status, res.body.error]).toEqual([
      409,
      { type: 'request_conflict', message: 'Auth method is not OTP' },
    ]);
    const approved = await seed(h, 'APPROVED', { type: 'OTP', phone_number: PHONE });
    expect((await resend(h, approved)).body.error?.message).toBe(
      'Declaration request status is APPROVED, expected NEW',
    );
    expect(await h.sms(PHONE)).toEqual([]);
  });
});

describe('declaration requests under behaviour: running (the twin’s resend, issue 16)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await Harness.start({ settings: { behaviour: 'running' } });
  });
  afterAll(() => h.close());
  beforeEach(() => h.reset());

  const invalid = (entry: string, description: string) => [
    { entry, entry_type: 'json_data_property', rules: [{ rule: 'invalid', description, params: [] }] },
  ];

  it('answers the conflicts 422 with one invalid item, the status checked first (EH resend_otp.ex:12-30)', async () => {
    const both = await seed(h, 'APPROVED', { type: 'OFFLINE' });
    const res = await resend(h, both);
    expect([res.status, res.body.error?.type, res.body.error?.invalid]).toEqual([
      422,
      'validation_failed',
      invalid('$.status', 'incorrect status'),
    ]);
    const na = await seed(h, 'NEW', { type: 'NA' });
    expect((await resend(h, na)).body.error?.invalid).toEqual(
      invalid('$.authentication_method_current', 'Auth method is not OTP'),
    );
  });

  it('applies to person requests too, and an individual setting still wins over the profile', async () => {
    const person = await h.personRequest({
      status: 'APPROVED',
      authentication_methods: [{ type: 'OFFLINE' }],
    });
    const res = await h.call('resendPersonRequestOtp', { params: { id: person } });
    expect(res.body.error?.invalid).toEqual(invalid('$.status', 'incorrect status'));
    const mixed = await Harness.start({
      settings: { behaviour: 'running', resendConflict422: false, resendStatusFirst: false },
    });
    try {
      const id = await seed(mixed, 'APPROVED', { type: 'OFFLINE' });
      const seeds = await resend(mixed, id);
      expect([seeds.status, seeds.body.error?.message]).toEqual([409, 'Auth method is not OTP']);
    } finally {
      await mixed.close();
    }
  });
});
