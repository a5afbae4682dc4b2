import { describe, expect, it } from 'vitest';
import type {
  AuthMethod,
  PersonRequest,
  PersonRequestStatus,
} from '../../../src/reference-impl/domain/models.js';
import { primaryMethod } from '../../../src/reference-impl/domain/person-requests.js';
import { domain, errorOf, unwrap } from '../support/domain.js';

const ID = 'eeebb86d-5cba-43c9-885b-6482ecaf826b';
const OWN = '+380501110001';
const THIRD = '+380501110002';

const otp = (phoneNumber: string, extra: Partial<AuthMethod> = {}): AuthMethod => ({
  type: 'OTP',
  phoneNumber,
  ...extra,
});
const offline = (extra: Partial<AuthMethod> = {}): AuthMethod => ({ type: 'OFFLINE', ...extra });
const thirdPerson = (alias: string, methods: AuthMethod[], documents: string[] = []): AuthMethod => ({
  type: 'THIRD_PERSON',
  alias,
  thirdPerson: { authenticationMethods: methods, documents },
});

async function seeded(
  methods: AuthMethod[],
  options: { status?: PersonRequestStatus; documents?: string[] } = {},
  settings: Parameters<typeof domain>[0] = {},
) {
  const d = domain(settings);
  const request: PersonRequest = {
    id: ID,
    status: options.status ?? 'NEW',
    authenticationMethods: methods,
    documents: options.documents ?? ['PASSPORT'],
    uploads: [],
  };
  await d.store.putPersonRequest(request);
  return d;
}

function smsOutcome(result: Awaited<ReturnType<ReturnType<typeof domain>['personRequests']['resendOtp']>>) {
  const outcome = unwrap(result);
  if (outcome.kind !== 'sms') throw new Error(`expected an SMS, got ${outcome.kind}`);
  return outcome.verification;
}

function documentsOutcome(
  result: Awaited<ReturnType<ReturnType<typeof domain>['personRequests']['resendOtp']>>,
) {
  const outcome = unwrap(result);
  if (outcome.kind !== 'documents') throw new Error(`expected documents, got ${outcome.kind}`);
  return outcome.documents;
}

describe('choosing the primary authentication method', () => {
  it('takes the method marked is_primary, else the first one (CONTRACT.md)', () => {
    const a = otp(OWN);
    const b = offline({ isPrimary: true });
    expect(primaryMethod([a, b])).toBe(b);
    expect(primaryMethod([a, offline()])).toBe(a);
    expect(primaryMethod([])).toBeUndefined();
  });
});

