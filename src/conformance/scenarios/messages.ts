import { catalogueEntry, errorMessage } from '../../contract/error-catalogue.js';
import type { Expectation } from '../scenario.js';
import { specDivergences } from '../spec-divergences.js';

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

/** Each text scenarios compare, by the kit error code whose spec example carries it. */
const CODES = {
  noToken: 'auth_header_missing',
  invalidToken: 'token_invalid',
  noApiKey: 'api_key_missing',
  invalidApiKey: 'api_key_invalid',
  invalidCode: 'code_mismatch',
  codeExpired: 'verification_expired',
  maxAttempts: 'verification_inactive',
  notOtp: 'auth_method_not_otp',
  malformed: 'body_malformed',
  tooLarge: 'body_too_large',
  notAcceptable: 'not_acceptable',
} as const;

type Messages = { readonly [K in keyof typeof CODES]: string } & {
  /**
   * The contract gives the start; the services append a documentation link (`: http…`, which
   * the spec's example carries), so only the text before the link is compared.
   */
  readonly contentType: RegExp;
  /**
   * The 422 sentence, with any link to the errors section of an Apiary manifest: EView 0.15 writes
   * `http://docs.apimanifest.apiary.io/#…`, the 2026 ESOZ blueprint `https://esoz.docs.apiary.io/#…`
   * (AP:9887, 9898; its example `http://esoz…`, AP:192). The findings of issue 16, §5 C5.
   */
  readonly validation: RegExp;
};

function contentTypePrefix(): RegExp {
  const message = text('content_type_invalid');
  const link = message.lastIndexOf(': http');
  return new RegExp(`^${escapeRegExp(link === -1 ? message : message.slice(0, link))}`);
}

function validationLoose(): RegExp {
  const message = text('validation_failed');
  const link = message.lastIndexOf(': http');
  const hash = message.indexOf('#', link);
  if (link === -1 || hash === -1) return new RegExp(`^${escapeRegExp(message)}$`);
  const before = escapeRegExp(message.slice(0, link));
  return new RegExp(`^${before}: https?://[a-z0-9.-]+\\.apiary\\.io/${escapeRegExp(message.slice(hash))}$`);
}

export const MESSAGES: Messages = Object.defineProperties(
  {},
  {
    ...Object.fromEntries(
      Object.entries(CODES).map(([key, code]) => [key, { get: () => text(code), enumerable: true }]),
    ),
    contentType: { get: contentTypePrefix, enumerable: true },
    validation: { get: validationLoose, enumerable: true },
  },
) as Messages;

export function missingScope(scope: string): string {
  return text('scope_missing', { scope });
}

/**
 * The whole expectation for a kit error code, from its spec example: status, `error.type`, and
 * the exact message (or none, for the 404s). E.g. `expectedError('code_mismatch')` is
 * `{ status: 403, type: 'forbidden', message: 'Invalid verification code' }`.
 */
export function expectedError(code: string, params?: Readonly<Record<string, string>>): Expectation {
  const entry = catalogueEntry(code);
  const message = errorMessage(code, params);
  return {
    status: entry.status,
    type: entry.type,
    ...(message === undefined ? { noMessage: true } : { message }),
  };
}

/**
 * The development docs' sentence for a missing api-key (UA:73-77), the `docs` side of
 * DIV-API-KEY-MESSAGE: read from the spec's record (its first quoted text), not typed again.
 */
export function docsApiKeyMessage(): string {
  const record = specDivergences().find((d) => d.id === 'DIV-API-KEY-MESSAGE');
  const quoted = record?.docs.match(/`([^`]+)`/)?.[1];
  if (quoted === undefined) throw new Error('the spec records no DIV-API-KEY-MESSAGE docs sentence');
  return quoted;
}
