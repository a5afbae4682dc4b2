import { describe, expect, it } from 'vitest';
import type {
  AuthMethod,
  CreatedBody,
  PersonRequest,
  PersonRequestStatus,
} from '../../../src/reference-impl/domain/models.js';
import { dataOf } from '../../../src/reference-impl/domain/person-request-view.js';
import { domain, errorOf, unwrap } from '../support/domain.js';
import { createdBody } from '../support/person-request-bodies.js';

/*
 * Create, list, approve, sign, reject and the upload endpoint of PersonRequests (AP:3118-3731),
 * through the domain service the engine wires: what each answers and what it leaves stored.
 */

type Domain = ReturnType<typeof domain>;

const PHONE = '+380501250001';

/** A request as an earlier create of `body` left it, in `status`. */
function stored(id: string, status: PersonRequestStatus, body: CreatedBody = createdBody()): PersonRequest {
  const methods: AuthMethod[] = [{ type: 'OTP', phoneNumber: PHONE }];
  return { id, status, authenticationMethods: methods, documents: ['PASSPORT'], uploads: [], created: body };
}

/** A record without the create's body (what an earlier kit's store may hold): no action finds it. */
const bare: PersonRequest = {
  id: 'bare',
  status: 'NEW',
  authenticationMethods: [{ type: 'OFFLINE' }],
  documents: ['PASSPORT'],
  uploads: [],
};

async function verified(d: Domain, phone = PHONE): Promise<void> {
  await d.verifications.initialize(phone);
  unwrap(await d.verifications.complete(phone, await d.lastCode(phone)));
}

/** Runs `hook` once, just before the store's next atomic update of a person request (a race, made deterministic). */
function beforeNextWrite(d: Domain, hook: () => Promise<unknown>): void {
  const update = d.store.updatePersonRequest.bind(d.store);
  let done = false;
  d.store.updatePersonRequest = async (id, decide) => {
    if (!done) {
      done = true;
      await hook();
    }
    return update(id, decide);
  };
}

/** Verify the phone, create an OTP request, approve it with the SMS code. */
async function approvedRequest(
  d: Domain,
  body = createdBody({ authentication_methods: [{ type: 'OTP', phone_number: PHONE }] }),
) {
  await verified(d);
  const request = unwrap(await d.personRequests.create(body, ''));
  return unwrap(await d.personRequests.approve(request.id, 2, await d.lastCode(PHONE)));
}

const signedContent = (request: PersonRequest & { created: CreatedBody }) =>
  Buffer.from(JSON.stringify({ ...dataOf(request, request.created.body), patient_signed: true })).toString(
    'base64',
  );

const offlineBody = (documents: string[]) =>
  createdBody({
    authentication_methods: [{ type: 'OFFLINE' }],
    documents: documents.map((type) => ({ type, number: '1', issued_by: 'x', issued_at: '2020-01-01' })),
  });

describe('PersonRequests.create', () => {
  it('cancels the same person’s NEW and APPROVED requests and leaves the others as they are', async () => {
    const d = domain();
    const other = createdBody({ tax_id: '1111111111', first_name: 'Інша' });
    const earlier = [
      stored('new', 'NEW'),
      stored('approved', 'APPROVED'),
      stored('signed', 'SIGNED'),
      stored('rejected', 'REJECTED'),
      stored('other-person', 'NEW', other),
      bare,
    ];
    for (const r of earlier) await d.store.putPersonRequest(r);
    await verified(d);
    unwrap(
      await d.personRequests.create(
        createdBody({ authentication_methods: [{ type: 'OTP', phone_number: PHONE }] }),
        '',
      ),
    );
    const statuses = await Promise.all(
      earlier.map(async (r) => (await d.store.getPersonRequest(r.id))?.status),
    );
    expect(statuses).toEqual(['CANCELLED', 'CANCELLED', 'SIGNED', 'REJECTED', 'NEW', 'NEW']);
  });

  it('a reset that forgets the earlier request while the create cancels it: the create still stores its own', async () => {
    const d = domain();
    await d.store.putPersonRequest(stored('new', 'NEW'));
    await verified(d);
    beforeNextWrite(d, () => d.store.reset());
    const request = unwrap(
      await d.personRequests.create(
        createdBody({ authentication_methods: [{ type: 'OTP', phone_number: PHONE }] }),
        '',
      ),
    );
    expect((await d.store.getPersonRequest(request.id))?.status).toBe('NEW');
    expect(await d.store.getPersonRequest('new')).toBeUndefined();
  });

  it('hands out no upload URLs to an OTP request', async () => {
    const d = domain();
    await verified(d);
    const request = unwrap(
      await d.personRequests.create(
        createdBody({ authentication_methods: [{ type: 'OTP', phone_number: PHONE }] }),
        '',
      ),
    );
    expect(request.uploads).toEqual([]);
  });

  it('points the OFFLINE upload URLs at uploadBaseUrl when it is set', async () => {
    const d = domain({ uploadBaseUrl: 'https://storage.example/bucket' });
    const request = unwrap(await d.personRequests.create(offlineBody(['PASSPORT']), 'http://127.0.0.1:1'));
    expect(request.uploads.map((u) => u.url.split('?')[0])).toEqual([
      `https://storage.example/bucket/${request.id}/person.PASSPORT`,
    ]);
  });

  it('an update of a person left with no usable method: no SMS, no URLs, approve needs no code', async () => {
    const d = domain();
    // The person's only method is a THIRD_PERSON whose person is not in the store: no method to use.
    await d.store.putPerson({
      id: 'p1',
      authenticationMethods: [{ id: 'm1', type: 'THIRD_PERSON', value: 'gone' }],
      documents: ['PASSPORT'],
      firstName: 'Петро',
      lastName: 'Іванов',
      birthDate: '1991-08-19',
    });
    const request = unwrap(await d.personRequests.create(createdBody({ id: 'p1' }), ''));
    expect(request.authenticationMethods).toEqual([]);
    expect(request.uploads).toEqual([]);
    expect(await d.smsCount()).toBe(0);
    expect(errorOf(await d.personRequests.resendOtp(request.id))).toBe('auth_method_not_otp');
    expect(unwrap(await d.personRequests.approve(request.id, 2, undefined)).status).toBe('APPROVED');
  });
});

