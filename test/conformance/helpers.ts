import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { SuiteConfig } from '../../src/conformance/config.js';
import { DEFAULT_LIMITS, TOKEN_KEYS, TOKEN_WITHOUT_KEYS } from '../../src/conformance/config.js';
import type { RunReport, ScenarioStatus } from '../../src/conformance/report/model.js';
import { allScenarios } from '../../src/conformance/scenarios/index.js';
import type { FetchLike } from '../../src/conformance/transport.js';

/** A tiny node:http server on 127.0.0.1, port 0; `close` also drops hanging connections. */
export async function startTinyServer(
  handler: (req: IncomingMessage, res: ServerResponse) => void,
): Promise<{ url: string; close: () => Promise<void> }> {
  const server: Server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A config for config mode (no control API) with every credential a scenario may ask for. */
export function configWithTokens(overrides: Partial<SuiteConfig> = {}): SuiteConfig {
  return {
    apiKey: 'test-api-key',
    // One token for every scope of the spec, and one lacking each (config.ts derives the keys).
    tokens: Object.fromEntries([
      ...TOKEN_KEYS.map((key) => [key, 'tok-all']),
      ...TOKEN_WITHOUT_KEYS.map((key, i) => [key, `tok-${i + 1}`]),
    ]),
    personRequests: {},
    phones: {},
    limits: DEFAULT_LIMITS,
    ...overrides,
  };
}

export function statuses(report: RunReport): Record<string, ScenarioStatus> {
  return Object.fromEntries(report.scenarios.map((r) => [r.id, r.status]));
}

/** Ids of the scenarios that did not end as `passed`, with how they ended. */
export function notPassed(report: RunReport): Record<string, ScenarioStatus> {
  return Object.fromEntries(
    report.scenarios.filter((r) => r.status !== 'passed').map((r) => [r.id, r.status]),
  );
}

export interface Rewrite {
  readonly method: string;
  readonly path: string;
  /** The request's query string, `?…` or empty. */
  readonly query: string;
  readonly status: number;
  readonly body: unknown;
  readonly requestBody: string | undefined;
}

/**
 * A fetch that passes requests to the real target and rewrites selected answers: a deliberately
 * broken deployment for "test the tester". `rewrite` returns the new status and body, or undefined
 * to pass the answer on unchanged. Control API calls are never touched.
 */
export function rewritingFetch(
  rewrite: (
    r: Rewrite,
  ) => { status?: number; body?: unknown; headers?: Record<string, string | null> } | undefined,
  onControl?: (r: Rewrite) => void,
): FetchLike {
  return async (input, init) => {
    const res = await fetch(input, init);
    const url = new URL(input);
    if (url.pathname.startsWith('/__control')) {
      if (onControl === undefined) return res;
      const text = await res.text();
      const requestBody = typeof init.body === 'string' ? init.body : undefined;
      onControl({
        method: init.method ?? 'GET',
        path: url.pathname,
        query: url.search,
        status: res.status,
        body: text === '' ? undefined : JSON.parse(text),
        requestBody,
      });
      return new Response(text === '' ? null : text, { status: res.status, headers: res.headers });
    }
    const text = await res.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {}
    const change = rewrite({
      method: init.method ?? 'GET',
      path: url.pathname,
      query: url.search,
      status: res.status,
      body,
      requestBody: typeof init.body === 'string' ? init.body : undefined,
    });
    if (change === undefined) return new Response(text, { status: res.status, headers: res.headers });
    const status = change.status ?? res.status;
    const headers = new Headers(res.headers);
    headers.delete('content-length');
    for (const [name, value] of Object.entries(change.headers ?? {})) {
      if (value === null) headers.delete(name);
      else headers.set(name, value);
    }
    const newBody = change.body === undefined ? body : change.body;
    if (isObject(newBody) && isObject(newBody.meta) && change.status !== undefined)
      newBody.meta.code = status;
    return new Response(typeof newBody === 'string' ? newBody : JSON.stringify(newBody), { status, headers });
  };
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function collectIo(): {
  io: { stdout: (s: string) => void; stderr: (s: string) => void };
  out: () => string;
  err: () => string;
} {
  let out = '';
  let err = '';
  return {
    io: { stdout: (s) => (out += s), stderr: (s) => (err += s) },
    out: () => out,
    err: () => err,
  };
}

/**
 * `SCENARIO: DIV-…` for every divergence a run observed on a scenario that does not declare it
 * (`Scenario.divergences`): the declarations are what the divergence coverage and the docs' table
 * rely on, so each run that shows a divergence holds them to what it saw.
 */
export function undeclaredDivergences(report: RunReport): string[] {
  const declared = new Map(allScenarios.map((s) => [s.id, s.divergences ?? []]));
  return report.scenarios.flatMap((r) =>
    r.divergences
      .map((d) => d.id)
      .filter((id) => !(declared.get(r.id) ?? []).includes(id))
      .map((id) => `${r.id}: ${id}`),
  );
}
