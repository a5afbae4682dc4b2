import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newCounters } from '../../bench/lib/mix.js';
import { runPaced } from '../../bench/lib/paced.js';
import { RawConnection } from '../../bench/lib/raw-connection.js';

// The bench's open-loop client: the latency figures of `npm run bench` are only as right as its
// parsing of answers and its walk through the request mix. Timings are never asserted here.

let server: Server;
let url: string;
const seen: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      seen.push(`${req.method} ${req.url} ${req.headers['x-step'] ?? ''} ${body}`);
      if (req.url === '/chunked') {
        // No Content-Length: node:http sends it chunked, in two writes.
        res.writeHead(201, { 'content-type': 'text/plain' });
        res.write('héllo ');
        res.end('wörld');
        return;
      }
      if (req.url === '/empty') {
        res.writeHead(204).end();
        return;
      }
      const text = JSON.stringify({ echo: body, path: req.url });
      res.writeHead(req.url === '/missing' ? 404 : 200, { 'content-length': Buffer.byteLength(text) });
      res.end(text);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe('RawConnection', () => {
  it('sends several requests on one keep-alive socket and reads each answer whole', async () => {
    const port = Number(new URL(url).port);
    const connection = new RawConnection('127.0.0.1', port);
    try {
      const a = await connection.send('POST', '/a', { 'content-type': 'application/json' }, '{"x":"ü"}');
      expect(a).toEqual({ status: 200, body: JSON.stringify({ echo: '{"x":"ü"}', path: '/a' }) });
      const b = await connection.send('GET', '/missing', undefined, undefined);
      expect(b.status).toBe(404);
      expect(JSON.parse(b.body)).toEqual({ echo: '', path: '/missing' });
      const c = await connection.send('GET', '/chunked', undefined, undefined);
      expect(c).toEqual({ status: 201, body: 'héllo wörld' });
      const d = await connection.send('DELETE', '/empty', undefined, undefined);
      expect(d).toEqual({ status: 204, body: '' });
      // Still the same socket: the answer after a chunked one parses too.
      const e = await connection.send('GET', '/after', undefined, undefined);
      expect(JSON.parse(e.body).path).toBe('/after');
    } finally {
      connection.close();
    }
  });

  it('rejects a request once the socket is gone', async () => {
    const connection = new RawConnection('127.0.0.1', Number(new URL(url).port));
    await connection.send('GET', '/x', undefined, undefined);
    connection.close();
    await new Promise((resolve) => setTimeout(resolve, 20));
    await expect(connection.send('GET', '/x', undefined, undefined)).rejects.toThrow();
  });
});

describe('runPaced', () => {
  it('walks the request sequence in order on every connection and reports each answer', async () => {
    seen.length = 0;
    const counters = newCounters();
    const statuses: number[] = [];
    const result = await runPaced(
      url,
      [
        {
          method: 'POST',
          path: '/first',
          setupRequest: (req, context) => {
            context.n = (Number(context.n ?? 0) as number) + 1;
            return { ...req, headers: { 'x-step': '1' }, body: `{"n":${String(context.n)}}` };
          },
          onResponse: (status) => statuses.push(status),
        },
        {
          method: 'GET',
          setupRequest: (req, context) => ({ ...req, path: `/second/${String(context.n)}` }),
          onResponse: (status) => statuses.push(status),
        },
        { method: 'GET', path: '/missing', onResponse: (status) => statuses.push(status) },
      ],
      counters,
      { seconds: 1, connections: 3, rate: 60 },
    );
    expect(result.requests).toBe(seen.length);
    expect(result.requests).toBeGreaterThanOrEqual(6);
    expect(result.errors).toBe(0);
    expect(statuses).toHaveLength(result.requests);
    expect(statuses.filter((s) => s === 404).length).toBe(
      seen.filter((s) => s.startsWith('GET /missing')).length,
    );
    // The context starts afresh at each loop of the sequence: the first step always sends n = 1,
    // and the second step always follows it with the value the first one set.
    for (const line of seen.filter((s) => s.startsWith('POST'))) expect(line).toBe('POST /first 1 {"n":1}');
    for (const line of seen.filter((s) => s.startsWith('GET /second'))) expect(line).toBe('GET /second/1  ');
    expect(result.p50Ms).toBeGreaterThan(0);
    expect(result.p99Ms).toBeGreaterThanOrEqual(result.p50Ms);
  });
});
