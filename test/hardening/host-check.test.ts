import { afterEach, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../../src/reference-impl/adapters/node.js';
import { seedDemo } from '../../src/reference-impl/demo.js';
import { createEngine } from '../../src/reference-impl/engine.js';
import { createWebPages, inboxAccessFor } from '../../src/web/index.js';
import { call } from './support/http-client.js';

/**
 * Issue 18: "no Host check, so DNS rebinding reads the open demo inbox". A rebinding page sends
 * its own name as Host; /inbox and /__control answer only names that cannot be rebound (IP
 * literals, localhost, *.localhost, the bound host, `allowedHosts`), others 421.
 *
 * Checked to fail without the fix: with the `needsHostCheck(...)` branch of adapters/node.ts
 * removed, `Host: evil.example` gets the inbox page (200) and the SMS list (200).
 */
let server: RunningServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function demoServer(allowedHosts?: readonly string[]) {
  const engine = createEngine({ controlToken: 'demo-control-token' });
  await seedDemo(engine);
  const web = createWebPages({ outbox: engine.outbox, inbox: inboxAccessFor({ demo: true }) });
  server = await startServer({
    engine,
    port: 0,
    extraRoutes: web.handle,
    ...(allowedHosts === undefined ? {} : { allowedHosts }),
  });
  const { port } = server;
  const get = (path: string, host: string) =>
    call(`http://127.0.0.1:${port}${path}`, {
      headers: { host, authorization: 'Bearer demo-control-token' },
    });
  return { port, get };
}

describe('Host check on /inbox and /__control', () => {
  it('answers 421 with an error body to a name that is not this server', async () => {
    const { get } = await demoServer();
    for (const path of ['/inbox', '/inbox/events', '/__control/sms', '/__control/person_requests']) {
      const res = await get(path, 'evil.example');
      expect(res.status, path).toBe(421);
      expect((res.json as { error: string }).error).toContain('--allowed-hosts');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
    }
    // With a port, as a rebinding page on evil.example:4010 sends it.
    expect((await get('/__control/sms', 'evil.example:4010')).status).toBe(421);
    // A name that only looks like loopback is not loopback.
    expect((await get('/inbox', 'localhost.evil.example')).status).toBe(421);
    expect((await get('/inbox', '127.0.0.1.nip.io')).status).toBe(421);
  });

  it('answers loopback names, IP literals and *.localhost as before', async () => {
    const { get, port } = await demoServer();
    for (const host of [
      `127.0.0.1:${port}`,
      'localhost',
      `localhost:${port}`,
      'LOCALHOST',
      'app.localhost:4010',
      '[::1]:4010',
      '192.168.1.20:4010',
    ]) {
      expect((await get('/inbox', host)).status, host).toBe(200);
      expect((await get('/__control/sms', host)).status, host).toBe(200);
    }
  });

  it('answers the names it is given (serve --allowed-hosts), case-insensitively', async () => {
    const { get } = await demoServer(['Mock.Example']);
    expect((await get('/inbox', 'mock.example')).status).toBe(200);
    expect((await get('/__control/sms', 'MOCK.EXAMPLE:8080')).status).toBe(200);
    expect((await get('/inbox', 'other.example')).status).toBe(421);
  });

  it('leaves /api, /health and the docs alone (they answer any Host)', async () => {
    const { get } = await demoServer();
    expect((await get('/health', 'evil.example')).status).not.toBe(421);
    const api = await get('/api/verifications/%2B380501112233', 'evil.example');
    expect(api.status).not.toBe(421);
  });
});
