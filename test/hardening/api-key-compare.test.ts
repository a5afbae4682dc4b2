import { describe, expect, it, vi } from 'vitest';
import { listOperations } from '../../src/contract/operations.js';
import { DEMO_API_KEY, seedDemo } from '../../src/reference-impl/demo.js';
import { createEngine } from '../../src/reference-impl/engine.js';
import { ORIGIN } from './support/fixture.js';
import { ALL_SCOPES_TOKEN } from './support/hostile-requests.js';

/**
 * Issue 18: the `api-key` was compared with `!==`, whose time depends on how much of a guess
 * matched. It now goes through constant-time.ts `stringsEqual` (every UTF-16 unit of equal-length
 * input; test/reference-impl/http/web-crypto.test.ts covers that function). It compared the
 * TextEncoder bytes with `bytesEqual` until the fifth performance session, which dropped the two
 * encodings per request. No timing is measured: the test checks that the comparison is the
 * constant-time one. Checked against the defect: with `!==` back in http/authenticate.ts the spy
 * sees no call and the first test fails.
 */
const seen = vi.hoisted(() => ({ inputs: [] as string[] }));
vi.mock('../../src/reference-impl/constant-time.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../src/reference-impl/constant-time.js')>();
  return {
    ...original,
    stringsEqual: (a: string, b: string) => {
      seen.inputs.push(a, b);
      return original.stringsEqual(a, b);
    },
  };
});

const op = listOperations().find((o) => o.needsApiKey);

describe('the api-key is compared in constant time', () => {
  it.each([
    ['the right key', DEMO_API_KEY, false],
    [
      'a key differing only in its last character',
      `${DEMO_API_KEY.slice(0, -1)}${DEMO_API_KEY.endsWith('x') ? 'y' : 'x'}`,
      true,
    ],
  ])('%s goes through stringsEqual', async (_, key, refused) => {
    if (op === undefined) throw new Error('no operation of the spec needs an api-key');
    const engine = createEngine({});
    await seedDemo(engine);
    seen.inputs.length = 0;
    const res = await engine.handle({
      method: op.method,
      target: op.path.replace(/\{[^}]+\}/, encodeURIComponent('+380501230001')),
      origin: ORIGIN,
      headers: {
        authorization: `Bearer ${ALL_SCOPES_TOKEN}`,
        'api-key': key,
        'content-type': 'application/json',
      },
      body: new TextEncoder().encode('{"code":1234}'),
    });
    expect(seen.inputs).toContain(key);
    expect(seen.inputs).toContain(DEMO_API_KEY);
    const type = (JSON.parse(res.body) as { error?: { type?: string } }).error?.type;
    // The envelope's type for api_key_invalid (the error catalogue of the spec).
    if (refused) expect(type).toBe('access_denied');
    else expect(type).not.toBe('access_denied');
  });
});
