import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * CORS for `serve`, so a browser app that moves from `mock` (Prism answers every origin) to
 * `serve` keeps working. Rules from the Fetch standard's CORS protocol
 * (https://fetch.spec.whatwg.org/#http-cors-protocol):
 * - a preflight is an OPTIONS request with `Access-Control-Request-Method`; it is answered 204 here
 *   before routing, so it succeeds on every API path whatever the operation's method;
 * - the eHealth API authenticates with an `Authorization` header, never a cookie, so no
 *   `Access-Control-Allow-Credentials` is sent and `*` is a safe default;
 * - `X-Request-ID` and `Retry-After` (the SMS cap's 429) are not safelisted response headers: a
 *   script reads them only if they are exposed.
 */
export type CorsOrigins = '*' | readonly string[];

export interface Cors {
  /** The CORS response headers for this request, or undefined (no Origin, a page path, an origin not allowed). */
  headersFor(req: IncomingMessage): Readonly<Record<string, string>> | undefined;
  /** Answers a preflight on a CORS path (204) and returns true; false for any other request. */
  preflight(req: IncomingMessage, res: ServerResponse): boolean;
}

/** The API, the control API, the health check and the specs; the HTML pages stay same-origin. */
export function isCorsPath(target: string | undefined): boolean {
  if (target === undefined) return false;
  return (
    target.startsWith('/api/') ||
    target.startsWith('/__control/') ||
    target.startsWith('/openapi') ||
    target === '/health' ||
    target.startsWith('/health?')
  );
}

const EXPOSE = 'x-request-id, retry-after';
/** Chromium caps a cached preflight at 2 hours; Firefox at 24. */
const MAX_AGE = '7200';
/** A method or a header list as a browser sends it; anything else is not echoed back. */
const TOKEN_LIST = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+(?:\s*,\s*[!#$%&'*+.^_`|~0-9A-Za-z-]+)*$/;

export function createCors(origins: CorsOrigins): Cors {
  const allowed = origins === '*' ? undefined : new Set(origins);
  const allowOrigin = (origin: string | undefined): string | undefined => {
    if (origin === undefined) return undefined;
    if (allowed === undefined) return '*';
    return allowed.has(origin) ? origin : undefined;
  };
  // With a list the answer depends on Origin, so caches must key on it.
  const vary: Record<string, string> = allowed === undefined ? {} : { vary: 'Origin' };
  return {
    headersFor(req) {
      if (!isCorsPath(req.url)) return undefined;
      const origin = allowOrigin(req.headers.origin);
      if (origin === undefined) return undefined;
      return { 'access-control-allow-origin': origin, 'access-control-expose-headers': EXPOSE, ...vary };
    },
    preflight(req, res) {
      const method = req.headers['access-control-request-method'];
      if (req.method !== 'OPTIONS' || method === undefined || !isCorsPath(req.url)) return false;
      const origin = allowOrigin(req.headers.origin);
      const headers: Record<string, string> = { ...vary, 'content-length': '0' };
      // An origin that is not allowed gets a 204 without the allow headers: the browser refuses it.
      if (origin !== undefined && TOKEN_LIST.test(method)) {
        headers['access-control-allow-origin'] = origin;
        headers['access-control-allow-methods'] = method;
        headers['access-control-max-age'] = MAX_AGE;
        const asked = req.headers['access-control-request-headers'];
        if (asked !== undefined && TOKEN_LIST.test(asked)) headers['access-control-allow-headers'] = asked;
      }
      res.writeHead(204, headers);
      res.end();
      return true;
    },
  };
}
