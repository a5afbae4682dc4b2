import { describe, expect, it } from 'vitest';
import type { components } from '../../../src/generated/ehealth-otp.js';
import type {
  AuthMethod,
  CreatedBody,
  Person,
  PersonAuthMethod,
  ThirdPerson,
} from '../../../src/reference-impl/domain/models.js';
import {
  fullYears,
  personFromBody,
  samePerson,
} from '../../../src/reference-impl/domain/person-request-create.js';
import { domain, storedPerson, T0, unwrap } from '../support/domain.js';
import { type Method, person } from '../support/person-requests.js';

/*
 * The rules of Create/Update Person Request (AP:3127-3194, 3443-3513) through the domain service,
 * as PersonRequests.create answers them: the 422 `invalid` entries the client reads, or the
 * request stored with its methods (the current one first) and the SMS or upload URLs it led to.
 */

type Schemas = components['schemas'];
type PersonV2 = Schemas['PersonV2'];

const ORIGIN = 'http://127.0.0.1:4010';
const OWN = '+380501110001';
const THIRD = '+380501110002';
const PERSON_ID = 'b075f148-7f93-4fc2-b2ec-2d81b19a9b7b';
const THIRD_ID = '1096f147-7f93-4fc6-bddc-9d71b198fb7f';

/** One `invalid` item as eHealth writes it (reference §2.3). */
const entry = (at: string, rule: string, description: string) => ({
  entry: at,
  entry_type: 'json_data_property',
  rules: [{ rule, description, params: [] }],
});

const v2 = (p: PersonV2, authorizeWith?: string): CreatedBody => ({
  version: 2,
  body: {
    person: p,
    patient_signed: false,
    process_disclosure_data_consent: true,
    ...(authorizeWith === undefined ? {} : { authorize_with: authorizeWith }),
  },
});

/** A v1 body: the person without v2's confidant reference, with v1's inline confidants if any. */
const v1 = (
  { confidant_person: _v2, ...p }: PersonV2,
  confidants?: Schemas['ConfidantPersonV1'][],
): CreatedBody => ({
  version: 1,
  body: {
    person: { ...p, ...(confidants === undefined ? {} : { confidant_person: confidants }) },
    patient_signed: false,
    process_disclosure_data_consent: true,
  },
});

const confidant = (personId: string) => ({
  person_id: personId,
  documents_relationship: [{ type: 'BIRTH_CERTIFICATE' as const, number: '1' }],
});

/** The request's methods for the person's own OTP `self`, OFFLINE `paper` and THIRD_PERSON `mother`. */
const selfPaperMother = (thirdPerson: ThirdPerson): AuthMethod[] => [
  { type: 'OTP', phoneNumber: OWN, alias: 'self' },
  { type: 'OFFLINE', alias: 'paper' },
  { type: 'THIRD_PERSON', alias: 'mother', thirdPerson },
];

/** A domain whose phones are verified (AP:3188-3194) and whose MPI holds the given persons. */
async function world(persons: Person[] = [], verified: string[] = [OWN, THIRD]) {
  const d = domain();
  for (const phone of verified) {
    unwrap(await d.verifications.initialize(phone));
    unwrap(await d.verifications.complete(phone, await d.lastCode(phone)));
  }
  for (const p of persons) await d.store.putPerson(p);
  return d;
}

/** The 422 `invalid` entries of a create that must fail its rules. */
async function invalidOf(d: Awaited<ReturnType<typeof world>>, created: CreatedBody) {
  const result = await d.personRequests.create(created, ORIGIN);
  if (result.ok || result.error.code !== 'person_request_invalid')
    throw new Error(`expected person_request_invalid, got ${JSON.stringify(result)}`);
  return result.error.invalid;
}

/** A date `years` years before T0 (2025-03-01), shifted by `days`. */
function birthDate(years: number, days = 0): string {
  const t = new Date(T0);
  t.setUTCFullYear(t.getUTCFullYear() - years);
  t.setUTCDate(t.getUTCDate() + days);
  return t.toISOString().slice(0, 10);
}

