import { isObject } from '../json.js';
import { methodOf, type OperationId, pathOf } from '../operations.js';
import { requestLine } from '../runner/expect.js';
import type { Credentials, Exchange, ScenarioContext } from '../scenario.js';
import { dataOf, newestCode, verifyPhone } from './flows.js';
import { expectedError } from './messages.js';
import { createBody } from './person-requests.js';

/*
 * The person-request flow as an integrator's code drives it through the documented API only
 * (docs/research/person-requests.md §3.9): verify the phone, create, read the SMS, approve with the
 * code, sign the approved data. The scenarios of person-request-*.ts are built from these steps.
 */

export type Version = 1 | 2;

/** Each action's operation, by version (v1 and v2 share the rules; AP:3118-3618). */
export const OPERATIONS = {
  create: { 1: 'createPersonRequest', 2: 'createPersonRequestV2' },
  get: { 1: 'getPersonRequest', 2: 'getPersonRequestV2' },
  approve: { 1: 'approvePersonRequest', 2: 'approvePersonRequestV2' },
  sign: { 1: 'signPersonRequest', 2: 'signPersonRequestV2' },
  reject: { 1: 'rejectPersonRequest', 2: 'rejectPersonRequestV2' },
} as const satisfies Record<string, Record<Version, OperationId>>;

export type Action = keyof typeof OPERATIONS;

/** The scenario id suffix of a version, as the generated families name them (`PR-CREATE-V2-…`). */
export const V = { 1: '', 2: '-V2' } as const satisfies Record<Version, string>;

export function credentialsFor(ctx: ScenarioContext, action: Action, version: Version): Promise<Credentials> {
  return ctx.credentials(OPERATIONS[action][version]);
}

/**
 * Ten random digits for the person's `tax_id`, so that the creates of concurrent scenarios never
 * match each other (two of a run's few hundred alike: about one chance in ten million).
 */
export function uniqueTaxId(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(10)), (b) => String(b % 10)).join('');
}

/**
 * An adult's create body confirmed by `method`. The kit cancels the same person's pending requests
 * on create (DIV-PR-CREATE-CANCELS-PENDING, matched by `tax_id`), so every body is a new person
 * unless `taxId` names one on purpose.
 */
export function personBody(
  method: { readonly type: 'OTP'; readonly phone: string } | { readonly type: 'OFFLINE' },
  taxId: string = uniqueTaxId(),
): Record<string, unknown> {
  const base = createBody();
  const person = isObject(base.person) ? base.person : {};
  const authentication_methods =
    method.type === 'OTP' ? [{ type: 'OTP', phone_number: method.phone }] : [{ type: 'OFFLINE' }];
  return { ...base, person: { ...person, no_tax_id: false, tax_id: taxId, authentication_methods } };
}

export async function createRequest(
  ctx: ScenarioContext,
  version: Version,
  json: unknown,
): Promise<Exchange> {
  const creds = await credentialsFor(ctx, 'create', version);
  const operation = OPERATIONS.create[version];
  return ctx.call(operation, {
    method: methodOf(operation),
    path: pathOf(operation, {}),
    token: creds.token,
    apiKey: creds.apiKey,
    json,
  });
}

/** An action on the request `id`; approve, sign and reject are PATCHes with a body or none. */
export async function act(
  ctx: ScenarioContext,
  action: Exclude<Action, 'create'>,
  version: Version,
  id: string,
  json?: unknown,
): Promise<Exchange> {
  const creds = await credentialsFor(ctx, action, version);
  const operation = OPERATIONS[action][version];
  const request = {
    method: methodOf(operation),
    path: pathOf(operation, { id }),
    token: creds.token,
    apiKey: creds.apiKey,
  };
  return ctx.call(operation, json === undefined ? request : { ...request, json });
}

/** The request's `data.id` and `data.status` after a success. */
export function expectRequest(ctx: ScenarioContext, exchange: Exchange, status: string): string {
  const data = dataOf(ctx, exchange);
  const line = requestLine(exchange);
  ctx.check(typeof data.id === 'string' && data.id !== '', `${line}: data.id is ${JSON.stringify(data.id)}`);
  ctx.check(
    data.status === status,
    `${line}: data.status is ${JSON.stringify(data.status)}, expected "${status}"`,
  );
  return data.id;
}

/** `urgent` of a person-request answer (AP:3184-3186). */
export function urgentOf(ctx: ScenarioContext, exchange: Exchange): Record<string, unknown> {
  const urgent = isObject(exchange.body) ? exchange.body.urgent : undefined;
  ctx.check(isObject(urgent), `${requestLine(exchange)}: expected an urgent object`);
  return urgent;
}

/**
 * `urgent.authentication_method_current` is `[{type: OTP, phone_number}]` with the phone masked the
 * blueprint's way (AP:3184 `+38093*****85`: the first six characters, five stars, the last two).
 */
