import { createHash, timingSafeEqual } from 'node:crypto';
import type { ErrorObject } from 'ajv';
import { toJsonPath as toEntryPath } from '../../contract/rules.js';
import { componentValidator } from '../../contract/validators.js';
import { MAX_JSON_DEPTH, nestedDeeperThan } from '../http/body.js';
import type { EngineRequest, EngineResponse } from '../http/exchange.js';
import type { ControlState, Scope, SeedPersonRequest } from './control-state.js';

const JSON_TYPE = 'application/json; charset=utf-8';
const reply = (status: number, body?: unknown): EngineResponse => ({
  status,
  headers: status === 204 ? {} : { 'content-type': JSON_TYPE },
  body: status === 204 ? '' : JSON.stringify(body),
});
const problem = (status: number, error: string) => reply(status, { error });

/** A `type` that is not the one a oneOf branch (an authentication method kind) wants. */
const isTypeMismatch = (e: ErrorObject) => e.keyword === 'const' && e.instancePath.endsWith('/type');

/** The object an error is about and the schema that reported it, e.g. `/authentication_methods/0 #/…/SeedOtpAuthMethod`. */
function branchOf(e: ErrorObject): string {
  const property = /^(.*)\/properties\/([^/]+)\/[^/]+$/.exec(e.schemaPath);
  if (
    property?.[1] !== undefined &&
    property[2] !== undefined &&
    e.instancePath.endsWith(`/${property[2]}`)
  ) {
    return `${e.instancePath.slice(0, -(property[2].length + 1))} ${property[1]}`;
  }
  return `${e.instancePath} ${e.schemaPath.replace(/\/[^/]+$/, '')}`;
}

/** The most specific ajv error as a sentence naming the field, e.g. `$.scopes[0] must be one of …`. */
function sentence(all: readonly ErrorObject[]): string {
  // In the oneOf of authentication methods only the branch of the method's own `type` speaks:
  // a THIRD_PERSON without `third_person` must not be told that `phone_number` is required.
  const wrongBranches = new Set(all.filter(isTypeMismatch).map(branchOf));
  const errors = all.filter((e) => isTypeMismatch(e) || !wrongBranches.has(branchOf(e)));
  const specific = errors.filter((e) => e.keyword !== 'oneOf' && e.keyword !== 'const');
  const types = errors.filter(isTypeMismatch);
  if (specific.length === 0 && types[0] !== undefined) {
    const at = types[0].instancePath;
    const allowed = types.filter((e) => e.instancePath === at).map((e) => String(e.params.allowedValue));
    return `${toEntryPath(at)} must be one of ${allowed.join(', ')}`;
  }
  const pick = [...(specific.length > 0 ? specific : errors)].sort(
    (a, b) => b.instancePath.length - a.instancePath.length,
  )[0];
  if (pick === undefined) return 'the body is invalid';
  const p = pick.params as Record<string, unknown>;
  if (pick.keyword === 'required')
    return `${toEntryPath(pick.instancePath, String(p.missingProperty))} is required`;
  if (pick.keyword === 'additionalProperties') {
    return `${toEntryPath(pick.instancePath, String(p.additionalProperty))} is not allowed`;
  }
  if (pick.keyword === 'enum')
    return `${toEntryPath(pick.instancePath)} must be one of ${(p.allowedValues as unknown[]).join(', ')}`;
  return `${toEntryPath(pick.instancePath)} ${pick.message ?? 'is invalid'}`;
}

/** Compares digests so the time taken says nothing about how much of the token matched. */
function sameSecret(given: string, expected: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

// TextDecoder rather than Buffer so the engine also runs in a browser (msw's setupWorker);
// ignoreBOM keeps a leading BOM in the text, exactly as Buffer#toString did.
const utf8 = new TextDecoder('utf-8', { ignoreBOM: true });

type Parsed<T> = { ok: true; value: T } | { ok: false; response: EngineResponse };

/** Decodes and validates the body of a control call that takes one; absent is checked as `{}`. */
function validated<T>(schema: string, req: EngineRequest): Parsed<T> {
  let body: unknown = {};
  if (req.body !== undefined && req.body.byteLength > 0) {
    const text = utf8.decode(req.body);
    // The validator recurses per level: thousands of nested third persons would overflow it.
    if (nestedDeeperThan(text, MAX_JSON_DEPTH)) {
      return { ok: false, response: problem(422, `the body nests deeper than ${MAX_JSON_DEPTH} levels`) };
    }
    try {
      body = JSON.parse(text) as unknown;
    } catch {
      return { ok: false, response: problem(422, 'the body is not valid JSON') };
    }
  }
  return check<T>(schema, body);
}

function check<T>(schema: string, value: unknown): Parsed<T> {
  const validate = componentValidator(schema, 'control');
  if (validate(value)) return { ok: true, value: value as T };
  return { ok: false, response: problem(422, sentence(validate.errors ?? [])) };
}

/**
 * `/__control/*` over HTTP (openapi/control.yaml). Plain JSON, its own bearer token, and 404
 * on every path when the engine runs without a control token.
 */
export async function handleControl(
  state: ControlState,
  controlToken: string | undefined,
  req: EngineRequest,
  path: string,
  query: string,
): Promise<EngineResponse> {
  if (controlToken === undefined) return problem(404, 'Control API is not enabled');
  if (!sameSecret(req.headers.authorization ?? '', `Bearer ${controlToken}`)) {
    return problem(401, 'Missing or invalid control token');
  }
  const route = `${req.method} ${path}`;
  // The route is chosen before any body is read: a call that takes none ignores it.
  switch (route) {
    case 'POST /__control/reset':
      await state.reset();
      return reply(204);
    case 'POST /__control/tokens': {
      const input = validated<{ scopes: Scope[] }>('CreateTokenRequest', req);
      return input.ok ? reply(201, await state.createToken(input.value.scopes)) : input.response;
    }
    case 'POST /__control/person_requests': {
      const input = validated<SeedPersonRequest>('SeedPersonRequest', req);
      return input.ok ? reply(201, await state.createPersonRequest(input.value)) : input.response;
    }
    case 'GET /__control/sms': {
      // CONTRACT.md writes `?phone_number=+380…`: a `+` here is the phone's plus, never a space.
      const phone = new URLSearchParams(query.replace(/\+/g, '%2B')).get('phone_number') ?? undefined;
      return reply(200, { data: await state.listSms(phone) });
    }
    case 'POST /__control/clock': {
      const input = validated<{ advance_seconds: number }>('AdvanceClockRequest', req);
      return input.ok ? reply(200, await state.advanceClock(input.value.advance_seconds)) : input.response;
    }
    default:
      return problem(404, `No control route ${route}`);
  }
}
