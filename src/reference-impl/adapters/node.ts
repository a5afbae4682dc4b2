import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createEngine, type Engine, type EngineOptions } from '../engine.js';
import { errorResponse, metaUrl, pickRequestId } from '../http/envelope.js';
import { toErrorReply } from '../http/errors.js';
import type { EngineRequest, EngineResponse } from '../http/exchange.js';

export interface ServerOptions extends EngineOptions {
  /** 0 picks a free port. Default 4010. */
  readonly port?: number;
  /** Default 127.0.0.1: a mock should not listen beyond this machine unless asked. */
  readonly host?: string;
  /** Use this engine instead of creating one (the inbox page and demo share it). */
  readonly engine?: Engine;
  /** Cap on open connections; further ones are refused by the kernel backlog, not queued here. */
  readonly maxConnections?: number;
  /** A slow client must send all headers within this time (slowloris). */
  readonly headersTimeoutMs?: number;
  /** …and the whole request within this time. */
  readonly requestTimeoutMs?: number;
  /**
   * Routes served before the engine (the web pages of src/web): return true when the request is
   * taken (answered now or later), false to pass it to the engine. It must not throw.
   */
  readonly extraRoutes?: (req: IncomingMessage, res: ServerResponse) => boolean;
}

export interface RunningServer {
  readonly url: string;
  readonly port: number;
  readonly engine: Engine;
  readonly server: Server;
  /** Stops accepting, lets in-flight requests finish, then resolves. */
  close(): Promise<void>;
}

/** Beyond the limit the body is drained without being kept, up to this much, then the socket closes. */
const DRAIN_LIMIT = 16 * 1024 * 1024;

function send(res: ServerResponse, reply: EngineResponse, close = false): void {
  const headers: Record<string, string> = {
    ...reply.headers,
    'content-length': String(Buffer.byteLength(reply.body)),
  };
  if (close) headers.connection = 'close';
  res.writeHead(reply.status, headers);
  res.end(reply.body);
}

/** Reads the body; undefined when it exceeded `max` (the caller answers 413). */
function readBody(req: IncomingMessage, max: number): Promise<Buffer | undefined | 'aborted'> {
  return new Promise((resolve) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = declared > max;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > max) tooLarge = true;
      if (tooLarge) {
        chunks.length = 0;
        if (size > DRAIN_LIMIT) resolve(undefined);
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () =>
      resolve(tooLarge ? undefined : size === 0 ? Buffer.alloc(0) : Buffer.concat(chunks, size)),
    );
    req.on('error', () => resolve('aborted'));
    req.on('aborted', () => resolve('aborted'));
  });
}

/** Adapts node:http to the engine: plain objects in and out, no fetch objects on this path. */
export function createRequestListener(engine: Engine, fallbackOrigin: () => string) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const origin = `http://${req.headers.host ?? fallbackOrigin()}`;
    const target = req.url ?? '/';
    const body = await readBody(req, engine.settings.maxBodyBytes);
    if (body === 'aborted') return;
    if (body === undefined) {
      const meta = {
        url: metaUrl(origin, target),
        requestId: pickRequestId(req.headers['x-request-id'] as string | undefined),
      };
      send(res, errorResponse(meta, toErrorReply({ code: 'body_too_large' })), true);
      res.on('finish', () => req.socket.destroy());
      return;
    }
    const request: EngineRequest = {
      method: req.method ?? 'GET',
      target,
      origin,
      headers: req.headers as Record<string, string | undefined>,
      body: body.length === 0 ? undefined : body,
    };
    send(res, await engine.handle(request));
  };
}

/** Starts the reference implementation over node:http. */
export async function startServer(options: ServerOptions = {}): Promise<RunningServer> {
  const engine = options.engine ?? createEngine(options);
  const host = options.host ?? '127.0.0.1';
  let bound = '';
  const listener = createRequestListener(engine, () => bound);
  const server = createServer(
    {
      headersTimeout: options.headersTimeoutMs ?? 10_000,
      requestTimeout: options.requestTimeoutMs ?? 30_000,
    },
    (req, res) => {
      if (options.extraRoutes?.(req, res) === true) return;
      listener(req, res).catch(() => {
        // The engine never throws; this guards the adapter itself (e.g. a socket gone mid-write).
        if (!res.headersSent) res.writeHead(500).end();
      });
    },
  );
  server.keepAliveTimeout = 5_000;
  server.maxConnections = options.maxConnections ?? 1024;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 4010, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const displayHost = host.includes(':') ? `[${host}]` : host;
  bound = `${displayHost}:${port}`;
  // Expired records are swept on writes too; this catches a server that goes quiet.
  const sweeper = setInterval(() => void engine.store.sweep(engine.clock.now()), 30_000);
  sweeper.unref();
  return {
    url: `http://${bound}`,
    port,
    engine,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        clearInterval(sweeper);
        server.close(() => resolve());
        server.closeIdleConnections();
        // In-flight requests finish; a connection still open after 10 s is cut.
        setTimeout(() => server.closeAllConnections(), 10_000).unref();
      }),
  };
}
