import type { components } from '../../../src/generated/ehealth-otp.js';
import type { ApiResponse, Harness } from './harness.js';

type Schemas = components['schemas'];
export type Method = Schemas['AuthMethodRequest'];

/** A valid v1/v2 person (Person_info_Public, AP:17795-17820) with the given methods. */
export function person(
  methods: Method[] | undefined,
  extra: Partial<Schemas['PersonV2']> = {},
): Schemas['PersonV2'] {
  return {
    first_name: 'Петро',
    last_name: 'Іванов',
    second_name: 'Миколайович',
    birth_date: '1991-08-19',
    birth_country: 'Україна',
    birth_settlement: 'Вінниця',
    gender: 'MALE',
    no_tax_id: false,
    tax_id: '3126509816',
    secret: 'secret',
    documents: [{ type: 'PASSPORT', number: 'АА120518', issued_by: 'РВ ГУ МВС', issued_at: '2017-02-28' }],
    addresses: [
      {
        type: 'RESIDENCE',
        country: 'UA',
        area: 'Житомирська',
        settlement: 'Київ',
        settlement_type: 'CITY',
        settlement_id: 'b075f148-7f93-4fc2-b2ec-2d81b19a9b7b',
      },
    ],
    emergency_contact: {
      first_name: 'Петро',
      last_name: 'Іванов',
      phones: [{ type: 'MOBILE', number: '+380503410870' }],
    },
    ...(methods === undefined ? {} : { authentication_methods: methods }),
    ...extra,
  };
}

export const body = (p: Schemas['PersonV2'], extra: Record<string, unknown> = {}) => ({
  person: p,
  patient_signed: false,
  process_disclosure_data_consent: true,
  ...extra,
});

export const otp = (phone_number: string): Method => ({ type: 'OTP', phone_number });
export const offline: Method = { type: 'OFFLINE' };

/** Verifies the phone as an integrator does: initialize, then complete with the SMS code. */
export async function verifyPhone(h: Harness, phone: string): Promise<void> {
  await h.initialize(phone);
  const res = await h.complete(phone, await h.lastCode(phone));
  if (res.status !== 200) throw new Error(`could not verify ${phone}: ${res.status}`);
}

export const create = (h: Harness, json: unknown, version: 1 | 2 = 2) =>
  h.call(version === 2 ? 'createPersonRequestV2' : 'createPersonRequest', { json });

export const idOf = (res: ApiResponse): string => String((res.body.data as { id?: unknown } | undefined)?.id);

export const approve = (h: Harness, id: string, json?: unknown, version: 1 | 2 = 2) =>
  h.call(version === 2 ? 'approvePersonRequestV2' : 'approvePersonRequest', {
    params: { id },
    ...(json === undefined ? {} : { json }),
  });

/** base64 of the JSON of the approved data with patient_signed: true (AP:3358-3359). */
export const signedContentOf = (data: unknown, change: Record<string, unknown> = { patient_signed: true }) =>
  Buffer.from(JSON.stringify({ ...(data as Record<string, unknown>), ...change })).toString('base64');

export const sign = (h: Harness, id: string, signedContent: string, version: 1 | 2 = 2) =>
  h.call(version === 2 ? 'signPersonRequestV2' : 'signPersonRequest', {
    params: { id },
    json: { signed_content: signedContent },
  });

/** The first `invalid` entry's path and rule. */
export function firstInvalid(res: ApiResponse): {
  entry: string | undefined;
  rule: string | undefined;
  description: string | undefined;
} {
  const invalid = (
    res.body.error as
      | { invalid?: { entry?: string; rules?: { rule?: string; description?: string }[] }[] }
      | undefined
  )?.invalid?.[0];
  return {
    entry: invalid?.entry,
    rule: invalid?.rules?.[0]?.rule,
    description: invalid?.rules?.[0]?.description,
  };
}
