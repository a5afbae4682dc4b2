import { listOperations } from '../../../src/contract/operations.js';
import type { SpecName } from '../../../src/contract/spec-files.js';
import { checkResponse, componentValidator, describeError } from '../../../src/contract/validators.js';

/**
 * What the specs allow as the answer to one request, decided from the request line alone and
 * from the specs' own path templates (never from the implementation's router).
 */
export type Expectation =
  | { readonly kind: 'operation'; readonly spec: SpecName; readonly operationId: string }
  /** Under /api but no operation: 404 or 405 in the eHealth error envelope. */
  | { readonly kind: 'unrouted' }
  /** Under /__control but no control call: 401 (no token) or 404, `{ "error": "..." }`. */
  | { readonly kind: 'control-unrouted' };

interface Template {
  readonly spec: SpecName;
  readonly operationId: string;
  readonly method: string;
  readonly pattern: RegExp;
}

const templates: readonly Template[] = (['ehealth', 'control'] as const).flatMap((spec) =>
  listOperations(spec).map((op) => ({
    spec,
    operationId: op.operationId,
    method: op.method,
    pattern: new RegExp(`^${op.path.replace(/\{[^}]+\}/g, '[^/]+')}$`),
  })),
);

export function pathOf(target: string): string {
  const q = target.indexOf('?');
  return q === -1 ? target : target.slice(0, q);
}

export function expectationFor(method: string, target: string): Expectation {
  const path = pathOf(target);
  const hit = templates.find((t) => t.method === method && t.pattern.test(path));
  if (hit !== undefined) return { kind: 'operation', spec: hit.spec, operationId: hit.operationId };
  return path === '/__control' || path.startsWith('/__control/')
    ? { kind: 'control-unrouted' }
    : { kind: 'unrouted' };
}

export interface Observed {
  readonly method: string;
  readonly status: number;
  /** Header names in lower case. */
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly body: string;
}

/** Stack frames, module paths or this checkout's location: internals that must never reach a client. */
const LEAKS: readonly RegExp[] = [
  /\bat \S+ \(\S+:\d+:\d+\)/,
  /\bat (?:file|node):\S+:\d+/,
  /node:internal/,
  /node_modules/,
  /\/src\/[\w/.-]+\.[jt]s\b/,
];
const cwd = process.cwd();

/** Every problem with one response; empty when the specs allow it. */
export function problemsWith(expect: Expectation, seen: Observed): string[] {
  const problems: string[] = [];
  if (seen.status >= 500) problems.push(`status ${seen.status}: a server fault`);
  for (const leak of LEAKS) if (leak.test(seen.body)) problems.push(`body leaks internals (${leak})`);
  if (seen.body.includes(cwd)) problems.push('body names the server’s working directory');

  // HEAD answers carry no body; everything else is JSON, except 204.
  const bodyless = seen.method === 'HEAD' || seen.status === 204;
  let json: unknown;
  if (!bodyless) {
    if (!/^application\/json\b/.test(seen.headers['content-type'] ?? '')) {
      problems.push(`content-type ${String(seen.headers['content-type'])}`);
    }
    try {
      json = JSON.parse(seen.body) as unknown;
    } catch {
      problems.push(`body is not JSON: ${seen.body.slice(0, 120)}`);
      return problems;
    }
  }

  if (expect.kind === 'operation') {
    if (bodyless && seen.method === 'HEAD') return problems;
    const check = checkResponse(expect.operationId, seen.status, bodyless ? undefined : json, expect.spec);
    if (!check.ok) problems.push(...check.problems);
  } else if (expect.kind === 'unrouted') {
    if (seen.status !== 404 && seen.status !== 405)
      problems.push(`status ${seen.status} for an unknown route`);
    if (!bodyless) problems.push(...schemaProblems('ErrorEnvelope', 'ehealth', json));
  } else {
    if (seen.status !== 404 && seen.status !== 401) {
      problems.push(`status ${seen.status} for an unknown control route`);
    }
    if (!bodyless) problems.push(...schemaProblems('ControlError', 'control', json));
  }

  if (
    !bodyless &&
    expect.kind !== 'control-unrouted' &&
    !(expect.kind === 'operation' && expect.spec === 'control')
  ) {
    problems.push(...envelopeProblems(seen, json));
  }
  return problems;
}

function schemaProblems(name: string, spec: SpecName, json: unknown): string[] {
  const validate = componentValidator(name, spec);
  return validate(json) ? [] : (validate.errors ?? []).map(describeError);
}

/** What the contract adds to the schema: meta.code is the status, the request id is echoed, 429 says when. */
function envelopeProblems(seen: Observed, json: unknown): string[] {
  const problems: string[] = [];
  const meta = (json as { meta?: { code?: unknown; request_id?: unknown } } | null)?.meta;
  if (meta?.code !== seen.status) problems.push(`meta.code ${String(meta?.code)} ≠ status ${seen.status}`);
  if (meta?.request_id !== seen.headers['x-request-id']) problems.push('meta.request_id ≠ X-Request-ID');
  if (seen.status === 429 && !/^[1-9]\d*$/.test(seen.headers['retry-after'] ?? '')) {
    problems.push(`429 without a usable Retry-After (${String(seen.headers['retry-after'])})`);
  }
  return problems;
}