describe('PersonRequests.list', () => {
  it('lists the created requests newest first, without bare records, filtered by status', async () => {
    const d = domain();
    for (const r of [stored('a', 'NEW'), bare, stored('b', 'SIGNED'), stored('c', 'NEW')])
      await d.store.putPersonRequest(r);
    expect((await d.personRequests.list()).map((r) => r.id)).toEqual(['c', 'b', 'a']);
    expect((await d.personRequests.list('NEW')).map((r) => r.id)).toEqual(['c', 'a']);
  });
});

describe('a record without the create’s body', () => {
  it('is not found by get, approve, sign or reject', async () => {
    const d = domain();
    await d.store.putPersonRequest(bare);
    const notFound = { ok: false, error: { code: 'person_request_not_found' } };
    expect(await d.personRequests.get('bare', 1)).toEqual(notFound);
    expect(await d.personRequests.approve('bare', 1, undefined)).toEqual(notFound);
    expect(await d.personRequests.sign('bare', 1, 'e30=')).toEqual(notFound);
    expect(await d.personRequests.reject('bare', 1)).toEqual(notFound);
    expect((await d.store.getPersonRequest('bare'))?.status).toBe('NEW');
  });
});

describe('PersonRequests.approve', () => {
  it('without a code on an OTP request: 422 required at $.verification_code, with the twin’s text', async () => {
    const d = domain();
    await d.store.putPersonRequest(stored('r', 'NEW'));
    expect(await d.personRequests.approve('r', 2, undefined)).toEqual({
      ok: false,
      error: {
        code: 'person_request_invalid',
        invalid: [
          {
            entry: '$.verification_code',
            entry_type: 'json_data_property',
            rules: [
              {
                rule: 'required',
                description: 'required property verification_code was not present',
                params: [],
              },
            ],
          },
        ],
      },
    });
  });

  it('OFFLINE: names every document not uploaded, in order', async () => {
    const d = domain();
    const request = unwrap(await d.personRequests.create(offlineBody(['PASSPORT', 'TAX_ID']), ''));
    expect(await d.personRequests.approve(request.id, 2, undefined)).toEqual({
      ok: false,
      error: { code: 'documents_not_uploaded', types: 'person.PASSPORT, person.TAX_ID' },
    });
  });
});

