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
  const controller = new AbortController();
  let timedOut = false;
  let onTimeout: () => void = () => {};
  const deadline = new Promise<never>((_, reject) => {
    onTimeout = () =>
      reject(new TransportFailure(`no complete response within ${limits.timeoutMs} ms`, false));
  });
  // A rejected race loser must not surface as an unhandled rejection.
  deadline.catch(() => {});
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
    onTimeout();
  }, limits.timeoutMs);
  try {
    const init: RequestInit = {
      method: req.method,
      headers: req.headers,
      signal: controller.signal,
      redirect: 'manual',
    };
    if (req.body !== undefined) init.body = req.body;
    const res = await Promise.race([fetchFn(req.url, init), deadline]);
    const text = await Promise.race([readLimited(res, limits.maxBodyBytes), deadline]);
    return { status: res.status, headers: res.headers, text, durationMs: performance.now() - started };
  } catch (error) {
    if (timedOut) throw new TransportFailure(`no complete response within ${limits.timeoutMs} ms`, false);
    throw toTransportFailure(error);
  } finally {
    clearTimeout(timer);
    controller.abort();
  }
}

async function readLimited(res: Response, maxBytes: number): Promise<string> {
  const declared = Number(res.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    await res.body?.cancel().catch(() => {});
    throw new TransportFailure(
      `response body of ${declared} bytes exceeds the ${maxBytes}-byte read limit`,
      false,
    );
  }
  if (res.body === null) return '';
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => {});
      throw new TransportFailure(`response body exceeds the ${maxBytes}-byte read limit`, false);
    }
    chunks.push(value);
  }
  return new TextDecoder().decode(Buffer.concat(chunks));
}

/** undici wraps the socket error in `cause`; name the code so the reason says what happened. */
function toTransportFailure(error: unknown): TransportFailure {
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