export function expectMaskedCurrent(ctx: ScenarioContext, exchange: Exchange, phone: string): void {
  const line = requestLine(exchange);
  const current = urgentOf(ctx, exchange).authentication_method_current;
  const [first] = Array.isArray(current) ? (current as unknown[]) : [];
  ctx.check(
    Array.isArray(current) && current.length === 1 && isObject(first) && first.type === 'OTP',
    `${line}: urgent.authentication_method_current is ${JSON.stringify(current)}, expected [{type: "OTP", phone_number}]`,
  );
  const shown = isObject(first) ? first.phone_number : undefined;
  ctx.check(shown !== phone, `${line}: urgent.authentication_method_current shows the phone unmasked`);
  const masked = `${phone.slice(0, 6)}*****${phone.slice(-2)}`;
  ctx.check(
    shown === masked,
    `${line}: urgent.authentication_method_current[0].phone_number is ${JSON.stringify(shown)}, expected the masked ${masked}`,
  );
}

/** A phone verified on the target: the vendor's `phones.verified`, or a fresh one the suite verifies. */
export async function verifiedPhoneOf(ctx: ScenarioContext): Promise<string> {
  const configured = ctx.configPhone('verified');
  if (configured !== undefined) return configured;
  const phone = ctx.phone();
  await verifyPhone(ctx, phone);
  return phone;
}

export interface CreatedOtp {
  readonly id: string;
  readonly phone: string;
  /** The code of the create's SMS. */
  readonly code: string;
  readonly exchange: Exchange;
  readonly body: Record<string, unknown>;
}

/**
 * A fresh phone verified through the API, then a 201 create confirmed by it, and the create's one
 * SMS read: the verification sent one SMS, the create the second.
 */
export async function createdOtp(
  ctx: ScenarioContext,
  version: Version,
  taxId?: string,
  phone?: string,
): Promise<CreatedOtp> {
  const to = phone ?? ctx.phone();
  if (phone === undefined) await verifyPhone(ctx, to);
  const before = (await ctx.sms(to)).length;
  const body = personBody({ type: 'OTP', phone: to }, taxId);
  const exchange = await createRequest(ctx, version, body);
  ctx.expect(exchange, { status: 201 });
  const id = expectRequest(ctx, exchange, 'NEW');
  const code = await newestCode(ctx, to, before + 1, 'after one create');
  return { id, phone: to, code, exchange, body };
}

export interface Upload {
  readonly type: string;
  readonly url: string;
}

/** `urgent.documents` of an OFFLINE request: one `{type: person.<DOCUMENT>, url}` per document (AP:3214-3217). */
export function expectUploads(ctx: ScenarioContext, exchange: Exchange): Upload[] {
  const line = requestLine(exchange);
  const documents = urgentOf(ctx, exchange).documents;
  ctx.check(
    Array.isArray(documents) && documents.length > 0,
    `${line}: expected urgent.documents with upload URLs`,
  );
  return (documents as unknown[]).map((doc, i) => {
    const { type, url } = isObject(doc) ? doc : {};
    ctx.check(
      typeof type === 'string' && type.startsWith('person.') && typeof url === 'string' && URL.canParse(url),
      `${line}: urgent.documents[${i}] is ${JSON.stringify(doc)}, expected {type: person.<DOCUMENT_TYPE>, url}`,
    );
    return { type, url };
  });
}

/** An OFFLINE create (no verified phone needed) answered 201 with its upload URLs. */
export async function createdOffline(
  ctx: ScenarioContext,
  version: Version,
): Promise<{ readonly id: string; readonly uploads: Upload[]; readonly exchange: Exchange }> {
  const exchange = await createRequest(ctx, version, personBody({ type: 'OFFLINE' }));
  ctx.expect(exchange, { status: 201 });
  const id = expectRequest(ctx, exchange, 'NEW');
  return { id, uploads: expectUploads(ctx, exchange), exchange };
}

/** PUTs a scan to every upload URL; the storage answers 2xx (AP:3214-3217 "upload directly"). */
export async function uploadAll(ctx: ScenarioContext, uploads: readonly Upload[]): Promise<void> {
  for (const { type, url } of uploads) {
    const status = await ctx.upload(url);
    ctx.check(status >= 200 && status < 300, `PUT of the ${type} scan to its upload URL answered ${status}`);
  }
}

/** An APPROVED request: OFFLINE (scans uploaded) needs no SMS, so it also runs from a config file. */
export async function approvedOffline(
  ctx: ScenarioContext,
  version: Version,
): Promise<{ readonly id: string; readonly data: Record<string, unknown> }> {
  const { id, uploads } = await createdOffline(ctx, version);
  await uploadAll(ctx, uploads);
  const approved = await act(ctx, 'approve', version, id);
  ctx.expect(approved, { status: 201 });
  expectRequest(ctx, approved, 'APPROVED');
  return { id, data: dataOf(ctx, approved) };
}

