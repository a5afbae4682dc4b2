import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  answers,
  ehealthSpecPath,
  freePort,
  prismBin,
  type Spawned,
  spawnCollected,
  waitFor,
} from '../support/child-process.js';

/**
 * `ehealth-otp-kit mock` is Prism over the spec: the spec must load in the real Prism and serve its
 * own examples. Prism runs from node_modules on a free loopback port and needs no network.
 */

type JsonObject = { [key: string]: unknown };

function at(node: unknown, ...keys: string[]): unknown {
  let current = node;
  for (const key of keys) {
    current = typeof current === 'object' && current !== null ? (current as JsonObject)[key] : undefined;
  }
  return current;
}

describe('prism mock over openapi/ehealth-otp.yaml', () => {
  const spec: unknown = parse(readFileSync(ehealthSpecPath, 'utf8'));
  let prism: Spawned | undefined;
  let baseUrl = '';

  beforeAll(async () => {
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    prism = spawnCollected(prismBin, [
      'mock',
      ehealthSpecPath,
      '--host',
      '127.0.0.1',
      '--port',
      String(port),
    ]);
    await waitFor(prism, () => answers(`${baseUrl}/api/verifications/+380501234567`), 30_000);
  }, 60_000);

  afterAll(async () => {
    await prism?.stop();
  });

  it('answers initializeVerification with the 200 example', { timeout: 60_000 }, async () => {
    const response = await fetch(`${baseUrl}/api/verifications`, {
      method: 'POST',
      headers: { authorization: 'Bearer mock-token', 'content-type': 'application/json' },
      body: JSON.stringify({ phone_number: '+380501234567' }),
    });
    const expected = at(
      spec,
      'paths',
      '/api/verifications',
      'post',
      'responses',
      '200',
      'content',
      'application/json',
      'examples',
      'created',
      'value',
    );
    expect(expected).toBeDefined();
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual(expected);
  });

  it('answers Prefer: code=404 with the not_found envelope', { timeout: 60_000 }, async () => {
    const response = await fetch(`${baseUrl}/api/verifications/+380501234567`, {
      headers: { authorization: 'Bearer mock-token', prefer: 'code=404' },
    });
    expect(response.status).toBe(404);
    const body = await response.json();
    expect(body).toEqual({
      meta: expect.objectContaining({ code: 404, type: 'object' }),
      error: { type: 'not_found' },
    });
  });

  it('rejects a call without a bearer token', { timeout: 60_000 }, async () => {
    const response = await fetch(`${baseUrl}/api/verifications`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ phone_number: '+380501234567' }),
    });
    expect(response.status).toBe(401);
  });

  it('answers a non-UUID person request id with the documented 404, not a 422 (issue 16)', {
    timeout: 60_000,
  }, async () => {
    // With `format: uuid` on PersonRequestId, Prism refused the path with 422 before any Prefer.
    const response = await fetch(`${baseUrl}/api/person_requests/not-a-uuid`, {
      headers: { authorization: 'Bearer mock-token', 'api-key': 'mock-key', prefer: 'code=404' },
    });
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: { type: 'not_found' } });
  });
});
