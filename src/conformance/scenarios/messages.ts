import { errorMessage } from '../../contract/error-catalogue.js';

/**
 * The texts scenarios compare exactly, read from the spec's error catalogue (the error examples
 * keyed by `x-error-code`, src/contract/error-catalogue.ts), never from the reference server:
 * both sides read the spec, not each other. Getters, so the spec is read on first use.
 */
function text(code: string, params?: Readonly<Record<string, string>>): string {
  const message = errorMessage(code, params);
  if (message === undefined) throw new Error(`the spec's ${code} example has no message`);
  return message;
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

export const MESSAGES = {
  get noToken() {
    return text('auth_header_missing');
  },
  get invalidToken() {
    return text('token_invalid');
  },
  get noApiKey() {
    return text('api_key_missing');
  },
  get invalidApiKey() {
    return text('api_key_invalid');
  },
  get invalidCode() {
    return text('code_mismatch');
  },
  get codeExpired() {
    return text('verification_expired');
  },
  get maxAttempts() {
    return text('verification_inactive');
  },
  get notOtp() {
    return text('auth_method_not_otp');
  },
  get malformed() {
    return text('body_malformed');
  },
  get tooLarge() {
    return text('body_too_large');
  },
  get validation() {
    return text('validation_failed');
  },
  /**
   * The contract gives the start; the services append a documentation link (`: http…`, which
   * the spec's example carries), so only the text before the link is compared.
   */
  get contentType(): RegExp {
    const message = text('content_type_invalid');
    const link = message.lastIndexOf(': http');
    return new RegExp(`^${escapeRegExp(link === -1 ? message : message.slice(0, link))}`);
  },
};

export function missingScope(scope: string): string {
  return text('scope_missing', { scope });
}
