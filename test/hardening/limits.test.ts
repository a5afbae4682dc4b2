import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { componentValidator } from '../../src/contract/validators.js';
import {
  type RunningServer,
  type ServerOptions,
  startServer,
} from '../../src/reference-impl/adapters/node.js';
import { seedDemo } from '../../src/reference-impl/demo.js';
import { createEngine } from '../../src/reference-impl/engine.js';
import { ALL_SCOPES_TOKEN } from './support/hostile-requests.js';
import { call, connected, slowClient } from './support/http-client.js';
import { parseResponse, rawExchange } from './support/wire.js';

/**
 * The server's limits against hostile clients: body size, slow clients (headers and request
 * timeouts), the connection cap, and that one misbehaving client does not stall the others.
 */

const envelope = componentValidator('ErrorEnvelope', 'ehealth');
const servers: RunningServer[] = [];
const sockets: Socket[] = [];

async function serve(options: ServerOptions = {}): Promise<RunningServer> {
  const engine = createEngine({ settings: { maxBodyBytes: 1024 } });
  await seedDemo(engine);
  const server = await startServer({ engine, port: 0, ...options });
  servers.push(server);
  return server;
}

afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.destroy();
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

/** A request any client would send: initialize a verification, expect 200. */
const initialize = (server: RunningServer, phone = '+380501230099') =>
  call(`${server.url}/api/verifications`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ALL_SCOPES_TOKEN}` },
    body: { phone_number: phone },
  });

/** The latin1 text a socket received, parsed as an HTTP response. */
function parsed(received: string) {
  return parseResponse(Buffer.from(received, 'latin1'), 'GET');
}

describe('body size', () => {
  it('answers 413 request_too_large to a body above maxBodyBytes and closes the connection', async () => {
    const server = await serve();
    const body = JSON.stringify({ phone_number: '+380501234567', pad: 'x'.repeat(2_000) });
    const outcome = await rawExchange(
      server.port,
      Buffer.from(
        `POST /api/verifications HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${ALL_SCOPES_TOKEN}\r\n` +
          `Content-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body}`,
      ),
      'POST',
    );
    expect(outcome.kind).toBe('response');
    if (outcome.kind !== 'response') return;
    expect(outcome.response.status).toBe(413);
    expect(outcome.response.headers.connection).toBe('close');
    const json = JSON.parse(outcome.response.body) as { error: { type: string } };
    expect(envelope(json)).toBe(true);
    expect(json.error.type).toBe('request_too_large');
  });

  it('answers 413 to a chunked body that grows past the limit', async () => {
    const server = await serve();
    const chunk = 'a'.repeat(800);
    const chunked = `${(800).toString(16)}\r\n${chunk}\r\n`.repeat(3);
    const outcome = await rawExchange(
      server.port,
      Buffer.from(
        `POST /api/verifications HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${ALL_SCOPES_TOKEN}\r\n` +
          `Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n${chunked}0\r\n\r\n`,
      ),
      'POST',
    );
    expect(outcome.kind === 'response' && outcome.response.status).toBe(413);
  });

  it('stops reading from a client that keeps sending past the drain limit (16 MiB)', async () => {
    const server = await serve();
    const socket = connect(server.port, '127.0.0.1');
    sockets.push(socket);
    await connected(socket);
    socket.on('error', () => undefined);
    socket.write(
      `POST /api/verifications HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${ALL_SCOPES_TOKEN}\r\n` +
        `Content-Type: application/json\r\nContent-Length: ${64 * 1024 * 1024}\r\n\r\n`,
    );
    const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
    const piece = Buffer.alloc(256 * 1024, 0x61);
    let sent = 0;
    let open = true;
    void closed.then(() => {
      open = false;
    });
    // Write as fast as the socket drains, up to the 64 MiB declared; the server must hang up first.
    while (open && sent < 64 * 1024 * 1024) {
      sent += piece.length;
      if (!socket.write(piece)) await new Promise<void>((r) => socket.once('drain', r).once('close', r));
    }
    await closed;
    expect(sent).toBeLessThan(64 * 1024 * 1024);
    // …but not before it drained the limit: a server that hung up at once (or at the body
    // limit) passed the bound above alone (issue 18, item 7). Checked: with DRAIN_LIMIT in
    // adapters/node.ts set to the 1 MiB body limit this fails.
    expect(sent).toBeGreaterThanOrEqual(16 * 1024 * 1024);
  });
});

describe('slow clients', () => {
  // Node checks these limits every connectionsCheckingInterval, 30 s by default: without the
  // adapter's shorter interval a slowloris client held its connection far past headersTimeout.
  it('cuts off a slowloris client sending its headers byte by byte with 408, and serves others meanwhile', async () => {
    const server = await serve({ headersTimeoutMs: 1_500, requestTimeoutMs: 3_000 });
    const headers = `GET /api/verifications/+380501234567 HTTP/1.1\r\nHost: x\r\nX-Pad: ${'a'.repeat(2_000)}\r\n\r\n`;
    const slow = slowClient(server.port, headers, 20);
    sockets.push(slow.socket);
    await connected(slow.socket);
    let slowDone = false;
    const slowResult = slow.closed.then((r) => {
      slowDone = true;
      return r;
    });

    // While the slow client hangs, a normal request completes (a bound, not a timing: before
    // the slow client is cut off, which is 1.5 s after it started).
    const normal = await initialize(server);
    expect(normal.status).toBe(200);
    expect(slowDone).toBe(false);

    const { sent, received } = await slowResult;
    expect(sent).toBeLessThan(headers.length);
    const res = parsed(received);
    expect(res?.status).toBe(408);
    expect(envelope(JSON.parse(res?.body ?? ''))).toBe(true);
  });

  it('cuts off a connection that never sends a byte', async () => {
    const server = await serve({ headersTimeoutMs: 500, requestTimeoutMs: 1_000 });
    const idle = slowClient(server.port, '', 1_000);
    sockets.push(idle.socket);
    const { received } = await idle.closed;
    expect(parsed(received)?.status).toBe(408);
  });

  it('cuts off a client that sends its body byte by byte once requestTimeout has passed', async () => {
    const server = await serve({ headersTimeoutMs: 500, requestTimeoutMs: 1_000 });
    const body = JSON.stringify({ phone_number: '+380501234567' });
    const head =
      `POST /api/verifications HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${ALL_SCOPES_TOKEN}\r\n` +
      `Content-Type: application/json\r\nContent-Length: ${body.length + 1_000}\r\n\r\n`;
    const slow = slowClient(server.port, '', 1_000);
    sockets.push(slow.socket);
    await connected(slow.socket);
    slow.socket.write(head);
    const dribble = setInterval(() => slow.socket.writable && slow.socket.write(' '), 20);
    const { received } = await slow.closed;
    clearInterval(dribble);
    expect(parsed(received)?.status).toBe(408);
  });
});

describe('connection cap', () => {
  it('closes connections beyond maxConnections at once and accepts new ones when a slot frees up', async () => {
    const server = await serve({ maxConnections: 3 });
    const held = [0, 1, 2].map(() => connect(server.port, '127.0.0.1'));
    sockets.push(...held);
    await Promise.all(held.map(connected));
    await until(async () => (await connections(server)) === 3);

    const extra = slowClient(server.port, '', 1_000);
    sockets.push(extra.socket);
    const { received } = await extra.closed;
    expect(received).toBe('');

    held[0]?.destroy();
    await until(async () => (await connections(server)) < 3);
    expect((await initialize(server)).status).toBe(200);
  });
});

function connections(server: RunningServer): Promise<number> {
  return new Promise((resolve, reject) =>
    server.server.getConnections((e, n) => (e ? reject(e) : resolve(n))),
  );
}

/** Polls a condition (state, not time): the test's own timeout bounds the wait. */
async function until(condition: () => Promise<boolean>): Promise<void> {
  while (!(await condition())) await new Promise((r) => setTimeout(r, 10));
}