describe('fullYears: the age in full years on the engine clock (DIV-PR-AGE-BOUNDARY)', () => {
  it.each([
    ['2011-03-01', 14], // the 14th birthday is today
    ['2011-03-02', 13], // tomorrow, same month
    ['2011-04-01', 13], // a later month, an earlier day of month
    ['2011-02-28', 14], // an earlier month, a later day of month
    ['2011-01-01', 14],
    ['2010-12-31', 14],
  ])('born %s → %i on 2025-03-01', (born, years) => {
    expect(fullYears(born, T0)).toBe(years);
  });
});

describe('create: the age rule (AP:3144-3146) around the 14th birthday', () => {
  it('the day before the 14th birthday only THIRD_PERSON may confirm and a confidant is mandatory', async () => {
    const d = await world();
    expect(
      await invalidOf(d, v2(person([{ type: 'OTP', phone_number: OWN }], { birth_date: birthDate(14, 1) }))),
    ).toEqual([
      entry(
        '$.person.authentication_methods.[0].type',
        'invalid',
        'A person under 14 can only be authenticated by THIRD_PERSON',
      ),
      entry('$.person.confidant_person', 'required', 'Confidant person is mandatory for children'),
    ]);
  });

  it('on the 14th birthday the person confirms by its own OTP', async () => {
    const d = await world();
    const request = unwrap(
      await d.personRequests.create(
        v2(person([{ type: 'OTP', phone_number: OWN }], { birth_date: birthDate(14) })),
        ORIGIN,
      ),
    );
    expect(request.authenticationMethods).toEqual([{ type: 'OTP', phoneNumber: OWN }]);
  });
});

describe('create: the methods (AP:17190-17198)', () => {
  it('keeps each method with its alias, the first one current', async () => {
    const d = await world([storedPerson(THIRD_ID, [{ id: 'm1', type: 'OTP', phoneNumber: THIRD }])]);
    const methods: Method[] = [
      { type: 'OTP', phone_number: OWN, alias: 'self' },
      { type: 'OFFLINE', alias: 'paper' },
      { type: 'THIRD_PERSON', value: THIRD_ID, alias: 'mother' },
    ];
    const request = unwrap(
      await d.personRequests.create(v2(person(methods, { confidant_person: confidant(THIRD_ID) })), ORIGIN),
    );
    expect(request.authenticationMethods).toEqual(
      selfPaperMother({
        authenticationMethods: [{ type: 'OTP', phoneNumber: THIRD }],
        documents: ['PASSPORT'],
      }),
    );
    expect(await d.smsCount(OWN)).toBe(2); // the verification's and the create's
  });

  it('OTP needs phone_number, THIRD_PERSON needs alias and value', async () => {
    const d = await world();
    const invalid = await invalidOf(
      d,
      v2(person([{ type: 'OTP' }, { type: 'THIRD_PERSON' }], { confidant_person: confidant(THIRD_ID) })),
    );
    expect(invalid).toEqual([
      entry(
        '$.person.authentication_methods.[0].phone_number',
        'required',
        'required property phone_number was not present',
      ),
      entry(
        '$.person.authentication_methods.[1].alias',
        'required',
        'required property alias was not present',
      ),
      entry(
        '$.person.authentication_methods.[1].value',
        'required',
        'required property value was not present',
      ),
    ]);
  });

  it('create needs authentication_methods', async () => {
    const d = await world();
    expect(await invalidOf(d, v2(person(undefined)))).toEqual([
      entry(
        '$.person.authentication_methods',
        'required',
        'required property authentication_methods was not present',
      ),
    ]);
  });

  it('v2: the THIRD_PERSON value must be the confidant (AP:3465), also when no confidant is sent', async () => {
    const d = await world([storedPerson(THIRD_ID, [{ id: 'm1', type: 'OTP', phoneNumber: THIRD }])]);
    const method: Method = { type: 'THIRD_PERSON', value: THIRD_ID, alias: 'mother' };
    const expected = [
      entry(
        '$.person.authentication_methods.[0].value',
        'invalid',
        'Must be equal to confidant_person.person_id',
      ),
    ];
    expect(await invalidOf(d, v2(person([method], { confidant_person: confidant(PERSON_ID) })))).toEqual(
      expected,
    );
    expect(await invalidOf(d, v2(person([method])))).toEqual(expected);
  });

  it('v1 has no such link: a THIRD_PERSON adult without confidant is created', async () => {
    const d = await world([storedPerson(THIRD_ID, [{ id: 'm1', type: 'OFFLINE' }])]);
    const request = unwrap(
      await d.personRequests.create(
        v1(person([{ type: 'THIRD_PERSON', value: THIRD_ID, alias: 'mother' }])),
        ORIGIN,
      ),
    );
    expect(request.authenticationMethods.map((m) => m.type)).toEqual(['THIRD_PERSON']);
    // The third person confirms OFFLINE: upload URLs, no SMS beyond the verifications'.
    expect(request.uploads.map((u) => u.type)).toEqual(['person.PASSPORT', 'third_person.PASSPORT']);
    expect(await d.smsCount()).toBe(2);
  });

  it.each([
    ['is unknown', []],
    ['has no method', [storedPerson(THIRD_ID, [])]],
    [
      'confirms only through a THIRD_PERSON of its own',
      [storedPerson(THIRD_ID, [{ id: 'm1', type: 'THIRD_PERSON', value: PERSON_ID }])],
    ],
  ])('THIRD_PERSON is refused when the third person %s (S000:28)', async (_, persons) => {
    const d = await world(persons);
    const created = v2(
      person([{ type: 'THIRD_PERSON', value: THIRD_ID, alias: 'mother' }], {
        confidant_person: confidant(THIRD_ID),
      }),
    );
    expect(await invalidOf(d, created)).toEqual([
      entry(
        '$.person.authentication_methods.[0].value',
        'invalid',
        'Third person is not found or has no OTP or OFFLINE method',
      ),
    ]);
  });

  it('a THIRD_PERSON whose third person confirms OFFLINE needs no verified phone', async () => {
    const d = await world([storedPerson(THIRD_ID, [{ id: 'm1', type: 'OFFLINE', alias: 'paper' }])], []);
    const created = v2(
      person([{ type: 'THIRD_PERSON', value: THIRD_ID, alias: 'mother' }], {
        birth_date: birthDate(5),
        confidant_person: confidant(THIRD_ID),
      }),
    );
    const request = unwrap(await d.personRequests.create(created, ORIGIN));
    expect(request.authenticationMethods[0]?.thirdPerson?.authenticationMethods).toEqual([
      { type: 'OFFLINE', alias: 'paper' },
    ]);
    expect(await d.smsCount()).toBe(0);
  });
});

