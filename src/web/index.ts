import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SmsOutbox } from '../reference-impl/domain/sms-outbox.js';
import { handleApiReference } from './api-reference.js';
import type { InboxAccess } from './inbox-access.js';
import type { ControlGateway } from './inbox-console.js';
import type { EventStreamOptions } from './inbox-events.js';
import { createInboxRoutes, type SignInGuesses } from './inbox-routes.js';

export { type InboxAccess, inboxAccessFor } from './inbox-access.js';
export type { ControlGateway } from './inbox-console.js';

export interface WebPagesOptions extends EventStreamOptions {
  readonly outbox: Pick<SmsOutbox, 'subscribe' | 'list'>;
  readonly inbox: InboxAccess;
  /** With it the inbox is also a console (send an OTP, move the clock, reset, tokens); see inbox-console.ts. */
  readonly control?: ControlGateway | undefined;
  /** Wrong sign-ins share this count with the control API's wrong tokens (`engine.control.tokenGuesses`). */
  readonly guesses?: SignInGuesses | undefined;
}

export interface WebPages {
  /** For `startServer({ extraRoutes })`: true when the request was a page route and is answered. */
  readonly handle: (req: IncomingMessage, res: ServerResponse) => boolean;
  /** Ends the inbox's event streams, so the server's close does not wait on open tabs. */
  close(): void;
  /** Paths to print in a banner; `inbox` is undefined when it is off. */
  readonly paths: { readonly docs: string; readonly inbox: string | undefined };
}

/**
 * The pages `serve` hosts beside the API: the API reference (always) and the SMS inbox (per
 * `inbox`). Anything else falls through to the engine, so `/inbox` is the engine's 404 when off.
 */
export function createWebPages(options: WebPagesOptions): WebPages {
  const { inbox } = options;
  const inboxRoutes =
    inbox.mode === 'off'
      ? undefined
      : createInboxRoutes(options.outbox, inbox, options, options.control, options.guesses);
  return {
    handle(req, res) {
      // The eHealth API is the hot path: its requests skip the page routing altogether.
      if (req.url?.startsWith('/api/') === true) return false;
      try {
        return (
          handleApiReference(req, res, inboxRoutes !== undefined) || (inboxRoutes?.handle(req, res) ?? false)
        );
      } catch {
        // Called from the server's request callback: a throw here would take the process down.
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
        res.end('Internal error\n');
        return true;
      }
    },
    close: () => inboxRoutes?.close(),
    paths: { docs: '/docs', inbox: inboxRoutes === undefined ? undefined : '/inbox' },
  };
}
