import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/reference-impl/adapters/node.js';
import { startDemoServer } from './support/demo-server.js';
import { ALL_SCOPES_TOKEN } from './support/hostile-requests.js';
import { rawExchange } from './support/wire.js';

/**
 * Issue 18: API answers carried no `X-Content-Type-Options: nosniff`. Checked against the defect:
 * without the header in adapters/node.ts `send` and `endWith` every case fails.
 */
let server: RunningServer;
beforeAll(async () => {
  server = await startDemoServer();
});
afterAll(() => server.close());

describe('every API answer says nosniff', () => {
  it.each([
    [
      'a success',
      `GET /api/verifications/+380501230001 HTTP/1.1\r\nAuthorization: Bearer ${ALL_SCOPES_TOKEN}\r\n`,
    ],
    ['an error from the engine', 'GET /api/verifications/+380501230001 HTTP/1.1\r\n'],
    ['a request the parser refused', 'GET /\u0001 HTTP/1.1\r\n'],
    ['CONNECT', 'CONNECT example.com:443 HTTP/1.1\r\n'],
  ])('%s', async (_, head) => {
    const outcome = await rawExchange(
      server.port,
      Buffer.from(`${head}Host: x\r\nConnection: close\r\n\r\n`, 'latin1'),
    );
    if (outcome.kind !== 'response') throw new Error(`no response: ${JSON.stringify(outcome)}`);
    expect(outcome.response.headers['x-content-type-options']).toBe('nosniff');
  });
});
