import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/reference-impl/adapters/node.js';
import { createEngine, type Engine } from '../../src/reference-impl/engine.js';
import { startDemoServer } from './support/demo-server.js';
import { ORIGIN } from './support/fixture.js';
import { ALL_SCOPES_TOKEN, CONTROL_TOKEN } from './support/hostile-requests.js';
import { rawExchange } from './support/wire.js';

/**
 * Issue 18's "lenient parser a differential tester would flag": each choice docs/security.md
 * ("Parser choices") records, pinned here so that a change is a decision, not an accident.
 */
let server: RunningServer;
let engine: Engine;
beforeAll(async () => {
  server = await startDemoServer();
  engine = server.engine;
});
afterAll(() => server.close());

const utf8 = new TextEncoder();
const auth = { authorization: `Bearer ${ALL_SCOPES_TOKEN}` };

async function initialize(body: Uint8Array, contentType = 'application/json') {
  const res = await engine.handle({
    method: 'POST',
    target: '/api/verifications',
    origin: ORIGIN,
    headers: { ...auth, 'content-type': contentType },
    body,
  });
  return { status: res.status, headers: res.headers, json: JSON.parse(res.body) as { data?: unknown } };
}

describe('parser choices', () => {
  it('duplicate JSON keys: the last wins (JSON.parse, as Jason in Plug.Parsers)', async () => {
    const res = await initialize(
      utf8.encode('{"phone_number":"+380000000000","phone_number":"+380501230101"}'),
    );
    expect(res.status).toBe(200);
    expect((await engine.outbox.list('+380501230101')).length).toBe(1);
    expect((await engine.outbox.list('+380000000000')).length).toBe(0);
  });

  it('a leading UTF-8 BOM is dropped, on /api and on the control API alike', async () => {
    const bom = (text: string) => new Uint8Array([0xef, 0xbb, 0xbf, ...utf8.encode(text)]);
    expect((await initialize(bom('{"phone_number":"+380501230102"}'))).status).toBe(200);
    const withControl = createEngine({ controlToken: CONTROL_TOKEN });
    const control = await withControl.handle({
      method: 'POST',
      target: '/__control/clock',
      origin: ORIGIN,
      headers: { authorization: `Bearer ${CONTROL_TOKEN}`, 'content-type': 'application/json' },
      body: bom('{"advance_seconds":1}'),
    });
    expect(control.status).toBe(200);
  });

  it("application/*+json is JSON (as Plug's json parser); text/json is 415", async () => {
    expect(
      (await initialize(utf8.encode('{"phone_number":"+380501230103"}'), 'application/vnd.api+json')).status,
    ).toBe(200);
    expect((await initialize(utf8.encode('{"phone_number":"+380501230103"}'), 'text/json')).status).toBe(415);
  });

  it('an absolute-form target answers 404 in the envelope (no route matches the target as sent)', async () => {
    const target = `http://127.0.0.1:${server.port}/api/verifications/%2B380501230103`;
    const out = await rawExchange(
      server.port,
      Buffer.from(
        `GET ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${ALL_SCOPES_TOKEN}\r\nConnection: close\r\n\r\n`,
      ),
    );
    expect(out.kind).toBe('response');
    if (out.kind !== 'response') return;
    expect(out.response.status).toBe(404);
    expect((JSON.parse(out.response.body) as { meta: { code: number } }).meta.code).toBe(404);
  });

  it('an X-Request-ID with obs-text is echoed as other bytes: its latin1 reading, written as UTF-8', async () => {
    // Plug.RequestId echoes any 20 to 200 octets as they came; Node reads header octets as
    // latin1 and writes the echo (header and meta.request_id) as UTF-8: 0xFF comes back as C3 BF.
    const id = Buffer.concat([
      Buffer.from('abcdefghij'),
      Buffer.from([0xff]),
      Buffer.from('klmnopqrstuvwxyz'),
    ]);
    const head = Buffer.from(
      `GET /api/verifications/%2B380501230103 HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${ALL_SCOPES_TOKEN}\r\nConnection: close\r\nX-Request-ID: `,
    );
    const raw = await new Promise<Buffer>((resolve, reject) => {
      const socket = connect(server.port, '127.0.0.1');
      const chunks: Buffer[] = [];
      socket.on('data', (c: Buffer) => chunks.push(c));
      socket.on('close', () => resolve(Buffer.concat(chunks)));
      socket.on('error', reject);
      socket.write(Buffer.concat([head, id, Buffer.from('\r\n\r\n')]));
    });
    const echoed = Buffer.from('abcdefghij\u00ffklmnopqrstuvwxyz', 'utf8');
    expect(raw.includes(Buffer.concat([Buffer.from('x-request-id: '), echoed, Buffer.from('\r\n')]))).toBe(
      true,
    );
    expect(raw.includes(id)).toBe(false);
    const body = raw.subarray(raw.indexOf('\r\n\r\n') + 4).toString('utf8');
    expect((JSON.parse(body) as { meta: { request_id: string } }).meta.request_id).toBe(
      'abcdefghij\u00ffklmnopqrstuvwxyz',
    );
  });

  it('100 Continue is sent before the body is judged; a refused body then gets its envelope', async () => {
    const received = await new Promise<string>((resolve, reject) => {
      const socket = connect(server.port, '127.0.0.1');
      let text = '';
      socket.on('data', (c: Buffer) => {
        text += c.toString('latin1');
        if (text.startsWith('HTTP/1.1 100') && !text.includes('415')) socket.write('not json');
      });
      socket.on('close', () => resolve(text));
      socket.on('error', reject);
      socket.write(
        `POST /api/verifications HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${ALL_SCOPES_TOKEN}\r\nContent-Type: text/plain\r\nContent-Length: 8\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n`,
      );
    });
    expect(received.startsWith('HTTP/1.1 100 Continue')).toBe(true);
    expect(received).toMatch(/HTTP\/1\.1 415 /);
    expect(received).toContain('"code":415');
  });

  it('a wrong method answers 404 without Allow, as the running service does (not 405)', async () => {
    const res = await engine.handle({
      method: 'DELETE',
      target: '/api/verifications',
      origin: ORIGIN,
      headers: auth,
      body: undefined,
    });
    expect(res.status).toBe(404);
    expect(res.headers.allow).toBeUndefined();
  });
});
