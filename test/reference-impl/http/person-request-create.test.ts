import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Harness } from '../support/harness.js';
import {
  body,
  create,
  firstInvalid,
  idOf,
  offline,
  otp,
  person,
  verifyPhone,
} from '../support/person-requests.js';

const PHONE = '+380501230001';
const OTHER = '+380501230002';

let h: Harness;
beforeAll(async () => {
  h = await Harness.start();
});
afterAll(() => h.close());
beforeEach(() => h.reset());

describe('POST /api/v2/person_requests and /api/person_requests (create)', () => {
  for (const version of [1, 2] as const) {
    it(`v${version}: a verified OTP phone → 201 NEW, masked current method, exactly one SMS to it`, async () => {
      await verifyPhone(h, PHONE);
      const before = (await h.sms(PHONE)).length;
      const res = await create(h, body(person([otp(PHONE)])), version);
      expect(res.status).toBe(201);
      expect(res.body.meta.code).toBe(201);
      expect(res.body.data).toMatchObject({ status: 'NEW', channel: 'MIS', patient_signed: false });
      expect(res.body.urgent).toEqual({
        authentication_method_current: [{ type: 'OTP', phone_number: '+38050*****01' }],
      });
      expect((await h.sms(PHONE)).length).toBe(before + 1);
      expect(await h.sms()).toHaveLength(before + 1);
    });
  }

  it('refuses an OTP phone never verified: 422 unverified, no SMS, nothing created', async () => {
    const res = await create(h, body(person([otp(PHONE)])));
    expect(res.status).toBe(422);
    expect(res.body.error).toEqual({ type: 'unverified', message: 'Unverified phone number' });
    expect(await h.sms()).toHaveLength(0);
    const list = await h.call('listPersonRequests');
    expect(list.body.data).toEqual([]);
  });

  it('makes the code of an earlier create for the same phone invalid', async () => {
    await verifyPhone(h, PHONE);
    const first = idOf(await create(h, body(person([otp(PHONE)], { tax_id: '1111111111' }))));
    const firstCode = await h.lastCode(PHONE);
    await create(h, body(person([otp(PHONE)], { tax_id: '2222222222' })));
    const res = await h.call('approvePersonRequestV2', {
      params: { id: first },
      json: { verification_code: firstCode },
    });
    expect(res.status).toBe(422);
    expect(res.body.error).toEqual({ type: 'forbidden', message: 'Invalid verification code' });
  });

  it('answers 429 past the SMS cap and creates nothing', async () => {
    const capped = await Harness.start({ settings: { smsCapLimit: 2 } });
    try {
      await verifyPhone(capped, PHONE); // one SMS
      expect((await create(capped, body(person([otp(PHONE)])))).status).toBe(201); // two
      const res = await create(capped, body(person([otp(PHONE)], { tax_id: '2222222222' })));
      expect(res.status).toBe(429);
      expect(res.headers['retry-after']).toBeDefined();
      expect((await capped.call('listPersonRequests')).body.data).toHaveLength(1);
    } finally {
      await capped.close();
    }
  });

  it('OFFLINE: upload URLs on this server, no SMS', async () => {
    const res = await create(h, body(person([offline])));
    expect(res.status).toBe(201);
    const urgent = res.body.urgent as {
      authentication_method_current: unknown;
      documents: { type: string; url: string }[];
    };
    expect(urgent.authentication_method_current).toEqual([{ type: 'OFFLINE' }]);
    expect(urgent.documents.map((d) => d.type)).toEqual(['person.PASSPORT']);
    expect(
      urgent.documents[0]?.url.startsWith(`${h.baseUrl}/uploads/${idOf(res)}/person.PASSPORT?signature=`),
    ).toBe(true);
    expect(await h.sms()).toHaveLength(0);
  });

  it('create needs authentication_methods (422 required at $.person.authentication_methods)', async () => {
    const res = await create(h, body(person(undefined)));
    expect(res.status).toBe(422);
    expect(firstInvalid(res)).toMatchObject({ entry: '$.person.authentication_methods', rule: 'required' });
  });

  it('OTP needs phone_number (422 required at the method)', async () => {
    const res = await create(h, body(person([{ type: 'OTP' }])));
    expect(res.status).toBe(422);
    expect(firstInvalid(res)).toMatchObject({
      entry: '$.person.authentication_methods.[0].phone_number',
      rule: 'required',
    });
  });

  it('refuses the NA method and other bad fields per field, as eHealth writes them', async () => {
    const na = await create(h, body(person([{ type: 'NA' } as never])));
    expect(na.status).toBe(422);
    expect(firstInvalid(na)).toMatchObject({
      entry: '$.person.authentication_methods.[0].type',
      rule: 'inclusion',
    });
    const bad = await create(
      h,
      body(person([otp(PHONE)], { tax_id: '12', gender: 'X' as never, birth_date: 'yesterday' })),
    );
    expect(bad.status).toBe(422);
    const entries = (bad.body.error?.invalid ?? [])
      .map((i) => `${String(i.entry)} ${String(i.rules?.[0]?.rule)}`)
      .sort();
    expect(entries).toEqual([
      '$.person.birth_date format',
      '$.person.gender inclusion',
      '$.person.tax_id format',
    ]);
    const extra = await create(h, { ...body(person([otp(PHONE)])), foo: 1 });
    expect(firstInvalid(extra)).toMatchObject({ entry: '$.foo', rule: 'schema' });
    const missing = await create(h, { person: { ...person([otp(PHONE)]), first_name: undefined } });
    const missingEntries = (missing.body.error?.invalid ?? []).map((i) => i.entry).sort();
    expect(missingEntries).toEqual([
      '$.patient_signed',
      '$.person.first_name',
      '$.process_disclosure_data_consent',
    ]);
  });

  it('the age rule: under 14 only THIRD_PERSON, and a confidant is required', async () => {
    await verifyPhone(h, PHONE);
    const res = await create(h, body(person([otp(PHONE)], { birth_date: '2019-07-05' })));
    expect(res.status).toBe(422);
    const entries = (res.body.error?.invalid ?? []).map(
      (i) => `${String(i.entry)} ${String(i.rules?.[0]?.rule)}`,
    );
    expect(entries).toEqual([
      '$.person.authentication_methods.[0].type invalid',
      '$.person.confidant_person required',
    ]);
    // Exactly 14 today counts as over 14 (DIV-PR-AGE-BOUNDARY): the clock of the engine decides.
    const now = new Date(h.engine.clock.now());
    const fourteen = `${now.getUTCFullYear() - 14}-${String(now.getUTCMonth() + 1).padStart(2, '0')}-${String(now.getUTCDate()).padStart(2, '0')}`;
    expect((await create(h, body(person([otp(PHONE)], { birth_date: fourteen })))).status).toBe(201);
  });

  it('THIRD_PERSON needs an existing person as value (and, in v2, the confidant)', async () => {
    const unknown = await create(
      h,
      body(
        person([{ type: 'THIRD_PERSON', value: 'no-such-person', alias: 'mother' }], {
          birth_date: '2019-07-05',
          confidant_person: {
            person_id: 'no-such-person',
            documents_relationship: [{ type: 'BIRTH_CERTIFICATE', number: '1' }],
          },
        }),
      ),
    );
    expect(unknown.status).toBe(422);
    expect(firstInvalid(unknown)).toMatchObject({
      entry: '$.person.authentication_methods.[0].value',
      rule: 'invalid',
    });
    const mismatch = await create(
      h,
      body(
        person([{ type: 'THIRD_PERSON', value: 'a', alias: 'mother' }], {
          confidant_person: {
            person_id: 'b',
            documents_relationship: [{ type: 'BIRTH_CERTIFICATE', number: '1' }],
          },
        }),
      ),
    );
    expect(firstInvalid(mismatch)).toMatchObject({
      entry: '$.person.authentication_methods.[0].value',
      description: 'Must be equal to confidant_person.person_id',
    });
  });

  it('update (person.id): an unknown person, methods on update and an unknown authorize_with are 422', async () => {
    const unknown = await create(h, body(person(undefined, { id: 'no-such-person' })));
    expect(firstInvalid(unknown)).toMatchObject({ entry: '$.person.id', rule: 'invalid' });
    const withMethods = await create(h, body(person([otp(PHONE)], { id: 'x' })));
    expect(firstInvalid(withMethods)).toMatchObject({
      entry: '$.person.authentication_methods',
      rule: 'invalid',
    });
  });

  it('cancels the same person’s NEW request (same tax_id), not another person’s', async () => {
    await verifyPhone(h, PHONE);
    await verifyPhone(h, OTHER);
    const first = idOf(await create(h, body(person([otp(PHONE)]))));
    const other = idOf(await create(h, body(person([otp(OTHER)], { tax_id: '9999999999' }))));
    await create(h, body(person([otp(PHONE)])));
    expect((await h.call('getPersonRequestV2', { params: { id: first } })).body.data).toMatchObject({
      status: 'CANCELLED',
    });
    expect((await h.call('getPersonRequestV2', { params: { id: other } })).body.data).toMatchObject({
      status: 'NEW',
    });
  });
});

