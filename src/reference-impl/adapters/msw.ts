import type { Engine } from '../engine.js';
import type { EngineRequest, EngineResponse } from '../http/exchange.js';

/**
 * The fetch edge of the engine: msw hands over a WHATWG `Request` and wants a `Response`. These
 * two functions are the only place the engine meets fetch objects (docs/architecture.md "Plain objects": they cost about
 * fourfold throughput on the server path, so `serve` never builds them).
 */

/** Where the kit's paths start inside a URL: everything before `/api/…` or `/__control…` is the mount. */
export function mountPrefix(pathname: string, fixed: string | undefined): string | undefined {
  if (fixed !== undefined) return pathname.startsWith(`${fixed}/`) ? fixed : undefined;
  const at = pathname.search(/\/(?:api|__control|uploads)(?:\/|$)/);
  return at === -1 ? undefined : pathname.slice(0, at);
}

/** Converts msw's request; the mount prefix is stripped so the engine routes on `/api/…`. */
export async function toEngineRequest(request: Request, prefix: string): Promise<EngineRequest> {
  const url = new URL(request.url);
  const headers: Record<string, string> = {};
  // Headers iterates lower-case names and joins repeats with ", ", as the engine expects.
  request.headers.forEach((value, name) => {
    headers[name] = value;
  });
  const bytes = request.body === null ? undefined : new Uint8Array(await request.arrayBuffer());
  return {
    method: request.method,
    target: url.pathname.slice(prefix.length) + url.search,
    origin: url.origin + prefix,
    headers,
    body: bytes === undefined || bytes.byteLength === 0 ? undefined : bytes,
  };
}

export function toFetchResponse(reply: EngineResponse): Response {
  // A 204 must not carry a body, not even an empty string (the Response constructor throws).
  return new Response(reply.status === 204 ? null : reply.body, {
    status: reply.status,
    headers: reply.headers,
  });
}

/**
 * One msw request through the engine. The engine itself answers 413 for a body over the limit,
 * after routing and authentication, exactly as behind the node adapter.
 */
export async function handleFetch(engine: Engine, request: Request, prefix: string): Promise<Response> {
  return toFetchResponse(await engine.handle(await toEngineRequest(request, prefix)));
}
