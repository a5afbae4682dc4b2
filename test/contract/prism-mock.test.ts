import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';

/**
 * `ehealth-otp-kit mock` is Prism over the spec: the spec must load in the real Prism and serve its
 * own examples. Prism runs from node_modules on a free loopback port and needs no network.
 */

const root = new URL('../../', import.meta.url);
const prismBin = fileURLToPath(new URL('node_modules/.bin/prism', root));
const specPath = fileURLToPath(new URL('openapi/ehealth-otp.yaml', root));

type JsonObject = { [key: string]: unknown };

function at(node: unknown, ...keys: string[]): unknown {
  let current = node;
  for (const key of keys) {
    current = typeof current === 'object' && current !== null ? (current as JsonObject)[key] : undefined;
  }
  return current;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function waitUntilListening(baseUrl: string, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`prism exited with ${child.exitCode}:\n${log()}`);
    try {
      await fetch(`${baseUrl}/api/verifications/+380501234567`);
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  throw new Error(`prism did not listen within 30 s:\n${log()}`);
}

describe('prism mock over openapi/ehealth-otp.yaml', () => {
  const spec: unknown = parse(readFileSync(specPath, 'utf8'));
  let child: ChildProcess | undefined;
  let baseUrl = '';
  let output = '';

  beforeAll(async () => {
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    child = spawn(prismBin, ['mock', specPath, '--host', '127.0.0.1', '--port', String(port)], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NO_COLOR: '1' },
    });
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    await waitUntilListening(baseUrl, child, () => output);
  }, 60_000);

  afterAll(async () => {
    const running = child;
    if (running === undefined || running.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => running.once('exit', () => resolve()));
    running.kill('SIGTERM');
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5_000))]);
    if (running.exitCode === null) running.kill('SIGKILL');
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
});
