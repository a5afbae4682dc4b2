import { connect } from 'node:net';
import type { HostileRequest } from './hostile-requests.js';

/** A response read off a raw socket; `complete` is false when the server cut it short. */
export interface RawResponse {
  readonly status: number;
  /** Lower-case names; repeated headers joined with `, `. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  readonly complete: boolean;
}

export type RawOutcome =
  | { readonly kind: 'response'; readonly response: RawResponse }
  /** The connection closed (or was reset) before a single byte came back. */
  | { readonly kind: 'closed'; readonly error?: string }
  | { readonly kind: 'timeout'; readonly received: number };

/** The request as bytes on the wire: latin1, so header values keep their obs-text octets. */
export function renderRequest(req: HostileRequest, host: string): Buffer {
  let head = `${req.method} ${req.target} HTTP/1.1\r\nHost: ${host}\r\n`;
  for (const [name, value] of req.headers) head += `${name}: ${value}\r\n`;
  if (req.body !== undefined) head += `Content-Length: ${req.body.byteLength}\r\n`;
  head += 'Connection: close\r\n\r\n';
  const parts = [Buffer.from(head, 'latin1')];
  if (req.body !== undefined) parts.push(Buffer.from(req.body));
  return Buffer.concat(parts);
}

/** Splits status line, headers and body; the body is cut to Content-Length when it says so. */
export function parseResponse(raw: Buffer, method: string): RawResponse | undefined {
  const end = raw.indexOf('\r\n\r\n');
  if (end === -1) return undefined;
  const [statusLine = '', ...lines] = raw.subarray(0, end).toString('latin1').split('\r\n');
  const status = /^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1];
  if (status === undefined) return undefined;
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    headers[name] = headers[name] === undefined ? value : `${headers[name]}, ${value}`;
  }
  const rest = raw.subarray(end + 4);
  const declared = headers['content-length'] === undefined ? undefined : Number(headers['content-length']);
  const bodyless = method === 'HEAD' || status === '204' || status === '304';
  const length = bodyless ? 0 : (declared ?? rest.length);
  return {
    status: Number(status),
    headers,
    body: rest.subarray(0, length).toString('utf8'),
    complete: bodyless || declared === undefined || rest.length >= declared,
  };
}

/** Writes the bytes on a fresh connection and reads until the server closes it. */
export function rawExchange(
  port: number,
  bytes: Buffer,
  method = 'GET',
  timeoutMs = 5_000,
): Promise<RawOutcome> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    let error: string | undefined;
    const timer = setTimeout(() => {
      socket.destroy();
      resolve({ kind: 'timeout', received: Buffer.concat(chunks).length });
    }, timeoutMs);
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', (e: NodeJS.ErrnoException) => {
      error = e.code ?? e.message;
    });
    socket.on('close', () => {
      clearTimeout(timer);
      const raw = Buffer.concat(chunks);
      if (raw.length === 0) {
        resolve(error === undefined ? { kind: 'closed' } : { kind: 'closed', error });
        return;
      }
      const response = parseResponse(raw, method);
      resolve(
        response === undefined
          ? {
              kind: 'response',
              response: { status: 0, headers: {}, body: raw.toString('latin1'), complete: false },
            }
          : { kind: 'response', response },
      );
    });
    socket.write(bytes);
  });
}
