import type { InvalidEntry } from '../../contract/invalid-entries.js';
import type { components } from '../../generated/ehealth-otp.js';
import type { AuthMethod, CreatedBody, PersonRequest } from './models.js';

type Schemas = components['schemas'];

/** Where no method says `is_primary: true`, the first one is the primary one (CONTRACT.md). */
export function primaryMethod(methods: readonly AuthMethod[]): AuthMethod | undefined {
  return methods.find((m) => m.isPrimary === true) ?? methods[0];
}

/** The phone a method delivers an OTP to: its own, or (THIRD_PERSON) the third person's primary OTP. */
export function otpPhoneOf(method: AuthMethod): string | undefined {
  if (method.type === 'OTP') return method.phoneNumber;
  if (method.type === 'THIRD_PERSON') {
    const third = primaryMethod(method.thirdPerson?.authenticationMethods ?? []);
    return third?.type === 'OTP' ? third.phoneNumber : undefined;
  }
  return undefined;
}

/** OFFLINE, or THIRD_PERSON whose third person confirms OFFLINE: approve needs the documents instead of a code. */
export function confirmsOffline(method: AuthMethod): boolean {
  if (method.type === 'OFFLINE') return true;
  return (
    method.type === 'THIRD_PERSON' &&
    primaryMethod(method.thirdPerson?.authenticationMethods ?? [])?.type === 'OFFLINE'
  );
}

/**
 * The masked phone of `urgent.authentication_method_current` (AP:3184 `+38093*****85`): the first
 * 6 characters, 5 stars, the last 2, as the twin's `Core.Utils.Phone.hide_number` (PHN:7-9).
 */
export function maskPhone(phone: string): string {
  return phone.length < 9 ? '*'.repeat(phone.length) : `${phone.slice(0, 6)}*****${phone.slice(-2)}`;
}

/**
 * `urgent.authentication_method_current` (AP:17176-17181): the method the code goes to. The enum
 * has no THIRD_PERSON, so a THIRD_PERSON request shows its third person's method (research §2.8).
 */
export function currentMethodView(request: PersonRequest): Schemas['CurrentAuthMethod'][] {
  const method = primaryMethod(request.authenticationMethods);
  if (method === undefined) return [];
  const phone = otpPhoneOf(method);
  if (phone !== undefined) return [{ type: 'OTP', phone_number: maskPhone(phone) }];
  return [{ type: confirmsOffline(method) ? 'OFFLINE' : 'NA' }];
}

/** `urgent` of create and get (AP:3183-3186): the current method and, while NEW, the upload URLs. */
export function urgentOf(request: PersonRequest): Schemas['PersonRequestUrgent'] {
  const documents = request.uploads.map((d) => ({ type: d.type, url: d.url }));
  return {
    authentication_method_current: currentMethodView(request),
    ...(documents.length === 0 ? {} : { documents }),
  };
}

type DataOf<B extends CreatedBody['body']> = {
  id: string;
  status: Schemas['PersonRequestStatus'];
  person: B['person'];
  patient_signed: boolean;
  process_disclosure_data_consent: boolean;
  channel: 'MIS';
  authorize_with?: string;
  content?: string;
};

/**
 * `$.data` of create, get, approve and reject (AP:3168-3182, 3240-3251): the body as created, with
 * id, status, channel and (from approve on) the printout. One definition, because sign compares
 * the signed content with exactly this (AP:3358).
 */
export function dataOf<B extends CreatedBody['body']>(request: PersonRequest, body: B): DataOf<B> {
  return {
    id: request.id,
    status: request.status,
    person: body.person,
    patient_signed: body.patient_signed,
    process_disclosure_data_consent: body.process_disclosure_data_consent,
    channel: 'MIS',
    ...(body.authorize_with === undefined ? {} : { authorize_with: body.authorize_with }),
    ...(request.content === undefined ? {} : { content: request.content }),
  };
}

const htmlEscapes: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => htmlEscapes[c] ?? c);

/** The printout "that MUST be shown to a end-user and signed by his key" (AP:3250); the kit's own template. */
export function printout(body: CreatedBody['body']): string {
  const p = body.person;
  const name = [p.last_name, p.first_name, p.second_name].filter((s) => s !== undefined).join(' ');
  return `<html><body><h1>Запит на ${p.id === undefined ? 'створення' : 'оновлення'} персони</h1><p>${escapeHtml(name)}, ${escapeHtml(p.birth_date)}</p></body></html>`;
}

/** One `invalid` item at a field of the body (eHealth's 422 shape, reference §2.3). */
export function invalidAt(entry: string, rule: string, description: string): InvalidEntry {
  return { entry, entry_type: 'json_data_property', rules: [{ rule, description, params: [] }] };
}
