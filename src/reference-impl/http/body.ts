import { toInvalidEntries } from '../../contract/invalid-entries.js';
import type { OperationInfo } from '../../contract/operations.js';
import { requestBodyValidator } from '../../contract/validators.js';
import type { ProtocolError } from './errors.js';

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const JSON_MEDIA = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;
const decoder = new TextDecoder('utf-8', { fatal: true });

export type ParsedBody =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly error: ProtocolError };

/** Decodes a JSON body the way Plug.Parsers does (reference §2.3): no Content-Type, no body. */
export function parseJsonBody(
  method: string,
  contentType: string | undefined,
  body: Uint8Array | undefined,
  maxBytes: number,
): ParsedBody {
  if (!BODY_METHODS.has(method) || contentType === undefined) return { ok: true, value: undefined };
  if (!JSON_MEDIA.test(contentType)) return { ok: false, error: { code: 'content_type_invalid' } };
  if (body === undefined || body.byteLength === 0) return { ok: true, value: undefined };
  if (body.byteLength > maxBytes) return { ok: false, error: { code: 'body_too_large' } };
  try {
    return { ok: true, value: JSON.parse(decoder.decode(body)) as unknown };
  } catch {
    return { ok: false, error: { code: 'body_malformed' } };
  }
}

/**
 * Validates against the operation's request schema from the spec. A required body that is
 * absent is checked as `{}`, so the 422 names the missing fields, as the service does.
 */
export function validateBody(operation: OperationInfo, body: unknown): ProtocolError | undefined {
  const validate = requestBodyValidator(operation.operationId);
  if (validate === null) return undefined;
  if (body === undefined && !operation.requestBodyRequired) return undefined;
  const value = body === undefined ? {} : body;
  if (validate(value)) return undefined;
  return { code: 'validation_failed', invalid: toInvalidEntries(validate.errors ?? [], value) };
}