describe('update (person.id): the person’s methods, authorize_with first (AP:3162, S000:5)', () => {
  const methods: PersonAuthMethod[] = [
    { id: 'otp', type: 'OTP', phoneNumber: OWN, alias: 'self' },
    { id: 'paper', type: 'OFFLINE', alias: 'paper' },
    { id: 'mother', type: 'THIRD_PERSON', value: THIRD_ID, alias: 'mother' },
  ];
  const third = storedPerson(
    THIRD_ID,
    [
      { id: 't1', type: 'OTP', phoneNumber: THIRD, alias: 'mobile' },
      { id: 't2', type: 'OTP' },
      // The schema lets any method carry phone_number (AuthMethodRequest) and sign keeps it: still OFFLINE.
      { id: 't3', type: 'OFFLINE', phoneNumber: '+380501110009' },
      { id: 't4', type: 'THIRD_PERSON', value: PERSON_ID },
    ],
    ['PASSPORT', 'BIRTH_CERTIFICATE'],
  );
  const update = (authorizeWith?: string) => v2(person(undefined, { id: PERSON_ID }), authorizeWith);

  it('without authorize_with the first method is current; THIRD_PERSON resolves its person (OTP and OFFLINE only)', async () => {
    const d = await world([storedPerson(PERSON_ID, methods), third]);
    const request = unwrap(await d.personRequests.create(update(), ORIGIN));
    expect(request.authenticationMethods).toEqual(
      selfPaperMother({
        authenticationMethods: [{ type: 'OTP', phoneNumber: THIRD, alias: 'mobile' }, { type: 'OFFLINE' }],
        documents: ['PASSPORT', 'BIRTH_CERTIFICATE'],
      }),
    );
    expect(await d.smsCount(OWN)).toBe(2);
  });

  it('authorize_with puts the named method first, the others keep their order', async () => {
    const d = await world([storedPerson(PERSON_ID, methods), third]);
    const request = unwrap(await d.personRequests.create(update('mother'), ORIGIN));
    expect(request.authenticationMethods.map((m) => m.alias)).toEqual(['mother', 'self', 'paper']);
    // The code goes to the third person's OTP phone, none to the person's own.
    expect(await d.smsCount(THIRD)).toBe(2);
    expect(await d.smsCount(OWN)).toBe(1);
  });

  it('authorize_with an OFFLINE method: upload URLs, no SMS', async () => {
    const d = await world([storedPerson(PERSON_ID, methods), third]);
    const request = unwrap(await d.personRequests.create(update('paper'), ORIGIN));
    expect(request.authenticationMethods.map((m) => m.type)).toEqual(['OFFLINE', 'OTP', 'THIRD_PERSON']);
    // The person's documents and those of the third person of its other method (seeds/000).
    expect(request.uploads.map((u) => u.type)).toEqual([
      'person.PASSPORT',
      'third_person.PASSPORT',
      'third_person.BIRTH_CERTIFICATE',
    ]);
    expect(await d.smsCount()).toBe(2);
  });

  it('drops methods that cannot be used: OTP without phone, THIRD_PERSON without (known) person', async () => {
    const person = storedPerson(PERSON_ID, [
      { id: 'a', type: 'OTP' },
      { id: 'b', type: 'THIRD_PERSON', alias: 'gone' },
      { id: 'c', type: 'THIRD_PERSON', value: 'no-such-person' },
      { id: 'd', type: 'OFFLINE' },
    ]);
    const d = await world([person]);
    const request = unwrap(await d.personRequests.create(update(), ORIGIN));
    expect(request.authenticationMethods).toEqual([{ type: 'OFFLINE' }]);
    expect(request.uploads.map((u) => u.type)).toEqual(['person.PASSPORT']);
  });

  it('a person none of whose methods can be used gets a request without a current method, no SMS', async () => {
    const d = await world([storedPerson(PERSON_ID, [{ id: 'a', type: 'OTP' }])]);
    const request = unwrap(await d.personRequests.create(update(), ORIGIN));
    expect(request.authenticationMethods).toEqual([]);
    expect(request.uploads).toEqual([]);
    expect(await d.smsCount()).toBe(2);
  });

  it('the current OTP phone must be verified (AP:3188-3194)', async () => {
    const d = await world([storedPerson(PERSON_ID, methods), third], [OWN]);
    expect(await d.personRequests.create(update('mother'), ORIGIN)).toEqual({
      ok: false,
      error: { code: 'phone_unverified' },
    });
  });

  it('an authorize_with naming no method of the person is 422 at $.authorize_with', async () => {
    const d = await world([storedPerson(PERSON_ID, methods), third]);
    expect(await invalidOf(d, update('no-such-method'))).toEqual([
      entry('$.authorize_with', 'invalid', 'No authentication method of the person has this id'),
    ]);
  });

  it('an unknown person is 422 at $.person.id', async () => {
    const d = await world();
    expect(await invalidOf(d, update())).toEqual([entry('$.person.id', 'invalid', 'Person is not found')]);
  });

  it('v2: authentication_methods and confidant_person must not be present (AP:3134-3142, 3451-3459)', async () => {
    const d = await world([storedPerson(PERSON_ID, methods), third]);
    const created = v2(
      person([{ type: 'OTP', phone_number: OWN }], { id: PERSON_ID, confidant_person: confidant(THIRD_ID) }),
    );
    expect(await invalidOf(d, created)).toEqual([
      entry('$.person.authentication_methods', 'invalid', 'Must not be present on update'),
      entry('$.person.confidant_person', 'invalid', 'Must not be present on update'),
    ]);
    const onlyConfidant = v2(person(undefined, { id: PERSON_ID, confidant_person: confidant(THIRD_ID) }));
    expect(await invalidOf(d, onlyConfidant)).toEqual([
      entry('$.person.confidant_person', 'invalid', 'Must not be present on update'),
    ]);
  });

  it('v1: the inline confidant may come with an update', async () => {
    const d = await world([storedPerson(PERSON_ID, methods), third]);
    const created = v1(person(undefined, { id: PERSON_ID }), [confidantV1]);
    const request = unwrap(await d.personRequests.create(created, ORIGIN));
    expect(request.authenticationMethods.map((m) => m.alias)).toEqual(['self', 'paper', 'mother']);
  });
});

