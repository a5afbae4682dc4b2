import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NOT_IN_MIX, OPERATION_OF } from '../../bench/lib/mix.js';
import { createEhealthOtpClient } from '../../src/client/index.js';
import { listOperations, listScopes, type OperationInfo } from '../../src/contract/operations.js';
import { loadSpec } from '../../src/contract/spec-files.js';
import { demoTokens } from '../../src/reference-impl/demo.js';
import { hostileRequest, OPERATION_KINDS } from '../hardening/support/hostile-requests.js';
import { expectationFor } from '../hardening/support/oracle.js';
import { ALL_SCOPES, Harness, type OperationId } from '../reference-impl/support/harness.js';

/**
 * Every place outside the suite and the core that drives the operations reads them from the spec
 * (src/contract/operations.ts); these checks iterate the spec's operations, so an operation that
 * one of them does not cover fails here rather than going untested.
 */

const operations = listOperations();

/** The spec's example of each path parameter of an operation (e.g. `+380501234567`). */
function exampleParams(op: OperationInfo): Record<string, string> {
  const components = (loadSpec('ehealth').components?.parameters ?? {}) as Record<
    string,
    { name?: string; example?: unknown }
  >;
  const byName = new Map(Object.values(components).map((p) => [p.name, p.example]));
  return Object.fromEntries(op.params.map((name) => [name, String(byName.get(name) ?? 'x')]));
}

const templateRegExp = (path: string) => new RegExp(`^${path.replace(/\{[^}]+\}/g, '[^/]+')}$`);

it('the spec has operations, so the checks below cannot pass vacuously', () => {
  expect(operations.length).toBeGreaterThanOrEqual(4);
});

describe('the reference-impl test harness', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await Harness.start();
  });
  afterAll(() => h.close());

  it('holds a token with every scope the operations need', () => {
    expect([...ALL_SCOPES].sort()).toEqual([...listScopes()].sort());
  });

  for (const op of operations) {
    it(`calls ${op.operationId} at its method and path (401 without a token, checked against the spec)`, async () => {
      const res = await h.call(op.operationId as OperationId, { params: exampleParams(op), auth: null });
      expect(res.status).toBe(401);
      expect(new URL(res.body.meta.url).pathname).toMatch(templateRegExp(op.path));
    });
  }
});

describe('the hostile-request generator', () => {
  it('has a kind for every operation', () => {
    expect([...OPERATION_KINDS].sort()).toEqual(operations.map((op) => op.operationId).sort());
  });

  for (const op of operations) {
    it(`aims ${op.operationId} requests at its route`, () => {
      const samples = fc.sample(hostileRequest(op.operationId as OperationId, { wire: true }), {
        numRuns: 60,
        seed: 13,
      });
      const hits = samples.filter((r) => {
        const expected = expectationFor(r.method, r.target);
        return expected.kind === 'operation' && expected.operationId === op.operationId;
      });
      expect(hits.length).toBeGreaterThan(0);
    });
  }
});

describe('the typed client', () => {
  const sent: Request[] = [];
  const client = createEhealthOtpClient({
    baseUrl: 'http://127.0.0.1:9',
    token: 't',
    apiKey: 'k',
    fetch: (request) => {
      sent.push(request);
      return Promise.resolve(
        new Response('{}', { status: 200, headers: { 'content-type': 'application/json' } }),
      );
    },
  });

  it('has one function per operation', () => {
    const names = Object.keys(client).filter((k) => k !== 'raw');
    expect(names.sort()).toEqual(operations.map((op) => op.operationId).sort());
  });

  for (const op of operations) {
    it(`sends ${op.operationId} as ${op.method} ${op.path}`, async () => {
      const call = (client as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>)[
        op.operationId
      ];
      expect(call).toBeTypeOf('function');
      sent.length = 0;
      // Every call takes its path parameter first; a second argument (code or body) may follow.
      await call?.(Object.values(exampleParams(op))[0] ?? '', 1234);
      expect(sent).toHaveLength(1);
      expect(sent[0]?.method).toBe(op.method);
      expect(decodeURIComponent(new URL(sent[0]?.url ?? '').pathname)).toMatch(templateRegExp(op.path));
      expect(sent[0]?.headers.get('api-key') ?? null).toBe(op.needsApiKey ? 'k' : null);
    });
  }
});

describe('the bench mix', () => {
  it('calls every operation, or names why it leaves one out', () => {
    const called = new Set(Object.values(OPERATION_OF));
    const left = Object.keys(NOT_IN_MIX);
    expect(left.filter((id) => called.has(id as keyof typeof NOT_IN_MIX))).toEqual([]);
    expect([...called, ...left].sort()).toEqual(operations.map((op) => op.operationId).sort());
    for (const reason of Object.values(NOT_IN_MIX)) expect(reason?.length).toBeGreaterThan(10);
  });
});

describe('the demo data', () => {
  it('has a token with every scope and, for each scope, one without just that scope', () => {
    const scopes = listScopes();
    expect([...(demoTokens['demo-token-all-scopes'] ?? [])].sort()).toEqual([...scopes].sort());
    for (const scope of scopes) {
      const without = Object.values(demoTokens).filter(
        (held) => !held.includes(scope as never) && held.length === scopes.length - 1,
      );
      expect(without, scope).toHaveLength(1);
    }
  });
});
