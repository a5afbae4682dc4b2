import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

/** A file served from memory; `gzip` is kept beside it when compressing pays (the Redoc bundle). */
export interface Asset {
  readonly type: string;
  readonly body: Buffer;
  readonly gzip?: Buffer;
  readonly etag: string;
}

export function asset(type: string, body: string | Buffer, gzip?: Buffer): Asset {
  const buf = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  const etag = `"${createHash('sha256').update(buf).digest('base64url').slice(0, 27)}"`;
  return gzip === undefined ? { type, body: buf, etag } : { type, body: buf, gzip, etag };
}

/**
 * Sent with every page and asset: nothing may frame the pages or guess content types, and no URL
 * (the inbox may be opened with `?token=`) leaves in a Referer header.
 */
export const BASE_HEADERS: Readonly<Record<string, string>> = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
};

export function send(
  req: IncomingMessage,
  res: ServerResponse,
  status: number,
  type: string,
  body: string | Buffer,
  headers: Readonly<Record<string, string>> = {},
): void {
  const buf = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  res.writeHead(status, {
    ...BASE_HEADERS,
    'cache-control': 'no-store',
    ...headers,
    'content-type': type,
    'content-length': String(buf.length),
  });
  res.end(req.method === 'HEAD' ? undefined : buf);
}

export function sendText(req: IncomingMessage, res: ServerResponse, status: number, text: string): void {
  send(req, res, status, 'text/plain; charset=utf-8', `${text}\n`);
}

/** Static assets revalidate (ETag) instead of being cached blindly: an upgraded Redoc shows at once. */
export function sendAsset(req: IncomingMessage, res: ServerResponse, file: Asset, csp?: string): void {
  const headers: Record<string, string> = {
    etag: file.etag,
    'cache-control': 'no-cache',
    vary: 'accept-encoding',
  };
  if (csp !== undefined) headers['content-security-policy'] = csp;
  if (req.headers['if-none-match'] === file.etag) {
    res.writeHead(304, { ...BASE_HEADERS, ...headers });
    res.end();
    return;
  }
  const acceptsGzip = /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
  if (file.gzip !== undefined && acceptsGzip) {
    send(req, res, 200, file.type, file.gzip, { ...headers, 'content-encoding': 'gzip' });
    return;
  }
  send(req, res, 200, file.type, file.body, headers);
}

/** GET and HEAD only (the pages have no other verbs); anything else is answered 405 here. */
export function allowRead(req: IncomingMessage, res: ServerResponse): boolean {
  if (req.method === 'GET' || req.method === 'HEAD') return true;
  res.setHeader('allow', 'GET, HEAD');
  sendText(req, res, 405, 'Method not allowed');
  return false;
}

/** The request path without its query; `/inbox/` and `/inbox` are the same page. */
export function splitTarget(target: string | undefined): { path: string; query: URLSearchParams } {
  const url = new URL(target ?? '/', 'http://localhost');
  const path =
    url.pathname.length > 1 && url.pathname.endsWith('/') ? url.pathname.slice(0, -1) : url.pathname;
  return { path, query: url.searchParams };
}

/** Reads a small body (the login form); undefined past `max` bytes or on a broken connection. */
export function readSmallBody(req: IncomingMessage, max: number): Promise<string | undefined> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= max) chunks.push(chunk);
    });
    req.on('end', () => resolve(size > max ? undefined : Buffer.concat(chunks).toString('utf8')));
    req.on('error', () => resolve(undefined));
  });
}

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