describe('PersonRequests.resendOtp', () => {
  it('answers person_request_not_found for an unknown id', async () => {
    const d = domain();
    expect(errorOf(await d.personRequests.resendOtp(ID))).toBe('person_request_not_found');
  });

  it('sends one SMS with a new code to the primary OTP phone', async () => {
    const d = await seeded([offline({ alias: 'paper' }), otp(OWN, { isPrimary: true })]);
    const view = smsOutcome(await d.personRequests.resendOtp(ID));
    expect(view).toMatchObject({ status: 'NEW', active: true });
    expect(await d.smsCount()).toBe(1);
    expect(await d.smsCount(OWN)).toBe(1);
  });

  it('makes the code sent earlier invalid', async () => {
    const d = await seeded([otp(OWN)], {}, { wrongCodePolicy: 'attempts' });
    smsOutcome(await d.personRequests.resendOtp(ID));
    const earlier = await d.lastCode(OWN);
    smsOutcome(await d.personRequests.resendOtp(ID));
    const latest = await d.lastCode(OWN);
    expect(errorOf(await d.verifications.complete(OWN, earlier))).toBe('code_mismatch');
    expect(unwrap(await d.verifications.complete(OWN, latest)).status).toBe('VERIFIED');
  });

  it('routes a THIRD_PERSON method to the third person’s OTP phone', async () => {
    const d = await seeded([thirdPerson('mother', [offline(), otp(THIRD, { isPrimary: true })])]);
    smsOutcome(await d.personRequests.resendOtp(ID));
    expect(await d.smsCount(THIRD)).toBe(1);
    expect(await d.smsCount()).toBe(1);
  });

  it('answers auth_method_not_otp for an OFFLINE primary method and sends nothing', async () => {
    const d = await seeded([offline(), otp(OWN)]);
    expect(errorOf(await d.personRequests.resendOtp(ID))).toBe('auth_method_not_otp');
    expect(await d.smsCount()).toBe(0);
  });

  it('answers auth_method_not_otp for a THIRD_PERSON whose third person is OFFLINE', async () => {
    const d = await seeded([thirdPerson('mother', [offline()])]);
    expect(errorOf(await d.personRequests.resendOtp(ID))).toBe('auth_method_not_otp');
  });

  it.each(['APPROVED', 'SIGNED', 'CANCELLED', 'REJECTED'] as const)(
    'answers person_request_not_new naming the status %s',
    async (status) => {
      const d = await seeded([otp(OWN)], { status });
      expect(await d.personRequests.resendOtp(ID)).toEqual({
        ok: false,
        error: { code: 'person_request_not_new', status },
      });
      expect(await d.smsCount()).toBe(0);
    },
  );

  it('checks the method before the status (seeds/001 order)', async () => {
    const d = await seeded([offline()], { status: 'APPROVED' });
    expect(errorOf(await d.personRequests.resendOtp(ID))).toBe('auth_method_not_otp');
  });

  it('sends to the method that matches the chosen type and alias', async () => {
    const d = await seeded([otp(OWN, { alias: 'self' }), otp('+380501110003', { alias: 'work' })]);
    smsOutcome(await d.personRequests.resendOtp(ID, { type: 'OTP', alias: 'work' }));
    expect(await d.smsCount('+380501110003')).toBe(1);
    expect(await d.smsCount(OWN)).toBe(0);
  });

  it('takes an empty body as no choice: the primary method, not the first one (DIV-RESEND-EMPTY-BODY)', async () => {
    const d = await seeded([otp(OWN), otp(THIRD, { isPrimary: true })]);
    smsOutcome(await d.personRequests.resendOtp(ID, {}));
    expect(await d.smsCount(THIRD)).toBe(1);
    expect(await d.smsCount(OWN)).toBe(0);
  });

  it('matches a choice of only an alias, or only a type, on that field alone', async () => {
    const d = await seeded([otp(OWN, { alias: 'self' }), otp(THIRD, { alias: 'work' })]);
    smsOutcome(await d.personRequests.resendOtp(ID, { alias: 'work' }));
    expect(await d.smsCount(THIRD)).toBe(1);
    smsOutcome(await d.personRequests.resendOtp(ID, { type: 'OTP' }));
    expect(await d.smsCount(OWN)).toBe(1);
  });

  it('answers auth_method_not_found on the alias when no method matches type and alias', async () => {
    const d = await seeded([otp(OWN, { alias: 'self' }), offline({ alias: 'paper' })]);
    expect(await d.personRequests.resendOtp(ID, { type: 'OTP', alias: 'paper' })).toEqual({
      ok: false,
      error: { code: 'auth_method_not_found', field: 'alias' },
    });
    expect(await d.personRequests.resendOtp(ID, { type: 'THIRD_PERSON' })).toEqual({
      ok: false,
      error: { code: 'auth_method_not_found', field: 'type' },
    });
  });

  it('issues upload URLs for the person’s and the third person’s documents when OFFLINE is chosen, without an SMS', async () => {
    const d = await seeded(
      [otp(OWN), offline({ alias: 'paper' }), thirdPerson('mother', [otp(THIRD)], ['BIRTH_CERTIFICATE'])],
      {
        documents: ['PASSPORT', 'TAX_ID'],
      },
    );
    const documents = documentsOutcome(
      await d.personRequests.resendOtp(ID, { type: 'OFFLINE', alias: 'paper' }),
    );
    expect(documents.map((doc) => doc.type)).toEqual([
      'person.PASSPORT',
      'person.TAX_ID',
      'third_person.BIRTH_CERTIFICATE',
    ]);
    for (const doc of documents) {
      // uploadBaseUrl empty (the default): the server's own /uploads on the request's origin ('' here).
      expect(doc.url.startsWith(`/uploads/${ID}/${doc.type}?`)).toBe(true);
    }
    expect(await d.smsCount()).toBe(0);
  });

  it('replaces, and so invalidates, the upload URLs issued before', async () => {
    const d = await seeded([offline()]);
    const first = documentsOutcome(await d.personRequests.resendOtp(ID, { type: 'OFFLINE' }));
    const second = documentsOutcome(await d.personRequests.resendOtp(ID, { type: 'OFFLINE' }));
    expect(second[0]?.url).not.toBe(first[0]?.url);
    const stored = await d.store.getPersonRequest(ID);
    expect(stored?.uploads).toEqual(second);
    expect(stored?.uploads.map((u) => u.url)).not.toContain(first[0]?.url);
  });

  it('does not issue upload URLs for a request that is not NEW', async () => {
    const d = await seeded([offline()], { status: 'SIGNED' });
    expect(errorOf(await d.personRequests.resendOtp(ID, { type: 'OFFLINE' }))).toBe('person_request_not_new');
    expect((await d.store.getPersonRequest(ID))?.uploads).toEqual([]);
  });

  it('answers sms_cap_reached once the phone’s cap is full', async () => {
    const d = await seeded([otp(OWN)], {}, { smsCapLimit: 2 });
    smsOutcome(await d.personRequests.resendOtp(ID));
    smsOutcome(await d.personRequests.resendOtp(ID));
    expect(errorOf(await d.personRequests.resendOtp(ID))).toBe('sms_cap_reached');
    expect(await d.smsCount(OWN)).toBe(2);
  });
});
