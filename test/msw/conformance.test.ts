import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runConformance } from '../../src/conformance/index.js';
import { createHandlers } from '../../src/msw/index.js';

/**
 * The conformance suite against the msw handlers, in-process: the `.invalid` host cannot resolve,
 * so every exchange must be answered by msw (and `onUnhandledRequest: 'error'` catches strays).
 */
const target = 'http://ehealth-otp.invalid';
const controlToken = 'conformance-control-token';
const { handlers } = createHandlers({ baseUrl: target, controlToken });
const server = setupServer(...handlers);

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());

describe('the conformance suite against the msw handlers', () => {
  it('passes every scenario', { timeout: 120_000 }, async () => {
    const report = await runConformance({
      target,
      controlToken,
      // Looked up per call: msw patches globalThis.fetch in listen().
      fetch: (input, init) => globalThis.fetch(input, init),
      mask: false,
    });
    const notPassed = report.scenarios
      .filter((s) => s.status !== 'passed')
      .map((s) => `${s.id}: ${s.status} ${s.reason ?? ''}`);
    expect(notPassed).toEqual([]);
    expect(report.mode).toBe('control');
    expect(report.summary.total).toBeGreaterThan(0);
    expect(report.summary.passed).toBe(report.summary.total);
  });
});
