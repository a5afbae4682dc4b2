import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EngineRequest, EngineResponse } from '../reference-impl/http/exchange.js';
import { BASE_HEADERS, readSmallBody, sendText } from './http.js';

/**
 * The engine's control API as the inbox console reaches it. The page never holds the control
 * token: its session cookie (HttpOnly) proves the person gave it, and this gateway adds it to
 * the forwarded request, server-side. `serve` passes `engine.handle` and its control token.
 */
export interface ControlGateway {
  readonly handle: (req: EngineRequest) => Promise<EngineResponse>;
  readonly token: string;
}

/** The console's prefix: `/inbox/control/phones` is `/__control/phones`, and so on. */
export const CONSOLE_PREFIX = '/inbox/control/';

/** Bodies of control calls are tiny (a scope list, a number of seconds); the engine checks them again. */
const MAX_BODY_BYTES = 64 * 1024;

/**
 * Only this page may drive the console: the session cookie is SameSite=Strict, and in open (demo)
 * mode there is no cookie at all, so a cross-site form or fetch is refused here by its Origin and
 * Fetch Metadata (`Sec-Fetch-Site`, sent by every current browser), whatever CORS says for /api.
 */
function sameOrigin(req: IncomingMessage): boolean {
  const site = req.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin' && site !== 'none') return false;
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}

/** Forwards one console call to `/__control/…` with the control token; answers it as the engine did. */
export async function forwardToControl(
  gateway: ControlGateway,
  req: IncomingMessage,
  res: ServerResponse,
  rest: string,
  query: string,
): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'POST') {
    res.setHeader('allow', 'GET, POST');
    sendText(req, res, 405, 'Method not allowed');
    return;
  }
  if (!sameOrigin(req)) {
    sendText(req, res, 403, 'The console answers only its own page');
    return;
  }
  const text = req.method === 'POST' ? await readSmallBody(req, MAX_BODY_BYTES) : '';
  if (text === undefined) {
    sendText(req, res, 413, 'Request body is too large');
    return;
  }
  const contentType = req.headers['content-type'];
  const answer = await gateway.handle({
    method: req.method,
    target: `/__control/${rest}${query}`,
    origin: `http://${req.headers.host ?? 'localhost'}`,
    headers: {
      authorization: `Bearer ${gateway.token}`,
      ...(contentType !== undefined && { 'content-type': contentType }),
    },
    body: text === '' ? undefined : Buffer.from(text, 'utf8'),
  });
  res.writeHead(answer.status, { ...BASE_HEADERS, 'cache-control': 'no-store', ...answer.headers });
  res.end(answer.body);
}
