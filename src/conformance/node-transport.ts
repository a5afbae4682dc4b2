import type { ClientRequest, Agent as HttpAgent, IncomingMessage, RequestOptions } from 'node:http';
import type { Readable } from 'node:stream';
import { ReceivedHeaders } from './received-headers.js';
import {
  type Transport,
  TransportFailure,
  type TransportLimits,
  timeoutFailure,
  toTransportFailure,
} from './transport.js';

/**
 * The suite's default transport: node:http and node:https with a keep-alive Agent each, instead of
 * the global `fetch`. Measured in a fresh process, 1,600 small JSON exchanges at 8 in flight (the
 * size of a full run) cost the client 330-390 ms of CPU through node:http, 1,340-1,550 ms through
 * `fetch` and 440-520 ms through undici's own `request` (55-67 ms of it undici's import; docs/performance.md
 * "conform under 0.6 s"): `fetch` builds a WHATWG Request, a ReadableStream per body and an
 * AbortSignal per call, none of which the suite needs. node:http is built in, so the suite keeps
 * its few dependencies. `runConformance({ fetch })` still runs everything through a fetch (msw,
 * an in-process engine, `globalThis.fetch` itself).
 *
 * What `fetch` did for the suite and this transport does too: a hard time bound over headers and
 * body, no redirect followed, the body read up to a limit, gzip/deflate/br answers decoded (fetch
 * asks for them with its default Accept-Encoding; this transport asks for none, but a gateway may
 * compress anyway), a UTF-8 BOM dropped as fetch's `text()` does, the socket error's code in the
 * reason, and a request on a keep-alive socket that the server had just closed sent once more on a
 * fresh one (the race Node's documentation describes under `request.reusedSocket`).
 */
export interface NodeTransport {
  readonly send: Transport;
  /** Ends every socket, in flight or idle: called once the run is over (or interrupted). */
  close(): void;
}

type RequestFn = (options: RequestOptions, callback: (res: IncomingMessage) => void) => ClientRequest;
interface Protocol {
  readonly request: RequestFn;
  readonly agent: HttpAgent;
}

/** Codings a gateway may answer with; anything else is passed on as is (as fetch does). */
const CODINGS = new Set(['gzip', 'x-gzip', 'deflate', 'br']);
/** Socket errors of a reused keep-alive socket that the server closed before reading the request. */
const STALE_SOCKET_CODES = new Set(['ECONNRESET', 'EPIPE']);
/** fetch sends `user-agent: node`; some gateways refuse a request without one. */
const USER_AGENT = 'ehealth-otp-kit-conform';

/**
 * `signal` (Ctrl-C) destroys every request in flight at once, so a partial report is written
 * without waiting for timeouts.
 */
