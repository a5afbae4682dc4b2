import { describe, expect, it } from 'vitest';
import type { components } from '../../../src/generated/ehealth-otp.js';
import type { AuthMethod, PersonRequest } from '../../../src/reference-impl/domain/models.js';
import {
  confirmsOffline,
  currentMethodView,
  dataOf,
  maskPhone,
  otpPhoneOf,
  printout,
  urgentOf,
} from '../../../src/reference-impl/domain/person-request-view.js';
import { person } from '../support/person-requests.js';

/*
 * What a person request shows: `urgent.authentication_method_current` (AP:17176-17181), `$.data`
 * (AP:3168-3182) and the printout the person signs (AP:3250), from the request as stored.
 */

const OWN = '+380501110001';
const THIRD = '+380501110002';

const third = (methods: AuthMethod[]): AuthMethod => ({
  type: 'THIRD_PERSON',
  alias: 'mother',
  thirdPerson: { authenticationMethods: methods, documents: [] },
});

const request = (methods: AuthMethod[], extra: Partial<PersonRequest> = {}): PersonRequest => ({
  id: 'eeebb86d-5cba-43c9-885b-6482ecaf826b',
  status: 'NEW',
  authenticationMethods: methods,
  documents: ['PASSPORT'],
  uploads: [],
  ...extra,
});

describe('where the code goes and what approve needs', () => {
  it('a THIRD_PERSON sends to its third person’s primary OTP phone, confirms OFFLINE when that one is OFFLINE', () => {
    const byPhone = third([{ type: 'OFFLINE' }, { type: 'OTP', phoneNumber: THIRD, isPrimary: true }]);
    expect(otpPhoneOf(byPhone)).toBe(THIRD);
    expect(confirmsOffline(byPhone)).toBe(false);
    const byPaper = third([{ type: 'OFFLINE' }, { type: 'OTP', phoneNumber: THIRD }]);
    expect(otpPhoneOf(byPaper)).toBeUndefined();
    expect(confirmsOffline(byPaper)).toBe(true);
  });

  it('a THIRD_PERSON without a (usable) third person sends nothing and does not confirm OFFLINE', () => {
    for (const method of [third([]), { type: 'THIRD_PERSON', alias: 'seeded' } satisfies AuthMethod]) {
      expect(otpPhoneOf(method)).toBeUndefined();
      expect(confirmsOffline(method)).toBe(false);
    }
  });

  it('OTP and OFFLINE speak for themselves', () => {
    expect(otpPhoneOf({ type: 'OTP', phoneNumber: OWN })).toBe(OWN);
    expect(confirmsOffline({ type: 'OTP', phoneNumber: OWN })).toBe(false);
    expect(otpPhoneOf({ type: 'OFFLINE' })).toBeUndefined();
    expect(confirmsOffline({ type: 'OFFLINE' })).toBe(true);
  });
});

describe('urgent.authentication_method_current (AP:17176-17181)', () => {
  it('masks the phone as the twin hides it (PHN:7-9): 6 characters, 5 stars, the last 2', () => {
    expect(maskPhone('+380501110001')).toBe('+38050*****01');
    expect(maskPhone('123456789')).toBe('123456*****89');
    // Too short to show anything: all stars.
    expect(maskPhone('12345678')).toBe('********');
  });

  it('shows the third person’s method of a THIRD_PERSON: OTP masked, OFFLINE, else NA', () => {
    expect(currentMethodView(request([third([{ type: 'OTP', phoneNumber: THIRD }])]))).toEqual([
      { type: 'OTP', phone_number: '+38050*****02' },
    ]);
    expect(currentMethodView(request([third([{ type: 'OFFLINE' }])]))).toEqual([{ type: 'OFFLINE' }]);
    expect(currentMethodView(request([third([])]))).toEqual([{ type: 'NA' }]);
  });

  it('a request without methods shows none, and urgent lists documents only while there are upload URLs', () => {
    expect(urgentOf(request([]))).toEqual({ authentication_method_current: [] });
    const uploads = [
      { type: 'person.PASSPORT', url: 'http://127.0.0.1/uploads/x/person.PASSPORT?signature=s' },
    ];
    expect(urgentOf(request([{ type: 'OFFLINE' }], { uploads }))).toEqual({
      authentication_method_current: [{ type: 'OFFLINE' }],
      documents: uploads,
    });
  });
});

describe('$.data and the printout', () => {
  const body = (extra: Partial<components['schemas']['PersonV2']> = {}, authorizeWith?: string) => ({
    person: person(undefined, extra),
    patient_signed: false,
    process_disclosure_data_consent: true,
    ...(authorizeWith === undefined ? {} : { authorize_with: authorizeWith }),
  });

  it('echoes authorize_with and, from approve on, the printout content; neither before', () => {
    const update = body({ id: 'b075f148-7f93-4fc2-b2ec-2d81b19a9b7b' }, 'method-1');
    expect(dataOf(request([], { status: 'APPROVED', content: '<html/>' }), update)).toEqual({
      id: 'eeebb86d-5cba-43c9-885b-6482ecaf826b',
      status: 'APPROVED',
      person: update.person,
      patient_signed: false,
      process_disclosure_data_consent: true,
      channel: 'MIS',
      authorize_with: 'method-1',
      content: '<html/>',
    });
    const created = dataOf(request([]), body());
    expect(Object.keys(created)).toEqual([
      'id',
      'status',
      'person',
      'patient_signed',
      'process_disclosure_data_consent',
      'channel',
    ]);
  });

  it('the printout names a create or an update, the full name and birth date, HTML-escaped', () => {
    expect(printout(body())).toBe(
      '<html><body><h1>Запит на створення персони</h1><p>Іванов Петро Миколайович, 1991-08-19</p></body></html>',
    );
    const { second_name: _s, ...noSecond } = person(undefined, {
      id: 'b075f148-7f93-4fc2-b2ec-2d81b19a9b7b',
      last_name: `O'Neil & <Sons>`,
      first_name: '"Jo"',
    });
    expect(printout({ ...body(), person: noSecond })).toBe(
      '<html><body><h1>Запит на оновлення персони</h1><p>O&#39;Neil &amp; &lt;Sons&gt; &quot;Jo&quot;, 1991-08-19</p></body></html>',
    );
  });
});
