import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ehealthSpecPath } from '../support/child-process.js';
import { outputContains, type Serve, startServe } from './support/cli.js';

/** Server conventions of `serve` (issue 12 points 3 and 5), over real HTTP on loopback. */

const ALL = 'Bearer demo-token-all-scopes';
const PHONE = '+380501234567';

/** A raw request: fetch() in Node does not send a CORS preflight by itself, so it is built by hand. */
function raw(url: string, method: string, headers: Record<string, string>) {
  return new Promise<{ status: number; headers: Record<string, string | string[] | undefined> }>(
    (resolve, reject) => {
      const req = request(url, { method, headers }, (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers }));
      });
      req.on('error', reject);
      req.end();
    },
  );
}

const preflight = (url: string, method = 'POST', origin = 'http://app.example:3000') =>
  raw(url, 'OPTIONS', {
    origin,
    'access-control-request-method': method,
    'access-control-request-headers': 'authorization, content-type, api-key',
  });

const json = (s: Serve, path: string, method: string, body?: unknown, auth = ALL) =>
  fetch(`${s.url}${path}`, {
    method,
    headers: { authorization: auth, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });

describe('serve in demo mode (npm start)', () => {
  let s: Serve;
  beforeAll(async () => {
    s = await startServe(['--port', '0']);
  });
  afterAll(() => s.stop());

  it('prints the demo control token and the control API answers it: reset and the clock work', async () => {
    expect(s.output()).toContain('Bearer demo-control-token');
    const clock = await json(
      s,
      '/__control/clock',
      'POST',
      { advance_seconds: 60 },
      'Bearer demo-control-token',
    );
    expect(clock.status).toBe(200);
    expect((await json(s, '/__control/reset', 'POST', undefined, 'Bearer demo-control-token')).status).toBe(
      204,
    );
    expect((await json(s, '/__control/reset', 'POST', undefined, 'Bearer nope')).status).toBe(401);
    // The reset comes back to the printed demo data: the demo token still works.
    expect((await json(s, '/api/verifications', 'POST', { phone_number: PHONE })).status).toBe(200);
  });

  it('answers a CORS preflight 204 on every API route, and exposes the headers a script needs', async () => {
    const routes = [
      ['/api/verifications', 'POST'],
      [`/api/verifications/${PHONE}/actions/complete`, 'PATCH'],
      [`/api/verifications/${PHONE}`, 'GET'],
      ['/api/person_requests/00000000-0000-4000-8000-000000000001/actions/resend_otp', 'POST'],
      ['/__control/sms', 'GET'],
    ] as const;
    for (const [path, method] of routes) {
      const answer = await preflight(`${s.url}${path}`, method);
      expect(answer.status, path).toBe(204);
      expect(answer.headers['access-control-allow-origin']).toBe('*');
      expect(answer.headers['access-control-allow-methods']).toBe(method);
      expect(answer.headers['access-control-allow-headers']).toBe('authorization, content-type, api-key');
    }
    const actual = await fetch(`${s.url}/api/verifications`, {
      method: 'POST',
      headers: { origin: 'http://app.example:3000', authorization: ALL, 'content-type': 'application/json' },
      body: JSON.stringify({ phone_number: PHONE }),
    });
    expect(actual.status).toBe(200);
    expect(actual.headers.get('access-control-allow-origin')).toBe('*');
    expect(actual.headers.get('access-control-expose-headers')).toContain('x-request-id');
  });

  it('GET /health answers 200 without auth; /openapi.json is the YAML spec as JSON', async () => {
    const health = await fetch(`${s.url}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
    const spec = await fetch(`${s.url}/openapi.json`);
    expect(spec.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await spec.json()).toEqual(parse(readFileSync(ehealthSpecPath, 'utf8')));
  });

  it('logs one line per request with method, path, status, time and request id', async () => {
    const answer = await json(s, `/api/verifications/${PHONE}`, 'GET');
    const id = answer.headers.get('x-request-id');
    expect(id).toMatch(/\S/);
    await outputContains(s, `http GET /api/verifications/${PHONE} 404`);
    const line = s
      .output()
      .split('\n')
      .find((l) => l.includes(`id ${id}`));
    expect(line).toMatch(new RegExp(`^http GET /api/verifications/\\${PHONE} 404 [\\d.]+ ms id ${id}$`));
    expect(
      s
        .output()
        .split('\n')
        .filter((l) => l.includes(`id ${id}`)),
    ).toHaveLength(1);
  });

  it("logs on a wrong code's 403 that the code is void and a new one was sent", async () => {
    expect((await json(s, '/api/verifications', 'POST', { phone_number: '+380509990001' })).status).toBe(200);
    const sms = (await (
      await json(
        s,
        '/__control/sms?phone_number=%2B380509990001',
        'GET',
        undefined,
        'Bearer demo-control-token',
      )
    ).json()) as { data: { code: string }[] };
    const wrong = sms.data[0]?.code === '1116' ? 1232 : 1116;
    expect(
      (await json(s, '/api/verifications/+380509990001/actions/complete', 'PATCH', { code: wrong })).status,
    ).toBe(403);
    await outputContains(
      s,
      /complete 403 .*a NEW code was sent by SMS \(--wrong-code-policy resend, seeds\/002\)/,
    );
  });
});

describe('serve flags for CORS and logging', () => {
  const servers: Serve[] = [];
  afterAll(() => Promise.all(servers.map((x) => x.stop())));
  const start = async (args: string[]) => {
    const x = await startServe(['--port', '0', ...args]);
    servers.push(x);
    return x;
  };

  it('--cors off answers no preflight; --cors ORIGINS allows only those', async () => {
    const [off, listed] = await Promise.all([
      start(['--cors', 'off']),
      start(['--cors', 'https://a.example']),
    ]);
    const refused = await preflight(`${off.url}/api/verifications`);
    expect(refused.status).not.toBe(204);
    expect(refused.headers['access-control-allow-origin']).toBeUndefined();
    const allowed = await preflight(`${listed.url}/api/verifications`, 'POST', 'https://a.example');
    expect(allowed.headers['access-control-allow-origin']).toBe('https://a.example');
    expect(allowed.headers.vary).toBe('Origin');
    const other = await preflight(`${listed.url}/api/verifications`, 'POST', 'https://b.example');
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('--log-format json writes one JSON object per request; outside demo queries are masked', async () => {
    const x = await start(['--no-demo', '--control-token', 'secret-ct', '--log-format', 'json']);
    await fetch(`${x.url}/inbox?token=secret-ct`);
    await outputContains(x, '"path":"/inbox?token=***"');
    const line = x
      .output()
      .split('\n')
      .find((l) => l.includes('"msg":"request"'));
    expect(JSON.parse(line ?? '')).toMatchObject({ method: 'GET', path: '/inbox?token=***', level: 'info' });
    expect(x.output()).not.toContain('token=secret-ct');
  });

  it('keeps the control API off outside demo mode unless a control token is given', async () => {
    const x = await start(['--no-demo']);
    expect(x.output()).toContain('control API: off');
    expect((await json(x, '/__control/reset', 'POST', undefined, 'Bearer demo-control-token')).status).toBe(
      404,
    );
  });

  it('--log-level warn logs no requests', async () => {
    const x = await start(['--log-level', 'warn']);
    await fetch(`${x.url}/health`);
    // A request after it is logged by a second server with the default level: the write path works.
    const y = await start([]);
    await fetch(`${y.url}/health`);
    await outputContains(y, 'http GET /health 200');
    expect(x.output()).not.toContain('http GET /health');
  });
});