export function nodeTransport(signal?: AbortSignal): NodeTransport {
  const protocols = new Map<string, Promise<Protocol>>();
  const live = new Set<ClientRequest>();
  const decoder = new TextDecoder();
  let closed = false;
  const destroyAll = (): void => {
    for (const req of live) req.destroy();
    live.clear();
  };
  signal?.addEventListener('abort', destroyAll, { once: true });

  // https (and with it tls) is loaded only when a URL needs it: most runs are against http.
  const protocolOf = (scheme: string): Promise<Protocol> => {
    let protocol = protocols.get(scheme);
    if (protocol === undefined) {
      protocol = (scheme === 'https:' ? import('node:https') : import('node:http')).then((mod) => ({
        request: mod.request as RequestFn,
        agent: new mod.Agent({ keepAlive: true }),
      }));
      protocols.set(scheme, protocol);
    }
    return protocol;
  };

  const send: Transport = async (req, limits) => {
    const started = performance.now();
    let url: URL;
    try {
      url = new URL(req.url);
    } catch {
      throw new TransportFailure(`connection failed (not a URL: ${req.url})`, false);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:')
      throw new TransportFailure(`connection failed (${url.protocol} is not http or https)`, false);
    // fetch refused such URLs outright; passing them as Basic auth would clash with the
    // Authorization header the scenarios set or leave out on purpose.
    if (url.username !== '' || url.password !== '')
      throw new TransportFailure(
        'connection failed (the URL carries credentials, which the suite never sends)',
        false,
      );
    if (closed || signal?.aborted === true) throw new TransportFailure('connection failed (aborted)', false);
    const protocol = await protocolOf(url.protocol);
    const headers: Record<string, string | number> = { 'user-agent': USER_AGENT, ...req.headers };
    if (req.body !== undefined) headers['content-length'] = Buffer.byteLength(req.body, 'utf8');
    // Options rather than the URL: node:http would convert the URL into the same fields anyway.
    const options: RequestOptions = {
      method: req.method,
      protocol: url.protocol,
      // An IPv6 literal is `[::1]` in a URL and `::1` to the socket.
      hostname: url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname,
      port: url.port === '' ? undefined : Number(url.port),
      path: url.pathname + url.search,
      headers,
      agent: protocol.agent,
    };
    const { status, rawHeaders, read } = await exchange(protocol, options, req.body, limits, live);
    const text = read.text === undefined ? '' : decoder.decode(read.text);
    return {
      status,
      headers: new ReceivedHeaders(rawHeaders),
      text,
      durationMs: performance.now() - started,
      ...(read.notRead !== undefined && { bodyNotRead: read.notRead }),
    };
  };

  return {
    send,
    close() {
      closed = true;
      signal?.removeEventListener('abort', destroyAll);
      destroyAll();
      for (const protocol of protocols.values()) void protocol.then((p) => p.agent.destroy());
    },
  };
}

interface Received {
  readonly status: number;
  readonly rawHeaders: readonly string[];
  readonly read: { readonly text?: Buffer; readonly notRead?: string };
}

/**
 * One request and its whole answer under one timer. Errors of the request after its answer began
 * (a server that answers 413 and closes before the whole body was sent) are the answer's to report.
 */
function exchange(
  protocol: Protocol,
  options: RequestOptions,
  body: string | undefined,
  limits: TransportLimits,
  live: Set<ClientRequest>,
): Promise<Received> {
  return new Promise<Received>((resolve, reject) => {
    let settled = false;
    let current: ClientRequest | undefined;
    const finish = (error: unknown, value?: Received): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (current !== undefined) live.delete(current);
      if (value !== undefined) resolve(value);
      else reject(error);
    };
    const timer = setTimeout(() => {
      current?.destroy();
      finish(timeoutFailure(limits));
    }, limits.timeoutMs);

    const attempt = (retry: boolean): void => {
      let answered = false;
      let req: ClientRequest;
      try {
        req = protocol.request(options, (res) => {
          answered = true;
          readBody(res, limits.maxBodyBytes).then(
            (read) => finish(undefined, { status: res.statusCode ?? 0, rawHeaders: res.rawHeaders, read }),
            (error: unknown) => finish(toTransportFailure(error)),
          );
        });
      } catch (error) {
        // An invalid header name or value is refused before anything is sent.
        finish(toTransportFailure(error));
        return;
      }
      current = req;
      live.add(req);
      req.on('error', (error: NodeJS.ErrnoException) => {
        if (answered || settled) return;
        live.delete(req);
        if (retry && req.reusedSocket && STALE_SOCKET_CODES.has(error.code ?? '')) attempt(false);
        else finish(toTransportFailure(error));
      });
      req.end(body);
    };
    attempt(true);
  });
}

/** The body, decoded if it was compressed, up to `maxBytes`; past that it is not read to the end. */
async function readBody(res: IncomingMessage, maxBytes: number): Promise<Received['read']> {
  const declared = Number(res.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) {
    res.destroy();
    return { notRead: `the response body of ${declared} bytes exceeds the ${maxBytes}-byte read limit` };
  }
  const coding = res.headers['content-encoding']?.trim().toLowerCase();
  const stream: Readable = coding !== undefined && CODINGS.has(coding) ? await decoded(res, coding) : res;
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    for await (const chunk of stream) {
      const buffer = chunk as Buffer;
      total += buffer.byteLength;
      if (total > maxBytes) {
        res.destroy();
        stream.destroy();
        return { notRead: `the response body exceeds the ${maxBytes}-byte read limit` };
      }
      chunks.push(buffer);
    }
  } finally {
    if (!res.complete) res.destroy();
  }
  return { text: chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, total) };
}

/** zlib only when an answer is compressed: the reference server never compresses. */
async function decoded(res: IncomingMessage, coding: string): Promise<Readable> {
  const zlib = await import('node:zlib');
  const decoder =
    coding === 'br'
      ? zlib.createBrotliDecompress()
      : coding === 'deflate'
        ? zlib.createInflate()
        : zlib.createGunzip();
  res.on('error', (error) => decoder.destroy(error));
  return res.pipe(decoder);
}
