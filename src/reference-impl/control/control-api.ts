import type { ErrorObject } from 'ajv';
import { toJsonPath as toEntryPath } from '../../contract/rules.js';
import { loadSpec } from '../../contract/spec-files.js';
import { sameSecret } from '../constant-time.js';
import { checkBody } from '../http/body.js';
import { toErrorReply } from '../http/errors.js';
import type { EngineRequest, EngineResponse } from '../http/exchange.js';
import type { Router } from '../http/router.js';
import {
  type ControlHandlerTable,
  ControlNotFoundError,
  type ControlOperationId,
} from './control-handlers.js';
import type { ControlState } from './control-state.js';
import { ControlInvalidError } from './request-seeds.js';

const JSON_TYPE = 'application/json; charset=utf-8';
const reply = (status: number, body?: unknown): EngineResponse => ({
  status,
  headers: status === 204 ? {} : { 'content-type': JSON_TYPE },
  body: status === 204 ? '' : JSON.stringify(body),
});
const problem = (status: number, error: string) => reply(status, { error });

/** The sentence of a control.yaml error example, read from the spec (written there once). */
function specSentence(response: string, example: string): string {
  const responses = (loadSpec('control').components?.responses ?? {}) as Record<string, unknown>;
  const node = responses[response] as
    | { content?: { 'application/json'?: { examples?: Record<string, { value?: { error?: unknown } }> } } }
    | undefined;
  const sentence = node?.content?.['application/json']?.examples?.[example]?.value?.error;
  if (typeof sentence !== 'string') throw new Error(`control.yaml has no ${response}.${example} sentence`);
  return sentence;
}
const SEEDS_FULL = specSentence('ControlSeedsFull', 'seeds_full');

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

type ErasedControlHandler = (
  state: ControlState,
  input: { body: unknown; query: URLSearchParams; params: Readonly<Record<string, string>> },
) => Promise<unknown>;

/** What the control plane needs from the engine. */
export interface ControlDeps {
  readonly state: ControlState;
  /** The control bearer token; undefined: every `/__control` path answers 404. */
  readonly token: string | undefined;
  /** Routes openapi/control.yaml: the same Router as the eHealth API, over the control spec. */
  readonly router: Router;
  /** The same body limit as the eHealth API. */
  readonly maxBodyBytes: number;
  readonly handlers: ControlHandlerTable;
}

/**
 * `/__control/*` over HTTP (openapi/control.yaml). The same steps as the eHealth lifecycle
 * (http/lifecycle.ts): the spec's router, `checkBody` (413, 415, 400 for the body, JSON only,
 * 422 against the request schema) and the operation's success status from the spec. It differs
 * in its gate, checked before routing (404 on every path when the engine runs without a control
 * token, 401 without that token), and in its plain error body `{"error": "<sentence>"}`.
 */
export async function handleControl(
  deps: ControlDeps,
  req: EngineRequest,
  path: string,
  query: string,
): Promise<EngineResponse> {
  // An empty token is no token: fail closed (issue 18, defect 2), whatever the caller passed.
  if (deps.token === undefined || deps.token === '') return problem(404, 'Control API is not enabled');
  const wait = deps.state.tokenGuesses.retryAfter();
  if (wait !== undefined) {
    const limited = problem(429, 'Too many wrong control tokens; retry later');
    return { ...limited, headers: { ...limited.headers, 'retry-after': String(wait) } };
  }
  if (!sameSecret(req.headers.authorization ?? '', `Bearer ${deps.token}`)) {
    if (req.headers.authorization !== undefined) deps.state.tokenGuesses.recordWrong();
    return problem(401, 'Missing or invalid control token');
  }
  const match = deps.router.match(req.method, path);
  if (match === undefined) return problem(404, `No control route ${req.method} ${path}`);
  const { operation } = match;

  const body = checkBody('control', operation, req, deps.maxBodyBytes);
  if (!body.ok) {
    if (body.error === undefined) return problem(422, sentence(body.schemaErrors));
    const { status, error } = toErrorReply(body.error);
    return problem(status, error.message ?? error.type);
  }
  // A call whose spec declares 503 (ControlSeedsFull) seeds an entity: it counts against the
  // seed budget, which only a reset refills (seed-budget.ts).
  if (operation.statuses.includes('503') && !deps.state.seeds.take(req.body?.byteLength ?? 0))
    return problem(503, SEEDS_FULL);

  // Picked by the operationId the router matched; the body passed that operation's schema, which
  // is what `ControlInput<Op>` promises (the same erasure as the eHealth lifecycle's handlers).
  const handler = deps.handlers[operation.operationId as ControlOperationId] as
    | ErasedControlHandler
    | undefined;
  if (handler === undefined) throw new Error(`no control handler for ${operation.operationId}`);
  // CONTRACT.md writes `?phone_number=+380…`: a `+` here is the phone's plus, never a space.
  const params = new URLSearchParams(query.replace(/\+/g, '%2B'));
  try {
    const answer = await handler(deps.state, { body: body.value, query: params, params: match.params });
    return reply(operation.successStatus, answer);
  } catch (error) {
    if (error instanceof ControlNotFoundError) return problem(404, error.message);
    if (error instanceof ControlInvalidError) return problem(422, error.message);
    throw error;
  }
}
