import { connect, type Socket } from 'node:net';

export interface RawResponse {
  readonly status: number;
  readonly body: string;
}

const HEAD_END = Buffer.from('\r\n\r\n');

/**
 * One keep-alive HTTP/1.1 connection over a plain socket, one request at a time: the request is one
 * prebuilt string, the answer is read by Content-Length (or chunked). node:http's client costs
 * about 300 µs of CPU per request here, enough for its own event-loop delays to show in a
 * millisecond-scale p99; this costs a fraction of that, as autocannon's own client does.
 */
export class RawConnection {
  readonly #socket: Socket;
  #buffer: Buffer = Buffer.alloc(0);
  #pending: { resolve: (r: RawResponse) => void; reject: (e: Error) => void } | undefined;
  #failed: Error | undefined;

  constructor(
    private readonly host: string,
    port: number,
  ) {
    this.#socket = connect({ host, port, noDelay: true });
    this.#socket.on('data', (chunk: Buffer) => {
      this.#buffer = this.#buffer.length === 0 ? chunk : Buffer.concat([this.#buffer, chunk]);
      this.#tryParse();
    });
    const fail = (error: Error) => {
      this.#failed = error;
      this.#pending?.reject(error);
      this.#pending = undefined;
    };
    this.#socket.on('error', fail);
    this.#socket.on('close', () => fail(new Error('connection closed')));
  }

  send(
    method: string,
    path: string,
    headers: Readonly<Record<string, string>> | undefined,
    body: string | Buffer | undefined,
  ): Promise<RawResponse> {
    if (this.#failed !== undefined) return Promise.reject(this.#failed);
    const payload = body === undefined ? '' : body.toString();
    let head = `${method} ${path} HTTP/1.1\r\nhost: ${this.host}\r\n`;
    for (const [name, value] of Object.entries(headers ?? {})) head += `${name}: ${value}\r\n`;
    if (body !== undefined) head += `content-length: ${Buffer.byteLength(payload)}\r\n`;
    return new Promise((resolve, reject) => {
      this.#pending = { resolve, reject };
      this.#socket.write(`${head}\r\n${payload}`);
    });
  }

  close(): void {
    this.#socket.destroy();
  }

  #tryParse(): void {
    const buf = this.#buffer;
    const headEnd = buf.indexOf(HEAD_END);
    if (headEnd === -1 || this.#pending === undefined) return;
    const head = buf.toString('latin1', 0, headEnd);
    const status = Number(head.slice(9, 12));
    const length = /\r\ncontent-length:\s*(\d+)/i.exec(head)?.[1];
    const start = headEnd + 4;
    let body: string;
    let end: number;
    if (length !== undefined) {
      end = start + Number(length);
      if (buf.length < end) return;
      body = buf.toString('utf8', start, end);
    } else if (/\r\ntransfer-encoding:\s*chunked/i.test(head)) {
      const parts: Buffer[] = [];
      let at = start;
      for (;;) {
        const lineEnd = buf.indexOf('\r\n', at);
        if (lineEnd === -1) return;
        const size = Number.parseInt(buf.toString('latin1', at, lineEnd), 16);
        if (buf.length < lineEnd + 2 + size + 2) return;
        if (size === 0) {
          end = lineEnd + 4;
          break;
        }
        parts.push(buf.subarray(lineEnd + 2, lineEnd + 2 + size));
        at = lineEnd + 2 + size + 2;
      }
      body = Buffer.concat(parts).toString('utf8');
    } else {
      end = start;
      body = '';
    }
    this.#buffer = buf.length === end ? Buffer.alloc(0) : buf.subarray(end);
    const pending = this.#pending;
    this.#pending = undefined;
    pending.resolve({ status, body });
  }
}
