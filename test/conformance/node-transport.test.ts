import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { nodeTransport } from '../../src/conformance/node-transport.js';
import { ReceivedHeaders } from '../../src/conformance/received-headers.js';
import { runConformance } from '../../src/conformance/runner/run.js';
import { UsageError } from '../../src/conformance/runner/signals.js';
import { TransportFailure } from '../../src/conformance/transport.js';
import { configWithTokens, startTinyServer } from './helpers.js';

/*
 * The default transport (node:http with keep-alive) against real loopback servers. Only http is
 * exercised here: no test of the suite sets up TLS, and node:https is the same code path with
 * another Agent (docs/performance.md "conform under 0.6 s" records a manual run against https).
 */
const limits = { timeoutMs: 2000, maxBodyBytes: 64 };
const cleanups: (() => Promise<void> | void)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function serve(
  handler: (req: IncomingMessage, res: ServerResponse, body: string) => void,
): Promise<{ url: string; sockets: Set<Socket> }> {
  const sockets = new Set<Socket>();
  const server = await startTinyServer((req, res) => {
    sockets.add(req.socket);
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      body += chunk;
    });
    req.on('end', () => handler(req, res, body));
  });
  cleanups.push(server.close);
  return { url: server.url, sockets };
}

function transport(signal?: AbortSignal) {
  const t = nodeTransport(signal);
  cleanups.push(() => t.close());
  return t;
}

describe('nodeTransport', () => {
  it('sends the method, path, query, headers and body, and returns status, headers and text', async () => {
    let seen: {
      method?: string | undefined;
      url?: string | undefined;
      headers?: IncomingMessage['headers'];
      body?: string;
    } = {};
    const { url } = await serve((req, res, body) => {
      seen = { method: req.method, url: req.url, headers: req.headers, body };
      res.setHeader('content-type', 'application/json');
      res.setHeader('x-twice', ['a', 'b']);
      res.end('{"ok":"✓"}');
    });
    const res = await transport().send(
      {
        method: 'PATCH',
        url: `${url}/api/verifications/%2B380501234567?x=1`,
        headers: { 'content-type': 'application/json', 'x-request-id': 'r-1' },
        body: '{"code":"1234"}',
      },
      limits,
    );
    expect(seen).toMatchObject({
      method: 'PATCH',
      url: '/api/verifications/%2B380501234567?x=1',
      body: '{"code":"1234"}',
    });
    expect(seen.headers).toMatchObject({
      'content-type': 'application/json',
      'x-request-id': 'r-1',
      'content-length': '15',
      'user-agent': 'ehealth-otp-kit-conform',
    });
    expect(res.status).toBe(200);
    expect(res.text).toBe('{"ok":"✓"}');
    expect(res.headers.get('Content-Type')).toBe('application/json');
    expect(res.headers.get('x-twice')).toBe('a, b');
    expect(res.bodyNotRead).toBeUndefined();
  });

  it('keeps the connection alive between exchanges', async () => {
    const { url, sockets } = await serve((_req, res) => res.end('{}'));
    const t = transport();
    for (let i = 0; i < 3; i++) await t.send({ method: 'GET', url: `${url}/a`, headers: {} }, limits);
    expect(sockets.size).toBe(1);
  });

  it('sends a request again on a fresh connection when a kept-alive one was closed under it', async () => {
    // The second request arrives on the first one's socket, which the server then drops unanswered:
    // the race of a server closing an idle keep-alive connection as the client reuses it.
    const answered = new Set<Socket>();
    const { url, sockets } = await serve((req, res) => {
      if (answered.has(req.socket)) {
        req.socket.destroy();
        return;
      }
      answered.add(req.socket);
      res.end('{"n":1}');
    });
    const t = transport();
    await t.send({ method: 'GET', url: `${url}/a`, headers: {} }, limits);
    const again = await t.send({ method: 'POST', url: `${url}/b`, headers: {}, body: '{}' }, limits);
    expect(again.status).toBe(200);
    expect(sockets.size).toBe(2);
  });

  it('fails after the timeout when the answer never completes', async () => {
    const { url } = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"meta":');
    });
    const failure = transport().send({ method: 'GET', url, headers: {} }, { ...limits, timeoutMs: 50 });
    await expect(failure).rejects.toThrow(TransportFailure);
    await expect(failure).rejects.toThrow('no complete response within 50 ms');
  });

  it('keeps the status of an answer over the read limit without reading its body', async () => {
    const { url } = await serve((req, res) => {
      // One declares its size, one streams it.
      if (req.url === '/declared') {
        res.writeHead(422, { 'content-type': 'application/json', 'content-length': '65' });
        res.end('x'.repeat(65));
      } else {
        res.writeHead(422, { 'content-type': 'application/json' });
        res.write('x'.repeat(40));
        res.end('x'.repeat(40));
      }
    });
    const t = transport();
    const declared = await t.send({ method: 'GET', url: `${url}/declared`, headers: {} }, limits);
    expect(declared).toMatchObject({
      status: 422,
      text: '',
      bodyNotRead: 'the response body of 65 bytes exceeds the 64-byte read limit',
    });
    const streamed = await t.send({ method: 'GET', url: `${url}/streamed`, headers: {} }, limits);
    expect(streamed).toMatchObject({
      status: 422,
      text: '',
      bodyNotRead: 'the response body exceeds the 64-byte read limit',
    });
  });

  it('decodes a gzip answer and drops a UTF-8 byte order mark, as fetch does', async () => {
    const { url } = await serve((req, res) => {
      if (req.url === '/gzip') {
        res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
        res.end(gzipSync('{"zipped":true}'));
      } else {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('\uFEFF{"bom":true}');
      }
    });
    const t = transport();
    expect((await t.send({ method: 'GET', url: `${url}/gzip`, headers: {} }, limits)).text).toBe(
      '{"zipped":true}',
    );
    expect((await t.send({ method: 'GET', url: `${url}/bom`, headers: {} }, limits)).text).toBe(
      '{"bom":true}',
    );
  });

  it('gets the answer of a server that refuses a large body before reading all of it', async () => {
    const server = await startTinyServer((req, res) => {
      res.writeHead(413, { 'content-type': 'application/json', connection: 'close' });
      res.end('{"too":"large"}', () => req.socket.destroy());
    });
    cleanups.push(server.close);
    const res = await transport().send(
      { method: 'POST', url: server.url, headers: {}, body: 'x'.repeat(8 * 1024 * 1024) },
      { ...limits, maxBodyBytes: 1024 },
    );
    expect(res.status).toBe(413);
    expect(res.text).toBe('{"too":"large"}');
  });

  it('names the socket error of a target that is not there and marks it unreachable', async () => {
    const { url } = await serve((_req, res) => res.end());
    await cleanups.pop()?.();
    const failure = transport().send({ method: 'GET', url, headers: {} }, limits);
    await expect(failure).rejects.toMatchObject({
      unreachable: true,
      message: expect.stringMatching(/^connection failed \(.*ECONNREFUSED/),
    });
  });

  it('refuses a URL with credentials instead of dropping them, and runConformance refuses such a target', async () => {
    const failure = transport().send(
      { method: 'GET', url: 'http://user:secret@127.0.0.1:9/api', headers: {} },
      limits,
    );
    await expect(failure).rejects.toThrow('the URL carries credentials');
    const run = runConformance({ target: 'http://user:secret@127.0.0.1:9', config: configWithTokens() });
    await expect(run).rejects.toThrow(UsageError);
    await expect(run).rejects.not.toThrow('secret');
  });

  it('ends what is in flight when the run is interrupted', async () => {
    const { url } = await serve(() => {});
    const interrupt = new AbortController();
    const pending = transport(interrupt.signal).send(
      { method: 'GET', url, headers: {} },
      { ...limits, timeoutMs: 60_000 },
    );
    setImmediate(() => interrupt.abort());
    await expect(pending).rejects.toThrow(/^connection failed/);
  });
});

