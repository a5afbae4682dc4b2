import {
  createServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
  STATUS_CODES,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { createEngine, type Engine, type EngineOptions } from '../engine.js';
import { errorResponse, metaUrl, pickRequestId } from '../http/envelope.js';
import { toErrorReply } from '../http/errors.js';
import type { EngineRequest, EngineResponse } from '../http/exchange.js';
import type { Cors } from './cors.js';
import { hostAllowed, misdirected, needsHostCheck } from './host-check.js';
import { limitConnectionsPerClient } from './per-client.js';

export interface ServerOptions extends EngineOptions {
  /** 0 picks a free port. Default 4010. */
  readonly port?: number;
  /** Default 127.0.0.1: a mock should not listen beyond this machine unless asked. */
  readonly host?: string;
  /** Use this engine instead of creating one (the inbox page and demo share it). */
  readonly engine?: Engine;
  /** Cap on open connections (default 1024); Node closes each further one as soon as it is accepted. */
  readonly maxConnections?: number;
  /** A client must send all headers within this time of connecting or of starting a request (slowloris). */
  readonly headersTimeoutMs?: number;
  /** …and the whole request within this time; either limit answers 408 and closes the connection. */
  readonly requestTimeoutMs?: number;
  /**
   * Routes served before the engine (the web pages of src/web): return true when the request is
   * taken (answered now or later), false to pass it to the engine. It must not throw.
   */
  readonly extraRoutes?: (req: IncomingMessage, res: ServerResponse) => boolean;
  /** CORS for the API paths (adapters/cors.ts); default none. `serve` turns it on unless `--cors off`. */
  readonly cors?: Cors | undefined;
  /** Called once per answered request (the log line of `serve`); absent, nothing is measured. */
  readonly onRequest?: ((record: RequestRecord) => void) | undefined;
  /**
   * Host names (beside `localhost`, `*.localhost` and IP addresses) that `/inbox` and
   * `/__control` answer; any other `Host` gets 421 (host-check.ts: DNS rebinding).
   */
  readonly allowedHosts?: readonly string[];
  /**
   * Connections one peer address may hold (default 256 of the 1024); further ones are closed as
   * soon as they are accepted. Loopback peers are not counted unless `capLoopback` (a process on
   * this machine could stop the server anyway, and a local load test needs many connections).
   */
  readonly maxConnectionsPerClient?: number;
  readonly capLoopback?: boolean;
}

/** One answered request, for a log line. */
export interface RequestRecord {
  readonly method: string;
  /** Path and query as on the request line. */
  readonly target: string;
  readonly status: number;
  /** From arrival to the answer being handed to the socket, in milliseconds. */
  readonly durationMs: number;
  /** The `X-Request-ID` the answer carries (the engine's `meta.request_id`); undefined for pages. */
  readonly requestId: string | undefined;
  /** The engine's answer; undefined for pages, preflights and the other routes before the engine. */
  readonly reply: EngineResponse | undefined;
}

type OnRequest = (record: RequestRecord) => void;

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

/**
 * Writes one answer. The headers go to `writeHead` as one flat array (`[name, value, …]`), which
 * node:http walks as it is, instead of an object spread from the engine's and walked with for-in.
 */
function send(res: ServerResponse, reply: EngineResponse, close = false): void {
  const headers: string[] = [];
  const own = reply.headers;
  for (const name in own) headers.push(name, own[name] as string);
  // JSON is never to be sniffed into something a browser would run (issue 18; OWASP ASVS 14.4.4).
  headers.push('x-content-type-options', 'nosniff', 'content-length', String(Buffer.byteLength(reply.body)));
  if (close) headers.push('connection', 'close');
  res.writeHead(reply.status, headers);
  res.end(reply.body);
}

const EMPTY = Buffer.alloc(0);

/**
 * The adapter's own last resort (the engine never throws): a bare 500 while nothing was sent yet,
 * else the connection is cut. It must not throw itself: it runs where nothing would catch it.
 */
function abandon(res: ServerResponse): void {
  try {
    if (res.headersSent) res.destroy();
    else res.writeHead(500).end();
  } catch {
    res.destroy();
  }
}

/** The request declares no body (no Content-Length or 0, no Transfer-Encoding): most GETs, a bare resend. */
const declaresNoBody = (req: IncomingMessage): boolean => {
  const length = req.headers['content-length'];
  return (length === undefined || length === '0') && req.headers['transfer-encoding'] === undefined;
};

/** What a body read so far holds; kept on the request so the stream's listeners are shared functions. */
interface BodyRead {
  readonly max: number;
  readonly resolve: (body: Buffer | undefined | 'aborted') => void;
  chunks: Buffer[];
  size: number;
  tooLarge: boolean;
}
const BODY_READ = Symbol('bodyRead');
type Reading = IncomingMessage & { [BODY_READ]?: BodyRead | undefined };

function onBodyData(this: Reading, chunk: Buffer): void {
  const read = this[BODY_READ];
  if (read === undefined) return;
  read.size += chunk.length;
  if (read.size > read.max) read.tooLarge = true;
  if (read.tooLarge) {
    read.chunks.length = 0;
    if (read.size > DRAIN_LIMIT) settleBody(this, undefined);
    return;
  }
  read.chunks.push(chunk);
}

function onBodyEnd(this: Reading): void {
  const read = this[BODY_READ];
  if (read === undefined) return;
  const { chunks, size } = read;
  settleBody(
    this,
    read.tooLarge
      ? undefined
      : size === 0
        ? EMPTY
        : chunks.length === 1
          ? (chunks[0] as Buffer)
          : Buffer.concat(chunks, size),
  );
}

function onBodyAborted(this: Reading): void {
  settleBody(this, 'aborted');
}

/** The first outcome wins; later events of the same stream find nothing to settle. */
function settleBody(req: Reading, body: Buffer | undefined | 'aborted'): void {
  const read = req[BODY_READ];
  if (read === undefined) return;
  req[BODY_READ] = undefined;
  read.resolve(body);
}

/**
 * Reads a body the request declares; undefined when it exceeded `max` (the caller answers 413).
 * The stream's listeners are module functions that find their state on the request: no closures
 * per request beyond the promise's own.
 */
function readBody(req: Reading, max: number): Promise<Buffer | undefined | 'aborted'> {
  return new Promise((resolve) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    req[BODY_READ] = { max, resolve, chunks: [], size: 0, tooLarge: declared > max };
    req.on('data', onBodyData);
    req.on('end', onBodyEnd);
    req.on('error', onBodyAborted);
    req.on('aborted', onBodyAborted);
  });
}

