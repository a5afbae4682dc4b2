import { catalogueEntry, errorBody } from '../../contract/error-catalogue.js';
import type { InvalidEntry } from '../../contract/invalid-entries.js';
import type { DomainError } from '../domain/errors.js';

/** Failures found before the domain runs: the gateway's (token, api-key, scope) and the protocol's. */
export type GatewayError =
  | { readonly code: 'auth_header_missing' }
  | { readonly code: 'token_invalid' }
  | { readonly code: 'api_key_missing' }
  | { readonly code: 'api_key_invalid' }
  | { readonly code: 'scope_missing'; readonly scope: string };

export type ProtocolError =
  | { readonly code: 'route_not_found' }
  | { readonly code: 'body_malformed' }
  | { readonly code: 'body_too_large' }
  | { readonly code: 'content_type_invalid' }
  | { readonly code: 'not_acceptable' }
  | { readonly code: 'validation_failed'; readonly invalid: readonly InvalidEntry[] }
  | { readonly code: 'internal' }
  | { readonly code: 'store_unavailable' }
  // The store's bound on phone records (Settings.maxPhones, domain/store.ts StoreFullError).
  | { readonly code: 'phone_records_full' }
  // Refused by the HTTP parser before any route is known (adapters/node.ts `clientError`).
  | { readonly code: 'http_malformed' }
  | { readonly code: 'headers_too_large' }
  | { readonly code: 'request_timeout' };

export type HttpError = DomainError | GatewayError | ProtocolError;

/** The `error` object of the envelope. */
export interface ErrorBody {
  readonly type: string;
  readonly message?: string;
  readonly invalid?: readonly unknown[];
}

export interface ErrorReply {
  readonly status: number;
  readonly error: ErrorBody;
  readonly headers?: Readonly<Record<string, string>>;
}

const cache = new Map<string, ErrorReply>();

/**
 * Status, type, message and fixed `invalid` of a code, from the spec's error catalogue
 * (contract/error-catalogue.ts: the examples keyed by `x-error-code`); nothing is typed here
 * again. Replies without parameters are built once and shared (they are only serialised).
 */
function reply(code: HttpError['code']): ErrorReply {
  let r = cache.get(code);
  if (r === undefined) {
    r = { status: catalogueEntry(code).status, error: errorBody(code) };
    cache.set(code, r);
  }
  return r;
}

function replyWith(
  code: HttpError['code'],
  params: Readonly<Record<string, string>>,
  invalid?: readonly unknown[],
): ErrorReply {
  return { status: catalogueEntry(code).status, error: errorBody(code, params, invalid) };
}

/**
 * The one table from error codes to replies (CONTRACT.md "The envelope"). A mapped type over
 * every code: adding a code without a row is a compile error, and a row whose code has no
 * example in the spec throws on first use (test/contract/error-catalogue.test.ts provokes each).
 */
const table: { [C in HttpError['code']]: (e: Extract<HttpError, { code: C }>) => ErrorReply } = {
  route_not_found: () => reply('route_not_found'),
  body_malformed: () => reply('body_malformed'),
  body_too_large: () => reply('body_too_large'),
  content_type_invalid: () => reply('content_type_invalid'),
  not_acceptable: () => reply('not_acceptable'),
  validation_failed: (e) => replyWith('validation_failed', {}, e.invalid),
  internal: () => reply('internal'),
  store_unavailable: () => reply('store_unavailable'),
  phone_records_full: () => reply('phone_records_full'),
  http_malformed: () => reply('http_malformed'),
  headers_too_large: () => reply('headers_too_large'),
  request_timeout: () => reply('request_timeout'),
  auth_header_missing: () => reply('auth_header_missing'),
  token_invalid: () => reply('token_invalid'),
  api_key_missing: () => reply('api_key_missing'),
  api_key_invalid: () => reply('api_key_invalid'),
  scope_missing: (e) => replyWith('scope_missing', { scope: e.scope }),
  verification_not_found: () => reply('verification_not_found'),
  verification_inactive: () => reply('verification_inactive'),
  verification_expired: () => reply('verification_expired'),
  code_mismatch: () => reply('code_mismatch'),
  sms_cap_reached: (e) => ({
    ...reply('sms_cap_reached'),
    headers: { 'retry-after': String(e.retryAfterSeconds) },
  }),
  // CONTRACT.md: 404 for a phone never verified (DIV-VERIFIED-PHONE-422 records the 422 page).
  phone_not_verified: () => reply('phone_not_verified'),
  person_request_not_found: () => reply('person_request_not_found'),
  auth_method_not_otp: () => reply('auth_method_not_otp'),
  person_request_not_new: (e) => replyWith('person_request_not_new', { status: e.status }),
  auth_method_not_found: (e) => replyWith('auth_method_not_found', { field: e.field }),
  phone_unverified: () => reply('phone_unverified'),
  person_request_invalid: (e) => replyWith('person_request_invalid', {}, e.invalid),
  approve_code_mismatch: () => reply('approve_code_mismatch'),
  approve_code_expired: () => reply('approve_code_expired'),
  approve_code_inactive: () => reply('approve_code_inactive'),
  person_request_wrong_version: (e) =>
    replyWith('person_request_wrong_version', { version: e.version, other: e.other }),
  person_request_status_conflict: (e) =>
    replyWith('person_request_status_conflict', { status: e.status, expected: e.expected }),
  documents_not_uploaded: (e) => replyWith('documents_not_uploaded', { types: e.types }),
  request_not_found: () => reply('request_not_found'),
  request_status_conflict: (e) =>
    replyWith('request_status_conflict', { noun: e.noun, status: e.status, expected: e.expected }),
  verification_code_required: () => reply('verification_code_required'),
  resend_status_invalid: () => reply('resend_status_invalid'),
  resend_method_invalid: () => reply('resend_method_invalid'),
  amr_person_not_found: () => reply('amr_person_not_found'),
  amr_invalid: (e) => replyWith('amr_invalid', {}, e.invalid),
};

/** Every code of the table, for tests that provoke each one. */
export const HTTP_ERROR_CODES = Object.keys(table) as readonly HttpError['code'][];

export function toErrorReply(error: HttpError): ErrorReply {
  const row = table[error.code] as (e: HttpError) => ErrorReply;
  return row(error);
}