describe('GET person requests', () => {
  it('get v2 answers the request with urgent; get v1 of a v2 request is 422; unknown is 404', async () => {
    const id = idOf(await create(h, body(person([offline]))));
    const v2 = await h.call('getPersonRequestV2', { params: { id } });
    expect(v2.status).toBe(200);
    expect(v2.body.meta.code).toBe(200);
    expect(v2.body.data).toMatchObject({ id, status: 'NEW' });
    const v1 = await h.call('getPersonRequest', { params: { id } });
    expect(v1.status).toBe(422);
    expect(v1.body.error?.message).toBe(
      'Person request cannot be processed by the version 1 of the service, use version 2 instead',
    );
    const missing = await h.call('getPersonRequestV2', {
      params: { id: '00000000-0000-4000-8000-000000000999' },
    });
    expect(missing.status).toBe(404);
  });

  it('needs person_request:read', async () => {
    const { token, api_key } = await h.token(['person_request:write']);
    const res = await h.call('listPersonRequests', { auth: `Bearer ${token}`, apiKey: api_key });
    expect(res.status).toBe(403);
    expect(res.body.error?.message).toContain('person_request:read');
  });

  it('lists newest first with version, filters by status, pages, and refuses page_size 301', async () => {
    const a = idOf(await create(h, body(person([offline], { tax_id: '1111111111' }))));
    const b = idOf(await create(h, body(person([offline], { tax_id: '2222222222' })), 1));
    await h.call('rejectPersonRequestV2', { params: { id: a } });
    const all = await h.call('listPersonRequests');
    expect(all.body.meta.type).toBe('list');
    expect(
      (all.body.data as unknown as { id: string; version: number }[]).map((r) => [r.id, r.version]),
    ).toEqual([
      [b, 1],
      [a, 2],
    ]);
    expect((all.body as unknown as { paging: unknown }).paging).toEqual({
      page_number: 1,
      page_size: 50,
      total_entries: 2,
      total_pages: 1,
    });
    const rejected = await h.call('listPersonRequests', { query: 'status=REJECTED' });
    expect((rejected.body.data as unknown as { id: string }[]).map((r) => r.id)).toEqual([a]);
    const page2 = await h.call('listPersonRequests', { query: 'page=2&page_size=1' });
    expect((page2.body.data as unknown as { id: string }[]).map((r) => r.id)).toEqual([a]);
    const tooBig = await h.call('listPersonRequests', { query: 'page_size=301' });
    expect(tooBig.status).toBe(422);
    expect(firstInvalid(tooBig)).toMatchObject({ entry: '$.page_size', rule: 'number' });
    const badStatus = await h.call('listPersonRequests', { query: 'status=DONE' });
    expect(firstInvalid(badStatus)).toMatchObject({ entry: '$.status', rule: 'inclusion' });
  });
});