interface Answer {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly reply: EngineResponse;
  readonly close: boolean;
  /** performance.now() at arrival; only read when there is an onRequest. */
  readonly started: number;
}

/**
 * Answers that become ready during one event-loop turn are written together at its end
 * (setImmediate), not one by one between other requests' work. Each answer is still its own
 * write on its own socket; what changes is that the writes come back to back. A client process
 * that went to sleep waiting is then woken once per batch instead of once per answer, and on
 * loopback the kernel charges that wake-up to the writer: profiling under 50 connections showed
 * writev at ~22 µs per request against ~9 µs for a bare server, and batching cut the reference's
 * CPU per request by about a fifth (docs/performance.md). The delay it adds is the rest of the
 * current turn: under load that is the batch the answer was computed in, idle it is nothing.
 */
function answerBatcher(onRequest: OnRequest | undefined, closing: () => boolean): (answer: Answer) => void {
  let batch: Answer[] = [];
  const flush = (): void => {
    const ready = batch;
    batch = [];
    for (const { req, res, reply, close, started } of ready) {
      try {
        send(res, reply, close || closing());
      } catch {
        // One failed answer (a socket gone in the meantime); the rest of the batch still goes out.
        abandon(res);
        continue;
      }
      // The log line is built here, in the batch, and its writer batches again (cli/line-batch.ts).
      if (onRequest !== undefined) logAnswer(onRequest, req, reply, started);
    }
  };
  return (answer) => {
    batch.push(answer);
    if (batch.length === 1) setImmediate(flush);
  };
}

