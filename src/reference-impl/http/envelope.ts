import { randomUUID } from 'node:crypto';
import type { ErrorReply } from './errors.js';
import type { EngineResponse } from './exchange.js';

const JSON_TYPE = 'application/json; charset=utf-8';

/** Echo a 20–200 character `X-Request-ID`, as Plug.RequestId does; otherwise make one (reference §2.2). */
export function pickRequestId(incoming: string | undefined): string {
  return incoming !== undefined && incoming.length >= 20 && incoming.length <= 200 ? incoming : randomUUID();
}

/** What a URI path may not carry as it is (RFC 3986 §3.3): a stray `%`, and anything not a pchar or `/`. */
const NOT_PATH = /%(?![0-9A-Fa-f]{2})|[^A-Za-z0-9\-._~!$&'()*+,;=:@/%]/gu;
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
  return origin + (path.startsWith('/') ? '' : '/') + path.replace(NOT_PATH, escapeChar);
}

export interface MetaInput {
  readonly url: string;
  readonly requestId: string;
}

/** Timestamps as the service writes them: ISO-8601 UTC with microseconds. */
export function isoMicros(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '000Z');
}

function reply(
  status: number,
  meta: MetaInput,
  payload: Record<string, unknown>,
  extra?: Readonly<Record<string, string>>,
): EngineResponse {
  const body = JSON.stringify({
    meta: {
      code: status,
      url: meta.url,
      type: Array.isArray(payload.data) ? 'list' : 'object',
      request_id: meta.requestId,
    },
    ...payload,
  });
  return { status, headers: { 'content-type': JSON_TYPE, 'x-request-id': meta.requestId, ...extra }, body };
}

/** `{ meta, data }` plus `urgent` where the operation has one. */
export function successResponse(
  status: number,
  meta: MetaInput,
  data: unknown,
  urgent?: unknown,
): EngineResponse {
  return reply(status, meta, urgent === undefined ? { data } : { data, urgent });
}

/** `{ meta, error }`: never `data` beside it. */
export function errorResponse(meta: MetaInput, err: ErrorReply): EngineResponse {
  return reply(err.status, meta, { error: err.error }, err.headers);
}