const confidantV1: Schemas['ConfidantPersonV1'] = {
  relation_type: 'PRIMARY',
  first_name: 'Марія',
  last_name: 'Іванова',
  birth_date: '1965-01-01',
  birth_country: 'Україна',
  birth_settlement: 'Вінниця',
  gender: 'FEMALE',
  secret: 'secret',
  documents_person: [{ type: 'PASSPORT', number: 'АА000001', issued_by: 'РВ', issued_at: '1990-01-01' }],
  documents_relationship: [{ type: 'BIRTH_CERTIFICATE', number: '1' }],
};

describe('samePerson: whose pending request a create cancels (DIV-PR-CREATE-CANCELS-PENDING)', () => {
  const base = person(undefined, { tax_id: '1111111111' });
  const { tax_id: _t, ...noTax } = base;

  it('by person.id when either has one', () => {
    expect(samePerson({ ...base, id: 'a' }, { ...base, id: 'a' })).toBe(true);
    expect(samePerson({ ...base, id: 'a' }, { ...base, id: 'b' })).toBe(false);
    expect(samePerson({ ...base, id: 'a' }, base)).toBe(false);
    expect(samePerson(base, { ...base, id: 'a' })).toBe(false);
  });

  it('else by tax_id when either has one', () => {
    expect(samePerson(base, { ...base, first_name: 'Інший' })).toBe(true);
    expect(samePerson(base, { ...base, tax_id: '2222222222' })).toBe(false);
    expect(samePerson(base, noTax)).toBe(false);
    expect(samePerson(noTax, base)).toBe(false);
  });

  it('else by names and birth date', () => {
    expect(samePerson(noTax, { ...noTax })).toBe(true);
    for (const change of [
      { first_name: 'Інший' },
      { last_name: 'Інший' },
      { second_name: 'Інший' },
      { birth_date: '1991-08-20' },
    ])
      expect(samePerson(noTax, { ...noTax, ...change })).toBe(false);
  });
});