describe('PersonRequests.upload', () => {
  const signatureOf = (url: string) => new URL(url, 'http://x').searchParams.get('signature') ?? '';

  it('every document PUT counts: OFFLINE approve passes once all are uploaded', async () => {
    const d = domain();
    const request = unwrap(await d.personRequests.create(offlineBody(['PASSPORT', 'TAX_ID']), ''));
    const [passport, taxId] = request.uploads;
    if (passport === undefined || taxId === undefined) throw new Error('expected two upload URLs');
    expect(await d.personRequests.upload(request.id, passport.type, signatureOf(passport.url))).toBe(
      'uploaded',
    );
    expect(await d.personRequests.upload(request.id, taxId.type, signatureOf(taxId.url))).toBe('uploaded');
    expect((await d.store.getPersonRequest(request.id))?.uploaded).toEqual([
      'person.PASSPORT',
      'person.TAX_ID',
    ]);
    expect(unwrap(await d.personRequests.approve(request.id, 2, undefined)).status).toBe('APPROVED');
  });

  it('answers not_found for an unknown request or type and forbidden for another signature', async () => {
    const d = domain();
    const request = unwrap(await d.personRequests.create(offlineBody(['PASSPORT']), ''));
    expect(await d.personRequests.upload('unknown', 'person.PASSPORT', 'x')).toBe('not_found');
    expect(await d.personRequests.upload(request.id, 'person.TAX_ID', 'x')).toBe('not_found');
    expect(await d.personRequests.upload(request.id, 'person.PASSPORT', 'forged')).toBe('forbidden');
    expect((await d.store.getPersonRequest(request.id))?.uploaded).toEqual([]);
  });

  it('refuses a URL that a resend replaced while the PUT was on its way', async () => {
    const d = domain();
    const request = unwrap(await d.personRequests.create(offlineBody(['PASSPORT']), ''));
    const [doc] = request.uploads;
    if (doc === undefined) throw new Error('expected an upload URL');
    // The PUT has read the request and checked the old signature; the resend lands before its write.
    beforeNextWrite(d, async () => {
      unwrap(await d.personRequests.resendOtp(request.id, { type: 'OFFLINE' }));
    });
    expect(await d.personRequests.upload(request.id, doc.type, signatureOf(doc.url))).toBe('forbidden');
    const now = await d.store.getPersonRequest(request.id);
    expect(now?.uploaded).toEqual([]);
    expect(now?.uploads.map((u) => u.url)).not.toContain(doc.url);
  });

  it('refuses the PUT when a reset forgot the request before its write', async () => {
    const d = domain();
    const request = unwrap(await d.personRequests.create(offlineBody(['PASSPORT']), ''));
    const [doc] = request.uploads;
    if (doc === undefined) throw new Error('expected an upload URL');
    beforeNextWrite(d, () => d.store.reset());
    expect(await d.personRequests.upload(request.id, doc.type, signatureOf(doc.url))).toBe('forbidden');
    expect(await d.store.getPersonRequest(request.id)).toBeUndefined();
  });
});

describe('PersonRequests.sign', () => {
  it('creates the person with an id for each method (what authorize_with names)', async () => {
    const d = domain();
    const request = await approvedRequest(d);
    const signed = unwrap(await d.personRequests.sign(request.id, 2, signedContent(request)));
    const person = await d.store.getPerson(signed.personId ?? '');
    expect(person?.authenticationMethods).toEqual([
      { id: expect.any(String), type: 'OTP', phoneNumber: PHONE },
    ]);
  });

  it('an update keeps the person’s methods and their ids', async () => {
    const d = domain();
    const first = await approvedRequest(d);
    const personId = unwrap(await d.personRequests.sign(first.id, 2, signedContent(first))).personId ?? '';
    const methods = (await d.store.getPerson(personId))?.authenticationMethods;
    const update = await approvedRequest(d, createdBody({ id: personId, email: 'new@example.com' }));
    expect(unwrap(await d.personRequests.sign(update.id, 2, signedContent(update))).personId).toBe(personId);
    expect((await d.store.getPerson(personId))?.authenticationMethods).toEqual(methods);
  });

  it('two signs at once: one signs, the other answers the status conflict', async () => {
    const d = domain();
    const request = await approvedRequest(d);
    const content = signedContent(request);
    const results = await Promise.all([
      d.personRequests.sign(request.id, 2, content),
      d.personRequests.sign(request.id, 2, content),
    ]);
    expect(results.map((r) => (r.ok ? r.value.status : r.error.code)).sort()).toEqual([
      'SIGNED',
      'person_request_status_conflict',
    ]);
  });

  it('answers not found for an unknown id and the version error for the other version', async () => {
    const d = domain();
    const request = await approvedRequest(d);
    expect(errorOf(await d.personRequests.sign('unknown', 2, signedContent(request)))).toBe(
      'person_request_not_found',
    );
    expect(errorOf(await d.personRequests.sign(request.id, 1, signedContent(request)))).toBe(
      'person_request_wrong_version',
    );
    expect((await d.store.getPersonRequest(request.id))?.status).toBe('APPROVED');
  });
});

describe('PersonRequests.reject', () => {
  it('a request of the other version: the version error, and the request stays as it was', async () => {
    const d = domain();
    await d.store.putPersonRequest(stored('r', 'NEW'));
    expect(await d.personRequests.reject('r', 1)).toEqual({
      ok: false,
      error: { code: 'person_request_wrong_version', version: '1', other: '2' },
    });
    expect((await d.store.getPersonRequest('r'))?.status).toBe('NEW');
  });
});