function logAnswer(onRequest: OnRequest, req: IncomingMessage, reply: EngineResponse, started: number): void {
  try {
    onRequest({
      method: req.method ?? 'GET',
      target: req.url ?? '/',
      status: reply.status,
      durationMs: performance.now() - started,
      requestId: reply.headers['x-request-id'],
      reply,
    });
  } catch {
    // A failing log line must not hold back the rest of the batch; the answer already went out.
  }
}

/** Logs a request answered before the engine (pages, preflights) once its response has gone out. */
function logWhenFinished(
  onRequest: OnRequest,
  req: IncomingMessage,
  res: ServerResponse,
  started: number,
): void {
  res.once('finish', () =>
    onRequest({
      method: req.method ?? 'GET',
      target: req.url ?? '/',
      status: res.statusCode,
      durationMs: performance.now() - started,
      requestId: undefined,
      reply: undefined,
    }),
  );
}

/** A Host header that is a plain host name or address with an optional port; anything else is not echoed. */
const HOST = /^(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

/** Adapts node:http to the engine: plain objects in and out, no fetch objects on this path. */
export function createRequestListener(
  engine: Engine,
  fallbackOrigin: () => string,
  onRequest?: OnRequest | undefined,
  closing: () => boolean = () => false,
) {
  const answer = answerBatcher(onRequest, closing);
  const max = engine.settings.maxBodyBytes;
  // Clients send one Host over and over: its check and the origin built from it are kept.
  let lastHost: string | undefined;
  let lastOrigin = '';
  const originOf = (host: string | undefined): string => {
    if (host === undefined || !HOST.test(host)) return `http://${fallbackOrigin()}`;
    if (host !== lastHost) {
      lastOrigin = `http://${host}`;
      lastHost = host;
    }
    return lastOrigin;
  };
  const dispatch = (
    req: IncomingMessage,
    res: ServerResponse,
    started: number,
    body: Buffer | undefined,
  ): Promise<void> => {
    const request: EngineRequest = {
      method: req.method ?? 'GET',
      target: req.url ?? '/',
      origin: originOf(req.headers.host),
      headers: req.headers as Record<string, string | undefined>,
      body: body === undefined || body.length === 0 ? undefined : body,
      // Too large: the engine still routes and authenticates first, so the status is one the
      // operation declares (404, 401…) and 413 only where the body would be read.
      bodyTooLarge: body === undefined,
    };
    return engine.handle(request).then((reply) => {
      answer({ req, res, reply, close: body === undefined, started });
      // Past DRAIN_LIMIT the client may still be sending: the connection cannot be reused.
      if (body === undefined) res.on('finish', () => req.socket.destroy());
    });
  };
  return (req: IncomingMessage, res: ServerResponse, started = 0): Promise<void> => {
    // Node's parser has nothing more to deliver for a request that declares no body: it is
    // answered without waiting for its stream.
    if (declaresNoBody(req)) return dispatch(req, res, started, EMPTY);
    return readBody(req, max).then((body) =>
      body === 'aborted' ? undefined : dispatch(req, res, started, body),
    );
  };
}

const PARSER_ERRORS: Readonly<Record<string, 'headers_too_large' | 'request_timeout'>> = {
  HPE_HEADER_OVERFLOW: 'headers_too_large',
  ERR_HTTP_REQUEST_TIMEOUT: 'request_timeout',
};

/**
 * Requests Node's parser refuses (bad syntax, oversized headers, timeouts) never reach a route.
 * Node's default answer is a bare status line; this one is the error envelope, then the
 * connection closes. Requests pipelined before the refused one are already executing: their answers go out first, so a
 * client learns that its valid request took effect (issue 18, defect 4: the first answer was
 * replaced by the 400 while its SMS had gone out).
 */
function onClientError(fallbackOrigin: () => string) {
  return (error: NodeJS.ErrnoException, socket: Duplex): void => {
    if (error.code === 'ECONNRESET') {
      socket.destroy();
      return;
    }
    afterAnswers(socket, () => {
      // Left on the socket: the request the error is in (a bad chunk of its body); once its
      // answer started, the connection is only closed.
      const current = (socket as InFlight)._httpMessage;
      if (socket.writable && (current == null || current.writableFinished || !current.headersSent)) {
        const reply = errorResponse(
          { url: metaUrl(`http://${fallbackOrigin()}`, '/'), requestId: pickRequestId(undefined) },
          toErrorReply({ code: PARSER_ERRORS[error.code ?? ''] ?? 'http_malformed' }),
        );
        endWith(socket, reply);
      }
      socket.destroy();
    });
  };
}

/** Writes a whole answer on a socket no ServerResponse owns (parser errors, CONNECT), then ends it. */
function endWith(socket: Duplex, reply: EngineResponse): void {
  let head = `HTTP/1.1 ${reply.status} ${STATUS_CODES[reply.status] ?? ''}\r\n`;
  for (const [name, value] of Object.entries(reply.headers)) head += `${name}: ${value}\r\n`;
  head += `x-content-type-options: nosniff\r\ncontent-length: ${Buffer.byteLength(reply.body)}\r\nconnection: close\r\n\r\n`;
  socket.end(head + reply.body);
}

/**
 * `CONNECT` never reaches the request listener: Node emits `connect` and, with no listener,
 * closes the socket without a byte (issue 18, defect 6). The engine answers it as any other
 * method it has no route for (the eHealth envelope), and the connection closes: no tunnel.
 */
function onConnect(engine: Engine, fallbackOrigin: () => string) {
  return (req: IncomingMessage, socket: Duplex): void => {
    socket.on('error', () => socket.destroy());
    void engine
      .handle({
        method: req.method ?? 'CONNECT',
        target: req.url ?? '/',
        origin: `http://${fallbackOrigin()}`,
        headers: req.headers as Record<string, string | undefined>,
        body: undefined,
      })
      .then((reply) => {
        if (socket.writable) endWith(socket, reply);
        socket.destroy();
      });
  };
}

/** Node's own field: the response currently written on a socket (pipelined ones queue behind it). */
type InFlight = Duplex & { _httpMessage?: ServerResponse | null };

/** No answer of an earlier request on the same connection is still to be written. */
const isFirstOnSocket = (res: ServerResponse): boolean => {
  const current = (res.socket as InFlight | null)?._httpMessage;
  return current == null || current === res;
};

/**
 * Runs `then` once no response is in flight on the socket. Node writes pipelined responses in
 * order: the one on the socket is `_httpMessage`, and when it finishes Node moves the next queued
 * one there so waiting is a walk along them.
 * If the socket closes first, `then` finds it not writable and only cleans up.
 */
function afterAnswers(socket: Duplex, then: () => void): void {
  const inFlight = (socket as InFlight)._httpMessage;
  // Only a request read to its end is answered; one cut by the error itself never would be.
  if (inFlight == null || inFlight.writableFinished || inFlight.req?.complete !== true) {
    then();
    return;
  }
  let done = false;
  const next = () => {
    if (done) return;
    done = true;
    // Node moves the next queued response onto the socket in its own `finish` handling, which
    // has not always run when this listener does: look again once it has.
    setImmediate(() => afterAnswers(socket, then));
  };
  inFlight.once('finish', next);
  inFlight.once('close', next);
}

/** Starts the reference implementation over node:http. */
export async function startServer(options: ServerOptions = {}): Promise<RunningServer> {
  const engine = options.engine ?? createEngine(options);
  const host = options.host ?? '127.0.0.1';
  let bound = '';
  const { cors, onRequest } = options;
  const allowedHosts = new Set([host, ...(options.allowedHosts ?? [])].map((h) => h.toLowerCase()));
  // Set by close(): every answer from then on says `Connection: close`, and requests that
  // arrive on kept-alive connections afterwards are not executed.
  let closing = false;
  const listener = createRequestListener(
    engine,
    () => bound,
    onRequest,
    () => closing,
  );
  const headersTimeout = options.headersTimeoutMs ?? 10_000;
  const server = createServer({
    headersTimeout,
    requestTimeout: options.requestTimeoutMs ?? 30_000,
    // Node checks both timeouts only this often (default 30 s): a 1 s headers limit would
    // otherwise let a slowloris client hold its connection for up to 30 s.
    connectionsCheckingInterval: Math.max(10, Math.min(1_000, headersTimeout)),
    // HTTP/1.0 style requests without Host get the bound address in meta.url, not a bare 400.
    requireHostHeader: false,
  });
  const onRequestEvent = (req: IncomingMessage, res: ServerResponse): void => {
    if (closing && isFirstOnSocket(res)) {
      // Arrived on a kept-alive connection after close(): not executed, and the connection
      // closes before a byte of answer, the one outcome a client knows to retry (issue 18).
      req.socket.destroy();
      return;
    }
    const started = onRequest === undefined ? 0 : performance.now();
    if (cors !== undefined) {
      // Only browsers send Origin: the benchmark's and most clients' requests skip this.
      const headers = cors.headersFor(req);
      if (headers !== undefined) for (const name in headers) res.setHeader(name, headers[name] as string);
      if (cors.preflight(req, res)) {
        if (onRequest !== undefined) logWhenFinished(onRequest, req, res, started);
        return;
      }
    }
    if (needsHostCheck(req.url) && !hostAllowed(req.headers.host, allowedHosts)) {
      misdirected(res, req.headers.host);
      return;
    }
    if (options.extraRoutes?.(req, res) === true) {
      if (onRequest !== undefined) logWhenFinished(onRequest, req, res, started);
      return;
    }
    // The engine never throws; this guards the adapter itself (e.g. a socket gone mid-write).
    listener(req, res, started).catch(() => abandon(res));
  };
  server.on('request', onRequestEvent);
  // `Expect` other than 100-continue: Node's default is a bare 417. RFC 9110 §10.1.1 lets a
  // server ignore an expectation it does not support, so the request is answered as usual.
  server.on('checkExpectation', onRequestEvent);
  server.on(
    'connect',
    onConnect(engine, () => bound),
  );
  server.on(
    'clientError',
    onClientError(() => bound),
  );
  server.keepAliveTimeout = 5_000;
  server.maxConnections = options.maxConnections ?? 1024;
  limitConnectionsPerClient(server, options.maxConnectionsPerClient ?? 256, options.capLoopback === true);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 4010, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const displayHost = host.includes(':') ? `[${host}]` : host;
  bound = `${displayHost}:${port}`;
  // Expired records are swept on writes too; this catches a server that goes quiet.
  const sweeper = setInterval(() => engine.store.sweep(engine.clock.now()).catch(engine.reportFault), 30_000);
  sweeper.unref();
  return {
    url: `http://${bound}`,
    port,
    engine,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        closing = true;
        clearInterval(sweeper);
        // An engine the adapter created is its to close; a given one is closed by its owner.
        server.close(() => resolve(options.engine === undefined ? engine.close() : undefined));
        server.closeIdleConnections();
        // In-flight requests finish; a connection still open after 10 s is cut.
        setTimeout(() => server.closeAllConnections(), 10_000).unref();
      }),
  };
}
