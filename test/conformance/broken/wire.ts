import {
  type OperationId,
  operationInfo,
  type PathParams,
  suiteOperations,
} from '../../../src/conformance/operations.js';
import type { EngineRequest, EngineResponse } from '../../../src/reference-impl/index.js';

/** Helpers that read and rewrite the engine's plain request and response objects. */

export type Json = Record<string, unknown>;

export function isJson(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Which operation a request is for: an operation of the spec with its path parameters, or not one. */
export type Operation =
  | { [Op in OperationId]: { readonly op: Op; readonly params: PathParams<Op> } }[OperationId]
  | { readonly op: 'control'; readonly path: string }
  | { readonly op: 'other' };

export function pathOf(req: EngineRequest): string {
  const q = req.target.indexOf('?');
  return q === -1 ? req.target : req.target.slice(0, q);
}

function decoded(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** One matcher per operation of the spec, built from its method and path template. */
const ROUTES = suiteOperations().map((op) => {
  const names = [...op.params];
  const source = op.path
    .split(/\{[^}]+\}/)
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('([^/]+)');
  return { operationId: op.operationId, method: op.method, pattern: new RegExp(`^${source}$`), names };
});

/** Which operation of the spec a request is for (by method and path only, as a router would). */
export function operationOf(req: EngineRequest): Operation {
  const path = pathOf(req);
  if (path.startsWith('/__control')) return { op: 'control', path };
  for (const route of ROUTES) {
    const match = req.method === route.method ? route.pattern.exec(path) : null;
    if (match === null) continue;
    const params = Object.fromEntries(route.names.map((name, i) => [name, decoded(match[i + 1] ?? '')]));
    return { op: route.operationId, params } as Operation;
  }
  return { op: 'other' };
}

/** True for an operation of the spec whose security names the apiKey scheme (the `api-key` header). */
export function needsApiKey(op: Operation): boolean {
  return op.op !== 'control' && op.op !== 'other' && operationInfo(op.op).needsApiKey;
}

/** The request body as JSON when it is sent as JSON and parses; undefined otherwise. */
export function requestJson(req: EngineRequest): unknown {
  if (req.body === undefined || !/json/i.test(req.headers['content-type'] ?? '')) return undefined;
  try {
    return JSON.parse(new TextDecoder().decode(req.body)) as unknown;
  } catch {
    return undefined;
  }
}

export function withRequestJson(req: EngineRequest, value: unknown): EngineRequest {
  return { ...req, body: new TextEncoder().encode(JSON.stringify(value)) };
}

export function withRequestHeaders(
  req: EngineRequest,
  headers: Readonly<Record<string, string | undefined>>,
): EngineRequest {
  return { ...req, headers: { ...req.headers, ...headers } };
}

/** The bearer token of the request, if it has one. */
export function bearerOf(req: EngineRequest): string | undefined {
  return /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '')?.[1];
}

/** The parsed response body when it is a JSON object. */
export function bodyOf(res: EngineResponse): Json | undefined {
  try {
    const body: unknown = JSON.parse(res.body);
    return isJson(body) ? body : undefined;
  } catch {
    return undefined;
  }
}

export function errorOf(res: EngineResponse): Json | undefined {
  const error = bodyOf(res)?.error;
  return isJson(error) ? error : undefined;
}

export function dataOf(res: EngineResponse): Json | undefined {
  const data = bodyOf(res)?.data;
  return isJson(data) ? data : undefined;
}

export function metaOf(res: EngineResponse): Json | undefined {
  const meta = bodyOf(res)?.meta;
  return isJson(meta) ? meta : undefined;
}

/** The same response with a new body (and status); `meta.code` is left as the body says. */
export function withBody(res: EngineResponse, body: Json, status = res.status): EngineResponse {
  return { ...res, status, body: JSON.stringify(body) };
}

/** The same response with another status, `meta.code` kept in step (the mistake is the status). */
export function withStatus(res: EngineResponse, status: number, error?: Json): EngineResponse {
  const body = bodyOf(res) ?? {};
  const meta = isJson(body.meta) ? { ...body.meta, code: status } : body.meta;
  return withBody(res, { ...body, meta, ...(error === undefined ? {} : { error }) }, status);
}

export function withHeaders(
  res: EngineResponse,
  headers: Readonly<Record<string, string | null>>,
): EngineResponse {
  const out: Record<string, string> = { ...res.headers };
  for (const [name, value] of Object.entries(headers)) {
    if (value === null) delete out[name];
    else out[name] = value;
  }
  return { ...res, headers: out };
}

/** Rewrites the responses for which `when` holds with `rewrite`; everything else passes through. */
export function rewriteResponses(
  handle: (req: EngineRequest) => Promise<EngineResponse>,
  when: (req: EngineRequest, res: EngineResponse) => boolean,
  rewrite: (res: EngineResponse, req: EngineRequest) => EngineResponse,
): (req: EngineRequest) => Promise<EngineResponse> {
  return async (req) => {
    const res = await handle(req);
    return when(req, res) ? rewrite(res, req) : res;
  };
}
