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
  | { readonly code: 'validation_failed'; readonly invalid: readonly InvalidEntry[] }
  | { readonly code: 'internal' }
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

export const VALIDATION_MESSAGE =
  'Validation failed. You can find validators description at our API Manifest: http://docs.apimanifest.apiary.io/#introduction/interacting-with-api/errors.';
const CONTENT_TYPE_MESSAGE =
  "Invalid Content-Type header. Try to set 'Content-Type: application/json' header: http://docs.apimanifest.apiary.io/#introduction/interacting-with-api/content-type.";

const alias = (field: string, description: string) => [
  {
    entry: `$.${field}`,
    entry_type: 'json_data_property',
    rules: [{ rule: 'invalid', description, params: [] }],
  },
];

/**
 * The one table from error codes to status, type and message (CONTRACT.md "The envelope").
 * A mapped type over every code: adding a code without a row is a compile error.
 */
const table: { [C in HttpError['code']]: (e: Extract<HttpError, { code: C }>) => ErrorReply } = {
  route_not_found: () => ({ status: 404, error: { type: 'not_found' } }),
  body_malformed: () => ({
    status: 400,
    error: {
      type: 'request_malformed',
      message: 'Malformed request. Probably, you have sent corrupted JSON.',
      invalid: [{ entry_type: 'request', rules: [{ rule: 'json' }] }],
    },
  }),
  body_too_large: () => ({
    status: 413,
    error: {
      type: 'request_too_large',
      message: 'Request body is too large.',
      invalid: [{ entry_type: 'request', rules: [{ rule: 'size' }] }],
    },
  }),
  content_type_invalid: () => ({
    status: 415,
    error: {
      type: 'content_type_invalid',
      message: CONTENT_TYPE_MESSAGE,
      invalid: [{ entry_type: 'header', entry: 'Content-Type' }],
    },
  }),
  validation_failed: (e) => ({
    status: 422,
    error: { type: 'validation_failed', message: VALIDATION_MESSAGE, invalid: e.invalid },
  }),
  internal: () => ({ status: 500, error: { type: 'internal_error', message: 'Internal server error' } }),
  http_malformed: () => ({
    status: 400,
    error: { type: 'request_malformed', message: 'Malformed request. The HTTP request could not be parsed.' },
  }),
  headers_too_large: () => ({
    status: 431,
    error: { type: 'request_too_large', message: 'Request headers are too large.' },
  }),
  request_timeout: () => ({
    status: 408,
    error: { type: 'request_timeout', message: 'The request was not received in time.' },
  }),
  auth_header_missing: () => ({
    status: 401,
    error: {
      type: 'access_denied',
      message: "Authorization header is not set or doesn't contain Bearer token",
    },
  }),
  token_invalid: () => ({ status: 401, error: { type: 'access_denied', message: 'Invalid access token' } }),
  api_key_missing: () => ({ status: 401, error: { type: 'access_denied', message: 'Api key is not set' } }),
  api_key_invalid: () => ({ status: 401, error: { type: 'access_denied', message: 'Invalid api key' } }),
  scope_missing: (e) => ({
    status: 403,
    error: {
      type: 'forbidden',
      message: `Your scope does not allow to access this resource. Missing allowances: ${e.scope}`,
    },
  }),
  verification_not_found: () => ({ status: 404, error: { type: 'not_found' } }),
  verification_inactive: () => ({
    status: 403,
    error: { type: 'forbidden', message: 'Maximum attempts exceed' },
  }),
  verification_expired: () => ({
    status: 403,
    error: { type: 'forbidden', message: 'Verification code expired' },
  }),
  code_mismatch: () => ({ status: 403, error: { type: 'forbidden', message: 'Invalid verification code' } }),
  sms_cap_reached: (e) => ({
    status: 429,
    error: { type: 'too_many_requests', message: 'Too many SMS sent to this phone number. Retry later.' },
    headers: { 'retry-after': String(e.retryAfterSeconds) },
  }),
  // CONTRACT.md: 404 for a phone never verified (DIV-VERIFIED-PHONE-422 records the 422 page).
  phone_not_verified: () => ({ status: 404, error: { type: 'not_found' } }),
  person_request_not_found: () => ({ status: 404, error: { type: 'not_found' } }),
  auth_method_not_otp: () => ({
    status: 409,
    error: { type: 'request_conflict', message: 'Auth method is not OTP' },
  }),
  person_request_not_new: (e) => ({
    status: 409,
    error: { type: 'request_conflict', message: `Person request status is ${e.status}, expected NEW` },
  }),
  auth_method_not_found: (e) => ({
    status: 422,
    error: {
      type: 'validation_failed',
      message: VALIDATION_MESSAGE,
      invalid: alias(e.field, 'No authentication method of the person matches type and alias'),
    },
  }),
};

export function toErrorReply(error: HttpError): ErrorReply {
  const row = table[error.code] as (e: HttpError) => ErrorReply;
  return row(error);
}
