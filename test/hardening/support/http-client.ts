import { type Agent, request as httpRequest } from 'node:http';
import { connect, type Socket } from 'node:net';

export interface Answer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: string;
  readonly json: unknown;
}

export interface CallOptions {
  readonly method?: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: unknown;
  readonly agent?: Agent | false;
}

/** One request through node:http; rejects on a connection error or a response cut short. */
export function call(url: string, options: CallOptions = {}): Promise<Answer> {
  const body = options.body === undefined ? undefined : JSON.stringify(options.body);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      url,
      {
        method: options.method ?? 'GET',
        agent: options.agent ?? false,
        headers: {
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...options.headers,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () => {
          if (!res.complete) {
            reject(new Error('response cut short'));
            return;
          }
          const text = Buffer.concat(chunks).toString('utf8');
          let json: unknown;
          try {
            json = text === '' ? undefined : (JSON.parse(text) as unknown);
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text, json });
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

export interface SlowClient {
  readonly socket: Socket;
  /** Resolves when the server closes the connection: what was sent by then and what came back. */
  readonly closed: Promise<{ readonly sent: number; readonly received: string }>;
}

/** Sends `text` one byte at a time, `intervalMs` apart, until it is all sent or the server hangs up. */
export function slowClient(port: number, text: string, intervalMs: number): SlowClient {
  const socket = connect(port, '127.0.0.1');
  let sent = 0;
  let received = '';
  socket.on('data', (chunk: Buffer) => {
    received += chunk.toString('latin1');
  });
  socket.on('error', () => undefined);
  const timer = setInterval(() => {
    if (socket.destroyed || sent >= text.length) return;
    socket.write(text.charAt(sent));
    sent++;
  }, intervalMs);
  const closed = new Promise<{ sent: number; received: string }>((resolve) => {
    socket.on('close', () => {
      clearInterval(timer);
      resolve({ sent, received });
    });
  });
  return { socket, closed };
}

/** Resolves once `socket` is connected. */
export function connected(socket: Socket): Promise<void> {
  return new Promise((resolve, reject) => {
    if (!socket.connecting) resolve();
    socket.once('connect', () => resolve());
    socket.once('error', reject);
  });
}
