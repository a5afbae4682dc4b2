import { http, type RequestHandler } from 'msw';
import { handleFetch, mountPrefix } from '../reference-impl/adapters/msw.js';
import { createEngine, type Engine, type EngineOptions } from '../reference-impl/engine.js';
import { createMockState, type MockState } from './state.js';

export interface HandlerOptions extends EngineOptions {
  /**
   * Where the API lives, e.g. `https://api.example.com` or `https://host/ehealth` (a path prefix
   * is kept). Default: any origin, any prefix: every URL with `/api/…`, `/__control/…` or
   * `/uploads/…` (the OFFLINE document upload URLs the engine hands out).
   */
  readonly baseUrl?: string;
  /** Serve this engine instead of creating one (e.g. to share state between two handler sets). */
  readonly engine?: Engine;
}

export interface EhealthOtpHandlers {
  /** Pass to `setupServer(...handlers)` (msw/node) or `setupWorker(...handlers)` (msw/browser). */
  readonly handlers: RequestHandler[];
  readonly state: MockState;
}

/** Faults go to the console with the error object itself, so a browser's devtools show its stack. */
const consoleFault = (error: unknown, req: { method: string; target: string }): void => {
  console.error(`ehealth-otp-kit: internal error on ${req.method} ${req.target.split('?')[0]}`, error);
};

/**
 * msw request handlers backed by the same engine as `ehealth-otp-kit serve`: the same routes,
 * checks, envelope and state, in-process. The control API answers under `/__control` too when
 * `controlToken` is set; `state` reaches the same state without HTTP.
 */
export function createHandlers(options: HandlerOptions = {}): EhealthOtpHandlers {
  const engine = options.engine ?? createEngine({ ...options, onFault: options.onFault ?? consoleFault });
  const base = options.baseUrl?.replace(/\/+$/, '');
  const fixedPrefix = base === undefined ? undefined : new URL(base).pathname.replace(/\/+$/, '');
  const patterns =
    base === undefined
      ? ['*/api/*', '*/__control/*', '*/uploads/*']
      : [`${base}/api/*`, `${base}/__control/*`, `${base}/uploads/*`];
  const handlers = patterns.map((pattern) =>
    http.all(pattern, async ({ request }) => {
      const prefix = mountPrefix(new URL(request.url).pathname, fixedPrefix);
      // The pattern matched, so a prefix is found; `undefined` lets another handler try.
      return prefix === undefined ? undefined : handleFetch(engine, request, prefix);
    }),
  );
  return { handlers, state: createMockState(engine) };
}
