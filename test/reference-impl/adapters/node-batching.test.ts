import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRequestListener } from '../../../src/reference-impl/adapters/node.js';
import type { Engine } from '../../../src/reference-impl/engine.js';
import type { EngineRequest, EngineResponse } from '../../../src/reference-impl/http/exchange.js';

/**
 * The node adapter writes the answers that became ready in one event-loop turn together
 * (adapters/node.ts, answerBatcher). Every answer must still reach its own client, and one answer
 * that cannot be written must not hold back or break the others of its batch.
 */

// A stand-in engine: echoes the path, or answers a header value Node refuses to write.
const engine = {
  settings: { maxBodyBytes: 1024 },
  handle: async (req: EngineRequest): Promise<EngineResponse> => {
    const headers: Record<string, string> =
      req.target === '/unwritable' ? { 'x-broken': 'line\nbreak' } : { 'content-type': 'text/plain' };
    return { status: 200, headers, body: `answer to ${req.target}` };
  },
} as unknown as Engine;

let server: Server;
let url: string;

beforeAll(async () => {
  const listener = createRequestListener(engine, () => '127.0.0.1');
  server = createServer((req, res) => void listener(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe('node adapter: answers written per event-loop turn', () => {
  it('delivers each of many concurrent answers to its own request', async () => {
    const paths = Array.from({ length: 200 }, (_, i) => `/n/${i}`);
    const bodies = await Promise.all(paths.map(async (p) => (await fetch(url + p)).text()));
    expect(bodies).toEqual(paths.map((p) => `answer to ${p}`));
  });

  it('answers 500 to an answer it cannot write, and the rest of its batch still goes out', async () => {
    const paths = ['/a', '/unwritable', '/b', '/c'];
    const results = await Promise.all(
      paths.map(async (p) => {
        const res = await fetch(url + p);
        return [res.status, await res.text()] as const;
      }),
    );
    expect(results[1]?.[0]).toBe(500);
    expect(results.filter((_, i) => i !== 1)).toEqual([
      [200, 'answer to /a'],
      [200, 'answer to /b'],
      [200, 'answer to /c'],
    ]);
    // The server is still up.
    expect(await (await fetch(`${url}/after`)).text()).toBe('answer to /after');
  });
});