describe('personFromBody: the person a sign stores', () => {
  let n = 0;
  const ids = () => `method-${++n}`;

  it('gives each method an id and takes the fields sent', () => {
    n = 0;
    const body = v2(
      person(
        [
          { type: 'OTP', phone_number: OWN },
          { type: 'THIRD_PERSON', value: THIRD_ID, alias: 'mother' },
        ],
        {
          documents: [
            { type: 'PASSPORT', number: '1', issued_by: 'РВ', issued_at: '2017-02-28' },
            { type: 'TAX_ID', number: '2', issued_by: 'ДПС', issued_at: '2017-02-28' },
          ],
        },
      ),
    ).body;
    const stored = personFromBody(PERSON_ID, body, ids);
    expect(stored).toEqual({
      id: PERSON_ID,
      authenticationMethods: [
        { id: 'method-1', type: 'OTP', phoneNumber: OWN },
        { id: 'method-2', type: 'THIRD_PERSON', value: THIRD_ID, alias: 'mother' },
      ],
      documents: ['PASSPORT', 'TAX_ID'],
      firstName: 'Петро',
      lastName: 'Іванов',
      birthDate: '1991-08-19',
      taxId: '3126509816',
    });
  });

  it('an update keeps the stored methods; a body without methods stores none', () => {
    const existing = storedPerson(PERSON_ID, [{ id: 'kept', type: 'OFFLINE' }]);
    const p = person(undefined);
    expect(
      personFromBody(PERSON_ID, v2({ ...p, id: PERSON_ID }).body, ids, existing).authenticationMethods,
    ).toEqual([{ id: 'kept', type: 'OFFLINE' }]);
    const none = personFromBody(PERSON_ID, v2(p).body, ids);
    expect(none.authenticationMethods).toEqual([]);
  });
});
