import { isEchoableRequestId } from '../../contract/rules.js';
import { randomUUID } from '../random.js';
import type { ErrorReply } from './errors.js';
import type { EngineResponse } from './exchange.js';

const JSON_TYPE = 'application/json; charset=utf-8';

/** Echo a 20–200 byte `X-Request-ID`, as Plug.RequestId does (contract/rules.ts); otherwise make one. */
export function pickRequestId(incoming: string | undefined): string {
  return incoming !== undefined && isEchoableRequestId(incoming) ? incoming : randomUUID();
}

/** What a URI path may not carry as it is (RFC 3986 §3.3): a stray `%`, and anything not a pchar or `/`. */
const NOT_PATH = /%(?![0-9A-Fa-f]{2})|[^A-Za-z0-9\-._~!$&'()*+,;=:@/%]/gu;
/**
 * The same test without the global flag's `lastIndex` state: most paths need no escaping at all.
 * Without the `u` flag too (cheaper per request): it only asks whether some code unit needs
 * escaping, and a non-ASCII character is outside the class by either reading.
 */
const NEEDS_ESCAPE = new RegExp(NOT_PATH.source);
const utf8 = new TextEncoder();
const escapeChar = (c: string): string =>
  Array.from(utf8.encode(c), (b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join('');

/**
 * `meta.url`: the request URL without its query string. The path is echoed from the client, so
 * it is percent-encoded where needed (`{`, `|`, a bad `%zz`…) to keep `meta.url` a valid URI.
 */
export function metaUrl(origin: string, target: string): string {
  const q = target.indexOf('?');
  const path = q === -1 ? target : target.slice(0, q);
  const safe = NEEDS_ESCAPE.test(path) ? path.replace(NOT_PATH, escapeChar) : path;
  return origin + (path.startsWith('/') ? '' : '/') + safe;
}

export interface MetaInput {
  readonly url: string;
  readonly requestId: string;
  /** The request's `X-Idempotency-Key`, echoed in `meta` and as a header like EView does (findings V2). */
  readonly idempotencyKey?: string | undefined;
}

/** Timestamps as the service writes them: ISO-8601 UTC with microseconds. */
export function isoMicros(ms: number): string {
  // Requests in the same millisecond write the same expiry: the last one is kept.
  if (ms !== lastIsoMs) {
    // toISOString always ends in `.mmmZ`: drop the Z, add the three sub-millisecond digits.
    lastIso = `${new Date(ms).toISOString().slice(0, -1)}000Z`;
    lastIsoMs = ms;
  }
  return lastIso;
}
let lastIsoMs = Number.NaN;
let lastIso = '';

/** The envelope's `meta` (CONTRACT.md "The envelope"). */
function metaOf(status: number, meta: MetaInput, list: boolean) {
  const m = { code: status, url: meta.url, type: list ? 'list' : 'object', request_id: meta.requestId };
  return meta.idempotencyKey === undefined ? m : { ...m, idempotency_key: meta.idempotencyKey };
}

/** Headers every API response carries; `extra` (e.g. `retry-after`) only where an error has one. */
function headersOf(meta: MetaInput, extra?: Readonly<Record<string, string>>): Record<string, string> {
  const headers: Record<string, string> = { 'content-type': JSON_TYPE, 'x-request-id': meta.requestId };
  if (meta.idempotencyKey !== undefined) headers['x-idempotency-key'] = meta.idempotencyKey;
  if (extra !== undefined) Object.assign(headers, extra);
  return headers;
}

/** `{ meta, data }` plus `urgent` where the operation has one, and `paging` for a list (AP:9845-9848). */
export function successResponse(
  status: number,
  meta: MetaInput,
  data: unknown,
  urgent?: unknown,
  paging?: unknown,
  extraHeaders?: Readonly<Record<string, string>>,
): EngineResponse {
  // Object literals of one fixed shape each: JSON.stringify takes its fast path on them.
  const m = metaOf(status, meta, Array.isArray(data));
  const body = JSON.stringify(
    paging !== undefined
      ? { meta: m, data, paging }
      : urgent === undefined
        ? { meta: m, data }
        : { meta: m, data, urgent },
  );
  return { status, headers: headersOf(meta, extraHeaders), body };
}

/** `{ meta, error }`: never `data` beside it. */
export function errorResponse(meta: MetaInput, err: ErrorReply): EngineResponse {
  const body = JSON.stringify({ meta: metaOf(err.status, meta, false), error: err.error });
  return { status: err.status, headers: headersOf(meta, err.headers), body };
}
