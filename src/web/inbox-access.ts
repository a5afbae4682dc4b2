import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/**
 * Who may open the inbox. `open`: demo mode without a control token (everything on that server is
 * public demo data anyway). `token`: a control token is set, so the inbox shows codes only to whoever
 * holds it, like `GET /__control/sms` does. `off`: neither; the routes do not exist (404).
 */
export type InboxAccess =
  | { readonly mode: 'off' }
  | { readonly mode: 'open' }
  | { readonly mode: 'token'; readonly token: string };

/** The rule of `serve`: a control token always guards the inbox, demo mode alone opens it. */
export function inboxAccessFor(options: { demo: boolean; controlToken?: string | undefined }): InboxAccess {
  // An empty token would sign in anyone with `?token=` (issue 18, defect 2): refuse to build it.
  if (options.controlToken === '') throw new Error('the control token must not be empty');
  if (options.controlToken !== undefined) return { mode: 'token', token: options.controlToken };
  return options.demo ? { mode: 'open' } : { mode: 'off' };
}

export const SESSION_COOKIE = 'otp_inbox_session';
const SESSION_SECONDS = 12 * 60 * 60;

const digest = (s: string) => createHash('sha256').update(s).digest();

/**
 * Signed-in state without server storage: the cookie is `<issued ms>.<HMAC(issued)>` under a key
 * made at start-up. It never contains the control token, expires after 12 hours, and a restart
 * signs everybody out. Wall-clock time on purpose: the engine's clock is moved by `/__control/clock`.
 */
export class InboxSessions {
  readonly #key = randomBytes(32);
  readonly #token: Buffer;

  constructor(
    token: string,
    private readonly now: () => number = Date.now,
  ) {
    this.#token = digest(token);
  }

  /** Constant-time: compares digests so the time taken says nothing about the prefix matched. */
  tokenMatches(given: string): boolean {
    return timingSafeEqual(digest(given), this.#token);
  }

  /** A `Set-Cookie` value: HttpOnly (no script reads it), SameSite=Strict (no cross-site use). */
  issueCookie(): string {
    const issued = String(this.now());
    return `${SESSION_COOKIE}=${issued}.${this.#mac(issued)}; Path=/inbox; HttpOnly; SameSite=Strict; Max-Age=${SESSION_SECONDS}`;
  }

  isSignedIn(req: IncomingMessage): boolean {
    const value = readCookie(req.headers.cookie, SESSION_COOKIE);
    const dot = value?.indexOf('.') ?? -1;
    if (value === undefined || dot < 1) return false;
    const issued = value.slice(0, dot);
    const age = this.now() - Number(issued);
    if (!Number.isFinite(age) || age < 0 || age > SESSION_SECONDS * 1000) return false;
    const given = Buffer.from(value.slice(dot + 1));
    const expected = Buffer.from(this.#mac(issued));
    return given.length === expected.length && timingSafeEqual(given, expected);
  }

  #mac(issued: string): string {
    return createHmac('sha256', this.#key).update(issued).digest('base64url');
  }
}

function readCookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq !== -1 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}
