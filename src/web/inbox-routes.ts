import type { IncomingMessage, ServerResponse } from 'node:http';
import { TokenGuesses } from '../reference-impl/control/token-guesses.js';
import type { SmsOutbox } from '../reference-impl/domain/sms-outbox.js';
import { inboxClientJs } from './generated/inbox-client.js';
import { allowRead, asset, readSmallBody, send, sendAsset, sendText, splitTarget } from './http.js';
import { type InboxAccess, InboxSessions } from './inbox-access.js';
import { CONSOLE_PREFIX, type ControlGateway, forwardToControl } from './inbox-console.js';
import { createEventStreams, type EventStreamOptions } from './inbox-events.js';
import { INBOX_CSP, inboxPage, loginPage } from './inbox-page.js';
import { inboxCss } from './inbox-style.js';

/**
 * Wrong sign-ins counted with the control API's wrong tokens (the same secret): past the limit
 * every sign-in answers 429 until the minute ends (control/token-guesses.ts). Issue 18: the probe
 * made 500 wrong inbox logins unhindered.
 */
export type SignInGuesses = Pick<TokenGuesses, 'retryAfter' | 'recordWrong'>;

const HTML = 'text/html; charset=utf-8';
const appJs = asset('text/javascript; charset=utf-8', inboxClientJs);
const appCss = asset('text/css; charset=utf-8', inboxCss);

export interface InboxRoutes {
  /** True when the request was an inbox route and has been (or is being) answered. */
  handle(req: IncomingMessage, res: ServerResponse): boolean;
  close(): void;
}

/** `/inbox`, its assets, its event stream and (with a control token) its sign-in. */
export function createInboxRoutes(
  outbox: Pick<SmsOutbox, 'subscribe' | 'list'>,
  access: Exclude<InboxAccess, { mode: 'off' }>,
  options: EventStreamOptions = {},
  control?: ControlGateway,
  guesses: SignInGuesses = new TokenGuesses(),
): InboxRoutes {
  const streams = createEventStreams(outbox, options);
  const sessions = access.mode === 'token' ? new InboxSessions(access.token) : undefined;
  const signedIn = (req: IncomingMessage) => sessions === undefined || sessions.isSignedIn(req);

  const redirectSignedIn = (res: ServerResponse, s: InboxSessions) => {
    // 303 to the bare page: the token leaves the address bar and the history at once.
    res.writeHead(303, { location: '/inbox', 'set-cookie': s.issueCookie(), 'cache-control': 'no-store' });
    res.end();
  };

  /** Answers a sign-in with `token`: 429 while wrong tokens are over the limit, else 303 or 401. */
  function signIn(req: IncomingMessage, res: ServerResponse, s: InboxSessions, token: string | null): void {
    const wait = guesses.retryAfter();
    if (wait !== undefined) {
      res.setHeader('retry-after', String(wait));
      sendText(req, res, 429, 'Too many wrong control tokens; retry later');
      return;
    }
    if (token !== null && s.tokenMatches(token)) {
      redirectSignedIn(res, s);
      return;
    }
    if (token !== null) guesses.recordWrong();
    send(req, res, 401, HTML, loginPage(true), { 'content-security-policy': INBOX_CSP });
  }

  async function login(req: IncomingMessage, res: ServerResponse, s: InboxSessions): Promise<void> {
    const body = await readSmallBody(req, 4096);
    signIn(req, res, s, new URLSearchParams(body ?? '').get('token'));
  }

  function page(req: IncomingMessage, res: ServerResponse, query: URLSearchParams): void {
    const given = query.get('token');
    if (sessions !== undefined && given !== null) {
      signIn(req, res, sessions, given);
      return;
    }
    if (!signedIn(req)) {
      send(req, res, 401, HTML, loginPage(false), { 'content-security-policy': INBOX_CSP });
      return;
    }
    send(req, res, 200, HTML, inboxPage(control !== undefined), { 'content-security-policy': INBOX_CSP });
  }

  return {
    handle(req, res) {
      const { path, query } = splitTarget(req.url);
      if (path !== '/inbox' && !path.startsWith('/inbox/')) return false;
      if (path === '/inbox/login' && sessions !== undefined) {
        if (req.method !== 'POST') {
          res.setHeader('allow', 'POST');
          sendText(req, res, 405, 'Method not allowed');
          return true;
        }
        login(req, res, sessions).catch(() => res.destroy());
        return true;
      }
      if (control !== undefined && path.startsWith(CONSOLE_PREFIX)) {
        if (!signedIn(req)) sendText(req, res, 401, 'Sign in at /inbox first');
        else {
          const q = req.url?.indexOf('?') ?? -1;
          const query = q === -1 ? '' : (req.url ?? '').slice(q);
          forwardToControl(control, req, res, path.slice(CONSOLE_PREFIX.length), query).catch(() => {
            if (!res.headersSent) sendText(req, res, 500, 'Internal error');
            else res.destroy();
          });
        }
        return true;
      }
      if (!allowRead(req, res)) return true;
      switch (path) {
        case '/inbox':
          page(req, res, query);
          return true;
        // The script and the stylesheet hold no secrets; the sign-in page needs the stylesheet.
        case '/inbox/app.js':
          sendAsset(req, res, appJs);
          return true;
        case '/inbox/app.css':
          sendAsset(req, res, appCss);
          return true;
        case '/inbox/events':
          if (signedIn(req)) streams.open(req, res);
          else sendText(req, res, 401, 'Sign in at /inbox first');
          return true;
        default:
          sendText(req, res, 404, 'Not found');
          return true;
      }
    },
    close: () => streams.close(),
  };
}
