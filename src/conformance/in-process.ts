import type { FetchLike } from './transport.js';

/**
 * A request as an in-process server sees it: plain values, no WHATWG objects. The reference
 * engine's `handle` (`EngineRequest` → `EngineResponse`) has this shape, so it can be passed as is.
 */
export interface PlainRequest {
  readonly method: string;
  /** The request target as on the request line: path plus optional `?query`. */
  readonly target: string;
  /** `scheme://host[:port]` of the URL the suite called. */
  readonly origin: string;
  /** Header names in lower case. */
  readonly headers: Readonly<Record<string, string>>;
  /** The body bytes, or undefined when the request has none. */
  readonly body: Uint8Array | undefined;
}

export interface PlainResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  /** The serialized body; empty for none. */
  readonly body: string;
}

export type PlainHandle = (req: PlainRequest) => Promise<PlainResponse>;

/** The suite sends a header record; a Headers object or pairs are accepted too, at a small cost. */
function plainHeaders(init: RequestInit['headers']): Record<string, string> {
  const out: Record<string, string> = {};
  if (init === undefined) return out;
  if (init instanceof Headers || Array.isArray(init)) {
    for (const [name, value] of new Headers(init).entries()) out[name] = value;
    return out;
  }
  for (const [name, value] of Object.entries(init)) out[name.toLowerCase()] = value;
  return out;
}

/**
 * A `fetch` for `runConformance({ fetch })` that calls a plain handle function in-process: no
 * socket, and no WHATWG Request to build and take apart again on the way in. The suite only ever
 * sends string bodies; any other body type is refused rather than silently dropped.
 */
export function handleAsFetch(handle: PlainHandle): FetchLike {
  const encoder = new TextEncoder();
  return async (input, init) => {
    const url = new URL(input);
    const raw = init.body;
    if (raw !== undefined && raw !== null && typeof raw !== 'string')
      throw new TypeError('handleAsFetch: only string request bodies are supported');
    const res = await handle({
      method: init.method ?? 'GET',
      target: url.pathname + url.search,
      origin: url.origin,
      headers: plainHeaders(init.headers),
      body: raw === undefined || raw === null || raw === '' ? undefined : encoder.encode(raw),
    });
    // A null-body status (204, 304) must not carry a body, not even an empty string.
    const empty = res.body === '' || res.status === 204 || res.status === 304;
    return new Response(empty ? null : res.body, { status: res.status, headers: res.headers });
  };
}
