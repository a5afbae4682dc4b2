import { createServer, request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import type { Sms } from '../../src/reference-impl/domain/models.js';
import { createEventStreams } from '../../src/web/inbox-events.js';
import { api, type PagesServer, startPagesServer } from './server.js';

let current: PagesServer | undefined;
afterEach(async () => {
  await current?.close();
  current = undefined;
});
async function start(options: Parameters<typeof startPagesServer>[0] = {}): Promise<PagesServer> {
  current = await startPagesServer(options);
  return current;
}

const get = (url: string, headers: Record<string, string> = {}) =>
  fetch(url, { headers, redirect: 'manual' });

/** Reads an event stream until `until` says the text so far is enough, then hangs up. */
function readStream(
  url: string,
  until: (text: string) => boolean,
  headers: Record<string, string> = {},
): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        text += chunk;
        if (until(text)) {
          req.destroy();
          resolve(text);
        }
      });
    });
    req.on('error', reject);
    req.end();
  });
}

describe('when the inbox is off (no demo, no control token)', () => {
  it('/inbox is 404 and the API reference is still there', async () => {
    const s = await start();
    expect((await get(`${s.url}/inbox`)).status).toBe(404);
    expect((await get(`${s.url}/inbox/events`)).status).toBe(404);
    expect(s.web.paths.inbox).toBeUndefined();
    const docs = await get(`${s.url}/docs`);
    expect(docs.status).toBe(200);
    expect(await docs.text()).not.toContain('/inbox');
  });
});

describe('the API reference routes', () => {
  it('serves the page with a strict CSP, Redoc from this server, and both specs', async () => {
    const s = await start();
    const page = await get(`${s.url}/docs`);
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self';");
    const html = await page.text();
    expect(html).toContain('<script src="/docs/redoc.standalone.js"></script>');
    expect(html).not.toMatch(/https?:\/\/(?!127\.0\.0\.1)/);

    const bundle = await get(`${s.url}/docs/redoc.standalone.js`);
    expect(bundle.status).toBe(200);
    const js = await bundle.text();
    expect(js).not.toContain('cdn.redoc.ly');
    const etag = bundle.headers.get('etag') ?? '';
    expect((await get(`${s.url}/docs/redoc.standalone.js`, { 'if-none-match': etag })).status).toBe(304);

    for (const name of ['ehealth-otp', 'control']) {
      const yaml = await get(`${s.url}/openapi/${name}.yaml`);
      expect(yaml.status).toBe(200);
      expect(yaml.headers.get('content-type')).toBe('application/yaml; charset=utf-8');
      expect(await yaml.text()).toMatch(/^openapi: 3\./);
    }
    expect((await fetch(`${s.url}/docs`, { method: 'POST' })).status).toBe(405);
  });

  it('leaves the API alone', async () => {
    const s = await start({ demo: true });
    const res = await api(s.url, 'POST', '/api/verifications', 'demo-token-all-scopes', {
      phone_number: '+380501234567',
    });
    expect(res.status).toBe(200);
  });
});

describe('the inbox behind a control token', () => {
  const token = 'pages-test-control-token';

  it('asks for the token, swaps ?token= for an HttpOnly SameSite=Strict cookie, and the cookie opens it', async () => {
    const s = await start({ controlToken: token, demo: true });
    const anonymous = await get(`${s.url}/inbox`);
    expect(anonymous.status).toBe(401);
    expect(await anonymous.text()).toContain('<form method="post" action="/inbox/login">');
    expect((await get(`${s.url}/inbox?token=wrong`)).status).toBe(401);
    expect((await get(`${s.url}/inbox/events`)).status).toBe(401);

    const signIn = await get(`${s.url}/inbox?token=${token}`);
    expect(signIn.status).toBe(303);
    expect(signIn.headers.get('location')).toBe('/inbox');
    const setCookie = signIn.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(/; Path=\/inbox; HttpOnly; SameSite=Strict; Max-Age=43200$/);
    expect(setCookie).not.toContain(token);
    const cookie = setCookie.split(';')[0] ?? '';

    const page = await get(`${s.url}/inbox`, { cookie });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("style-src 'self';");
    expect((await get(`${s.url}/inbox`, { cookie: `${cookie}x` })).status).toBe(401);
  });

  it('signs in with the form too', async () => {
    const s = await start({ controlToken: token });
    const form = (value: string) =>
      fetch(`${s.url}/inbox/login`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ token: value }).toString(),
      });
    const wrong = await form('nope');
    expect(wrong.status).toBe(401);
    expect(await wrong.text()).toContain('role="alert"');
    const right = await form(token);
    expect(right.status).toBe(303);
    expect(right.headers.get('set-cookie')).toContain('HttpOnly');
  });
});

describe('/inbox/events', () => {
  it('sends the existing messages, then each new one, with heartbeats', async () => {
    const s = await start({ demo: true, heartbeatMs: 20 });
    await s.engine.outbox.send('+380500000001', 1111);
    const text = readStream(
      `${s.url}/inbox/events`,
      (t) => t.includes('event: sms') && t.includes(': heartbeat'),
    );
    // Sent after the stream opened: it arrives as an `sms` event, not in the snapshot.
    await new Promise((r) => setTimeout(r, 100));
    await s.engine.outbox.send('+380500000002', 2222);
    const events = await text;
    expect(events).toMatch(/^retry: 3000\n\n/);
    const snapshot = /event: snapshot\ndata: (.*)\n\n/.exec(events)?.[1] ?? '';
    expect(JSON.parse(snapshot)).toEqual([
      expect.objectContaining({ phone_number: '+380500000001', code: '1111' }),
    ]);
    const sms = /event: sms\ndata: (.*)\n\n/.exec(events)?.[1] ?? '';
    expect(JSON.parse(sms)).toMatchObject({ phone_number: '+380500000002', code: '2222' });
  });

  it('unsubscribes when the client goes, and close() ends the open streams', async () => {
    const listeners = new Set<(sms: Sms) => void>();
    const outbox = {
      subscribe: (listener: (sms: Sms) => void) => {
        listeners.add(listener);
        return () => void listeners.delete(listener);
      },
      list: async (): Promise<Sms[]> => [],
    };
    const streams = createEventStreams(outbox, { heartbeatMs: 1000 });
    const server = createServer((req, res) => streams.open(req, res));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as { port: number };
    const url = `http://127.0.0.1:${port}/`;

    await readStream(url, (t) => t.includes('event: snapshot'));
    await expect.poll(() => listeners.size).toBe(0);
    await expect.poll(() => streams.size).toBe(0);

    const ended = new Promise<void>((resolve) => {
      request(url, (res) => {
        res.resume();
        res.on('end', resolve);
      }).end();
    });
    await expect.poll(() => listeners.size).toBe(1);
    streams.close();
    await ended;
    await expect.poll(() => listeners.size).toBe(0);
    await new Promise<void>((r) => server.close(() => r()));
  });
});
