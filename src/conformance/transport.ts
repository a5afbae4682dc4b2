import { TargetFailure } from './runner/signals.js';

/** The subset of `fetch` the suite uses; msw's or undici's fetch fit, so can an in-process handler. */
export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

export interface HttpRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
}

export interface HttpResponse {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  readonly durationMs: number;
  /**
   * Set when the body was over the read limit and was not read (`text` is then empty). The status
   * and headers still arrived, so a scenario can say "expected 413, got 422" instead of blaming
   * the size alone.
   */
  readonly bodyNotRead?: string;
}

/** One exchange: node:http by default (node-transport.ts), or a `fetch` given to the runner. */
export type Transport = (req: HttpRequest, limits: TransportLimits) => Promise<HttpResponse>;

/** `runConformance({ fetch })`: every exchange through that fetch (msw, an in-process engine). */
export function fetchTransport(fetchFn: FetchLike): Transport {
  return (req, limits) => sendHttp(fetchFn, req, limits);
}

export interface TransportLimits {
  readonly timeoutMs: number;
  /** Bodies above this are not read to the end: a huge answer must not exhaust the runner. */
  readonly maxBodyBytes: number;
}

/** Codes of a target that is not there at all (as opposed to one that misbehaves once reached). */
const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

/** A transport-level problem; `unreachable` tells the CLI to stop with exit code 2. */
export class TransportFailure extends TargetFailure {
  constructor(
    message: string,
    readonly unreachable: boolean,
  ) {
    super(message);
  }
}

/**
 * One HTTP exchange with a hard time bound. The timer covers the headers and the whole body; every
 * await is also raced against it, so even a fetch that ignores `signal` cannot hang the runner.
 */
export async function sendHttp(
  fetchFn: FetchLike,
  req: HttpRequest,
  limits: TransportLimits,
): Promise<HttpResponse> {
  const started = performance.now();
  // abort() builds a DOMException with a stack each time, which costs a few percent of a whole
  // in-process run; so the signal is fired only when the time is up, never after a normal answer.
  const controller = new AbortController();
  let timedOut = false;
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      timedOut = true;
      reject(timeoutFailure(limits));
      controller.abort();
    }, limits.timeoutMs);
  });
  // A rejected race loser must not surface as an unhandled rejection.
  deadline.catch(() => {});
  try {
    const init: RequestInit = {
      method: req.method,
      headers: req.headers,
      signal: controller.signal,
      redirect: 'manual',
    };
    if (req.body !== undefined) init.body = req.body;
    const res = await Promise.race([fetchFn(req.url, init), deadline]);
    const body = await Promise.race([readLimited(res, limits.maxBodyBytes), deadline]);
    const durationMs = performance.now() - started;
    return { status: res.status, headers: res.headers, ...body, durationMs };
  } catch (error) {
    // The aborted fetch may reject with its own AbortError before the deadline wins the race.
    if (timedOut) throw timeoutFailure(limits);
    throw toTransportFailure(error);
  } finally {
    clearTimeout(timer);
  }
}

export function timeoutFailure(limits: TransportLimits): TransportFailure {
  return new TransportFailure(`no complete response within ${limits.timeoutMs} ms`, false);
}

type ReadBody = { readonly text: string } | { readonly text: ''; readonly bodyNotRead: string };

async function readLimited(res: Response, maxBytes: number): Promise<ReadBody> {
  const declared = Number(res.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    await res.body?.cancel().catch(() => {});
    return {
      text: '',
      bodyNotRead: `the response body of ${declared} bytes exceeds the ${maxBytes}-byte read limit`,
    };
  }
  if (res.body === null) return { text: '' };
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => {});
      return { text: '', bodyNotRead: `the response body exceeds the ${maxBytes}-byte read limit` };
    }
    chunks.push(value);
  }
  return { text: new TextDecoder().decode(Buffer.concat(chunks)) };
}

/**
 * undici wraps the socket error in `cause` (node:http does not); name the code so the reason says
 * what happened.
 */
export function toTransportFailure(error: unknown): TransportFailure {
  if (error instanceof TransportFailure) return error;
  const cause = error instanceof Error ? (error.cause ?? error) : error;
  const code =
    typeof cause === 'object' && cause !== null && 'code' in cause ? String(cause.code) : undefined;
  const message = cause instanceof Error ? cause.message : String(cause);
  const detail = code !== undefined && !message.includes(code) ? `${code}: ${message}` : message;
  // fetch refuses some ports outright ("bad port"): nothing is there to be reached either.
  const unreachable = (code !== undefined && UNREACHABLE_CODES.has(code)) || message === 'bad port';
  return new TransportFailure(`connection failed (${detail})`, unreachable);
}
