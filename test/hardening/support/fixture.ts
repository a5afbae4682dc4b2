import fc from 'fast-check';
import { seedDemo } from '../../../src/reference-impl/demo.js';
import { createEngine, type Engine } from '../../../src/reference-impl/engine.js';
import type { EngineRequest, EngineResponse } from '../../../src/reference-impl/http/exchange.js';
import type { Settings } from '../../../src/reference-impl/settings.js';
import {
  ALL_SCOPES_TOKEN,
  CONTROL_TOKEN,
  type HostileRequest,
  PENDING_PHONE,
  VERIFIED_PHONE,
} from './hostile-requests.js';

export type FuzzSettings = Pick<Settings, 'wrongCodePolicy' | 'smsCapLimit' | 'maxBodyBytes'>;

/** Both wrong-code policies, caps that are reached within a few requests, small and default body limits. */
export const fuzzSettings: fc.Arbitrary<FuzzSettings> = fc.record({
  wrongCodePolicy: fc.constantFrom('resend', 'attempts'),
  smsCapLimit: fc.integer({ min: 1, max: 10 }),
  maxBodyBytes: fc.constantFrom(256, 4096, 1024 * 1024),
});

export interface FuzzEngine {
  readonly engine: Engine;
  /** Faults the engine reported (its `onFault`): each one is also a 500 on the wire. */
  readonly faults: unknown[];
}

export const ORIGIN = 'http://127.0.0.1:4010';

/**
 * A fresh engine per generated case, so a counterexample replays alone: the demo tokens and
 * person requests, a phone with an active code and a phone already verified.
 */
export async function seededEngine(settings: Partial<Settings>): Promise<FuzzEngine> {
  const faults: unknown[] = [];
  const engine = createEngine({ settings, controlToken: CONTROL_TOKEN, onFault: (e) => faults.push(e) });
  await seedDemo(engine);
  await engine.handle({
    method: 'POST',
    target: '/api/verifications',
    origin: ORIGIN,
    headers: { authorization: `Bearer ${ALL_SCOPES_TOKEN}`, 'content-type': 'application/json' },
    body: new TextEncoder().encode(JSON.stringify({ phone_number: PENDING_PHONE })),
  });
  await engine.store.addVerifiedPhone(VERIFIED_PHONE);
  return { engine, faults };
}

/** Headers Node keeps only once (first wins), as `IncomingMessage#headers` does. */
const SINGLE = new Set([
  'age',
  'authorization',
  'content-length',
  'content-type',
  'etag',
  'expires',
  'from',
  'host',
  'if-modified-since',
  'if-unmodified-since',
  'last-modified',
  'location',
  'max-forwards',
  'proxy-authorization',
  'referer',
  'retry-after',
  'server',
  'user-agent',
]);

/** The header object Node would build from these lines: names lower-cased, repeats joined or dropped. */
export function nodeHeaders(lines: HostileRequest['headers']): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [rawName, value] of lines) {
    const name = rawName.toLowerCase();
    const prior = out[name];
    if (prior === undefined) out[name] = value;
    else if (!SINGLE.has(name)) out[name] = `${prior}${name === 'cookie' ? '; ' : ', '}${value}`;
  }
  return out;
}

export function toEngineRequest(req: HostileRequest, origin = ORIGIN): EngineRequest {
  return {
    method: req.method,
    target: req.target,
    origin,
    headers: nodeHeaders(req.headers),
    body: req.body,
  };
}

export function observe(method: string, res: EngineResponse) {
  return { method, status: res.status, headers: res.headers, body: res.body };
}