/**
 * `signed_content` the sandbox way (DIV-PR-SIGN-NO-SIGNATURE-CHECK): base64 of the approved
 * `$.data` JSON with `patient_signed` changed to true (AP:3358-3359, the example AP:3379).
 */
export function signedContentOf(data: Record<string, unknown>): string {
  return base64Json({ ...data, patient_signed: true });
}

/** Base64 of the UTF-8 JSON of `value` (`btoa` takes bytes as Latin-1 characters, hence the encoding). */
export function base64Json(value: unknown): string {
  return btoa(String.fromCharCode(...new TextEncoder().encode(JSON.stringify(value))));
}

/** The 409 of a transition from the wrong status (DIV-PR-TRANSITION-MESSAGE: the kit names both). */
export function statusConflict(status: string, expected: string) {
  return expectedError('person_request_status_conflict', { status, expected });
}

/** The status the target now shows for the request (Get by id). */
export async function statusOf(ctx: ScenarioContext, version: Version, id: string): Promise<unknown> {
  const exchange = await act(ctx, 'get', version, id);
  ctx.expect(exchange, { status: 200 });
  return dataOf(ctx, exchange).status;
}

/**
 * A person the target created by signing (the OTP flow end to end, v2), with the phone of its OTP
 * method: a third person or confidant a later request can name (AP:3465; research §3.8).
 */
export async function signedOtpPerson(
  ctx: ScenarioContext,
): Promise<{ readonly personId: string; readonly phone: string }> {
  const { id, code, phone } = await createdOtp(ctx, 2);
  const approved = await act(ctx, 'approve', 2, id, { verification_code: Number(code) });
  ctx.expect(approved, { status: 201 }, [{ divergence: 'DIV-PR-APPROVE-201', expect: { status: 200 } }]);
  const signed = await act(ctx, 'sign', 2, id, { signed_content: signedContentOf(dataOf(ctx, approved)) });
  ctx.expect(signed, { status: 200 });
  const { person_id: personId } = dataOf(ctx, signed);
  ctx.check(typeof personId === 'string' && personId !== '', `sign answered no person_id`);
  return { personId, phone };
}

/**
 * A v2 create body for a child of `years` confirmed by THIRD_PERSON `personId`, who is also the
 * confidant (v2: the method's `value` equals `confidant_person.person_id`, AP:3465).
 */
export function childBody(personId: string, birthDate: string): Record<string, unknown> {
  const base = personBody({ type: 'OFFLINE' });
  const person = isObject(base.person) ? base.person : {};
  return {
    ...base,
    person: {
      ...person,
      birth_date: birthDate,
      authentication_methods: [{ type: 'THIRD_PERSON', value: personId, alias: 'mother' }],
      confidant_person: {
        person_id: personId,
        documents_relationship: [{ type: 'BIRTH_CERTIFICATE', number: 'І-АБ 123456' }],
      },
    },
  };
}

/** The list (listPersonRequests) with a query string, e.g. `page_size=300`. */
export async function listRequests(ctx: ScenarioContext, query: string): Promise<Exchange> {
  const creds = await ctx.credentials('listPersonRequests');
  return ctx.call('listPersonRequests', {
    method: methodOf('listPersonRequests'),
    path: `${pathOf('listPersonRequests', {})}${query === '' ? '' : `?${query}`}`,
    token: creds.token,
    apiKey: creds.apiKey,
  });
}

/**
 * An OTP create body whose person has a last name of its own: the list shows names (not tax
 * ids, Patient_Request_Short AP:17916-17928), so a refused create can be shown to have created nothing.
 */
export function namedOtpBody(phone: string): {
  readonly body: Record<string, unknown>;
  readonly lastName: string;
} {
  const lastName = `Іванов-${uniqueTaxId()}`;
  const body = personBody({ type: 'OTP', phone });
  const person = isObject(body.person) ? body.person : {};
  return { body: { ...body, person: { ...person, last_name: lastName } }, lastName };
}

/**
 * No request of the person named `lastName` is listed. The first page (50, newest first) is
 * enough: a request made by the refused create would be among the newest, and a query string is
 * left out so that this check does not depend on meta.url's handling of one.
 */
export async function expectNotListed(ctx: ScenarioContext, lastName: string, why: string): Promise<void> {
  const listed = await listRequests(ctx, '');
  ctx.expect(listed, { status: 200 });
  const items = isObject(listed.body) && Array.isArray(listed.body.data) ? listed.body.data : [];
  const same = items.filter((i) => isObject(i) && isObject(i.person) && i.person.last_name === lastName);
  ctx.check(same.length === 0, `${why} created a person request anyway`);
}