describe('ReceivedHeaders', () => {
  it("answers as the WHATWG Headers of Node's fetch does for the same raw list", () => {
    const raw = [
      'Content-Type',
      'application/json',
      'X-B',
      '1',
      'set-cookie',
      'a=1',
      'x-b',
      '2',
      'Set-Cookie',
      'b=2',
      'A-First',
      'z',
    ];
    const ours = new ReceivedHeaders(raw);
    const theirs = new Headers();
    for (let i = 0; i < raw.length; i += 2) theirs.append(raw[i] as string, raw[i + 1] as string);
    expect([...ours]).toEqual([...theirs]);
    expect([...ours.keys()]).toEqual([...theirs.keys()]);
    expect([...ours.values()]).toEqual([...theirs.values()]);
    expect(Object.fromEntries(ours)).toEqual(Object.fromEntries(theirs));
    for (const name of ['x-b', 'X-B', 'set-cookie', 'content-type', 'missing'])
      expect(ours.get(name), name).toBe(theirs.get(name));
    expect(ours.getSetCookie()).toEqual(theirs.getSetCookie());
    const seen: string[] = [];
    ours.forEach((value, name) => {
      seen.push(`${name}=${value}`);
    });
    const expected: string[] = [];
    theirs.forEach((value, name) => {
      expected.push(`${name}=${value}`);
    });
    expect(seen).toEqual(expected);
    ours.set('X-B', '3');
    ours.delete('a-first');
    theirs.set('X-B', '3');
    theirs.delete('a-first');
    expect([...ours]).toEqual([...theirs]);
    expect(ours.has('A-FIRST')).toBe(false);
  });
});
