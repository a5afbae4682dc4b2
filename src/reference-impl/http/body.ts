import type { ErrorObject } from 'ajv';
import { toInvalidEntries } from '../../contract/invalid-entries.js';
import type { OperationInfo } from '../../contract/operations.js';
import { requestBodyValidator, type Validator } from '../../contract/request-validators.js';
import type { SpecName } from '../../contract/spec-files.js';
import type { ProtocolError } from './errors.js';
import type { EngineRequest } from './exchange.js';

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const JSON_MEDIA = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;
/** What nearly every client sends; matched without the regular expression (a hot path). */
const PLAIN_JSON = 'application/json';
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
  drainedTooLarge = false,
): ParsedBody {
  if (!BODY_METHODS.has(method) || contentType === undefined) return { ok: true, value: undefined };
  if (contentType !== PLAIN_JSON && !JSON_MEDIA.test(contentType))
    return { ok: false, error: { code: 'content_type_invalid' } };
  if (drainedTooLarge || (body !== undefined && body.byteLength > maxBytes)) {
    return { ok: false, error: { code: 'body_too_large' } };
  }
  if (body === undefined || body.byteLength === 0) return { ok: true, value: undefined };
  try {
    const text = decoder.decode(body);
    if (nestedDeeperThan(text, MAX_JSON_DEPTH)) return { ok: false, error: { code: 'body_malformed' } };
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false, error: { code: 'body_malformed' } };
  }
}

/**
 * No request schema nests beyond a few levels. Deeper JSON is refused as malformed before it
 * reaches the validator and the 422 body, which echoes rejected values (`additionalProperties`)
 * and would overflow the stack serializing thousands of levels (test/hardening/regressions.test.ts).
 */
export const MAX_JSON_DEPTH = 64;

/** Counts brackets outside strings; no parse needed, so the check costs one pass over the text. */
export function nestedDeeperThan(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) return true;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return false;
}

/**
 * The body step of every lifecycle, the eHealth API's and the control API's alike: decode (413,
 * 415, 400 as `parseJsonBody`), then check against the operation's request schema in its spec.
 * A required body that is absent is checked as `{}`, so the 422 names the missing fields, as the
 * service does, and the handler receives that `{}`. Schema failures come back as ajv's errors:
 * each API words its 422 its own way (invalid entries, or the control API's one sentence).
 */
export type BodyCheck =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly error: ProtocolError }
  | {
      readonly ok: false;
      readonly error?: undefined;
      readonly schemaErrors: readonly ErrorObject[];
      readonly value: unknown;
    };

/**
 * Each operation's validator, looked up once per operation object (the router hands out the same
 * objects on every request) instead of by a key string built per request.
 */
const validators: Readonly<Record<SpecName, WeakMap<OperationInfo, Validator | null>>> = {
  ehealth: new WeakMap(),
  control: new WeakMap(),
};

function validatorOf(spec: SpecName, operation: OperationInfo): Validator | null {
  let validate = validators[spec].get(operation);
  if (validate === undefined) {
    // An operation without a requestBody has no schema to check a body against (it is ignored).
    validate = operation.hasRequestBody ? requestBodyValidator(operation.operationId, spec) : null;
    validators[spec].set(operation, validate);
  }
  return validate;
}

export function checkBody(
  spec: SpecName,
  operation: OperationInfo,
  req: EngineRequest,
  maxBytes: number,
): BodyCheck {
  const parsed = parseJsonBody(
    req.method,
    req.headers['content-type'],
    req.body,
    maxBytes,
    req.bodyTooLarge === true,
  );
  if (!parsed.ok) return parsed;
  const validate = validatorOf(spec, operation);
  if (validate === null || (parsed.value === undefined && !operation.requestBodyRequired)) return parsed;
  const value = parsed.value === undefined ? {} : parsed.value;
  if (validate(value)) return { ok: true, value };
  return { ok: false, schemaErrors: validate.errors ?? [], value };
}

/** The eHealth API's 422 for a body that fails its schema (reference §2.3). */
export function validationFailed(schemaErrors: readonly ErrorObject[], value: unknown): ProtocolError {
  return { code: 'validation_failed', invalid: toInvalidEntries(schemaErrors, value) };
}
