import { get, type IncomingMessage } from 'node:http';
import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../../src/reference-impl/adapters/node.js';
import { createEngine } from '../../src/reference-impl/engine.js';
import { createWebPages, inboxAccessFor } from '../../src/web/index.js';
import { connected } from './support/http-client.js';

/**
 * Issue 18: "one client can hold all 1,024 connections or all 64 inbox streams". Each peer address
 * may hold `maxConnectionsPerClient` connections (256) and `maxStreamsPerClient` inbox streams (8).
 * Loopback peers are exempt from the connection cap by default, so these tests turn
 * `capLoopback` on: the only peer a test may use is 127.0.0.1.
 *
 * Checked to fail without the fix: with `limitConnectionsPerClient(...)` removed from
 * startServer the fourth and fifth connections stay open; with `held >= perClient` removed from
 * inbox-events.ts the third stream answers 200.
 */
let server: RunningServer | undefined;
const sockets: Socket[] = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) s.destroy();
  await server?.close();
  server = undefined;
});

/** Resolves 'answered' when a response starts, 'closed' when the server closes first. */
function probe(socket: Socket): Promise<'answered' | 'closed'> {
  return new Promise((resolve) => {
    socket.once('data', () => resolve('answered'));
    socket.once('close', () => resolve('closed'));
    socket.write('GET /api/nothing HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
  });
}

async function open(port: number, n: number): Promise<Socket[]> {
  const out = Array.from({ length: n }, () => {
    const s = connect(port, '127.0.0.1');
    s.on('error', () => {});
    sockets.push(s);
    return s;
  });
  await Promise.all(out.map(connected));
  return out;
}

describe('connections per client', () => {
  it('closes connections of one peer beyond maxConnectionsPerClient, and takes a new one once a slot frees', async () => {
    server = await startServer({
      engine: createEngine(),
      port: 0,
      maxConnectionsPerClient: 3,
      capLoopback: true,
    });
    const five = await open(server.port, 5);
    const outcomes = await Promise.all(five.map(probe));
    expect([...outcomes].sort()).toEqual(['answered', 'answered', 'answered', 'closed', 'closed']);
    const first = five[outcomes.indexOf('answered')];
    await new Promise<void>((resolve) => {
      first?.once('close', () => resolve());
      first?.destroy();
    });
    // The server sees the close a moment later; a new connection is answered once it has.
    let outcome: 'answered' | 'closed' = 'closed';
    for (let i = 0; i < 50 && outcome === 'closed'; i++) {
      const [again] = await open(server.port, 1);
      if (again !== undefined) outcome = await probe(again);
    }
    expect(outcome).toBe('answered');
  });

  it('loopback peers are not capped unless capLoopback (a local load test needs many connections)', async () => {
    server = await startServer({ engine: createEngine(), port: 0, maxConnectionsPerClient: 3 });
    const five = await open(server.port, 5);
    expect(await Promise.all(five.map(probe))).toEqual(Array(5).fill('answered'));
  });
});

describe('inbox streams per client', () => {
  it('answers 503 to a peer past maxStreamsPerClient while other slots are free, and 200 again once one closes', async () => {
    const engine = createEngine();
    const web = createWebPages({
      outbox: engine.outbox,
      inbox: inboxAccessFor({ demo: true }),
      maxStreams: 64,
      maxStreamsPerClient: 2,
    });
    server = await startServer({ engine, port: 0, extraRoutes: web.handle });
    const url = `http://127.0.0.1:${server.port}/inbox/events`;
    const stream = () =>
      new Promise<IncomingMessage>((resolve, reject) =>
        get(url, { agent: false }, resolve).on('error', reject),
      );
    const a = await stream();
    const b = await stream();
    const c = await stream();
    expect([a.statusCode, b.statusCode, c.statusCode]).toEqual([200, 200, 503]);
    expect(c.headers['retry-after']).toBe('5');
    c.resume();
    await new Promise<void>((resolve) => {
      a.once('close', () => resolve());
      a.destroy();
    });
    let status = 503;
    for (let i = 0; i < 50 && status === 503; i++) {
      const d = await stream();
      status = d.statusCode ?? 0;
      d.destroy();
    }
    expect(status).toBe(200);
    b.destroy();
    web.close();
  });
});
