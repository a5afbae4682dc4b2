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
  | { readonly code: 'auth_method_not_found'; readonly field: 'type' | 'alias' };

export type Result<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: DomainError };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = <T = never>(error: DomainError): Result<T> => ({ ok: false, error });
