import type { InvalidEntry } from '../../contract/invalid-entries.js';

/**
 * Expected failures of the domain. The domain returns them as values (it never throws for
 * these) and knows nothing of HTTP; `http/errors.ts` maps each code to a status and body.
 */
export type DomainError =
  | { readonly code: 'verification_not_found' }
  | { readonly code: 'verification_inactive' }
  | { readonly code: 'verification_expired' }
  | { readonly code: 'code_mismatch' }
  | { readonly code: 'sms_cap_reached'; readonly retryAfterSeconds: number }
  | { readonly code: 'phone_not_verified' }
  | { readonly code: 'person_request_not_found' }
  | { readonly code: 'auth_method_not_otp' }
  | { readonly code: 'person_request_not_new'; readonly status: string }
  | { readonly code: 'auth_method_not_found'; readonly field: 'type' | 'alias' }
  // Person requests (openapi/ehealth-otp.yaml, the person-request examples of ValidationFailed and Conflict).
  | { readonly code: 'phone_unverified' }
  | { readonly code: 'person_request_invalid'; readonly invalid: readonly InvalidEntry[] }
  | { readonly code: 'approve_code_mismatch' }
  | { readonly code: 'approve_code_expired' }
  | { readonly code: 'approve_code_inactive' }
  | { readonly code: 'person_request_wrong_version'; readonly version: string; readonly other: string }
  | { readonly code: 'person_request_status_conflict'; readonly status: string; readonly expected: string }
  | { readonly code: 'documents_not_uploaded'; readonly types: string }
  // Every confirmable family (domain/confirmable.ts), unless the family keeps codes of its own.
  | { readonly code: 'request_not_found' }
  | {
      readonly code: 'request_status_conflict';
      readonly noun: string;
      readonly status: string;
      readonly expected: string;
    }
  | { readonly code: 'verification_code_required' }
  // The twin's resend conflicts (DIV-RESEND-CONFLICT-422, setting resendConflict422).
  | { readonly code: 'resend_status_invalid' }
  | { readonly code: 'resend_method_invalid' };

export type Result<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: DomainError };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = <T = never>(error: DomainError): Result<T> => ({ ok: false, error });
