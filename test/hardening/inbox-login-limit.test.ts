import { afterEach, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../../src/reference-impl/adapters/node.js';
import { GUESS_LIMIT } from '../../src/reference-impl/control/token-guesses.js';
import { createEngine } from '../../src/reference-impl/engine.js';
import { createWebPages, inboxAccessFor } from '../../src/web/index.js';

/**
 * Issue 18: "500 wrong inbox logins" went unhindered. Wrong sign-ins (POST /inbox/login and
 * `/inbox?token=`) now count with the control API's wrong tokens, as `serve` wires them
 * (`guesses: engine.control.tokenGuesses`): past GUESS_LIMIT (100) a minute every sign-in and
 * every control call answers 429 with Retry-After, the right token too.
 *
 * Checked to fail without the fix: with the `retryAfter()` check of signIn in inbox-routes.ts
 * removed, the 101st wrong login answers 401 and the right token signs in (303).
 */
const TOKEN = 'the-right-control-token';
let server: RunningServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function tokenServer() {
  const engine = createEngine({ controlToken: TOKEN });
  const web = createWebPages({
    outbox: engine.outbox,
    inbox: inboxAccessFor({ demo: false, controlToken: TOKEN }),
    guesses: engine.control.tokenGuesses,
  });
  server = await startServer({ engine, port: 0, extraRoutes: web.handle });
  const url = server.url;
  const login = (token: string) =>
    fetch(`${url}/inbox/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token }).toString(),
    });
  return { url, login, web };
}

describe('inbox sign-in guesses', () => {
  it(`answers 429 with Retry-After past ${GUESS_LIMIT} wrong sign-ins, the right token too`, async () => {
    const { url, login, web } = await tokenServer();
    for (let i = 0; i < GUESS_LIMIT; i++) expect((await login(`wrong-${i}`)).status).toBe(401);
    const limited = await login('wrong-again');
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect((await login(TOKEN)).status).toBe(429);
    expect((await fetch(`${url}/inbox?token=${TOKEN}`, { redirect: 'manual' })).status).toBe(429);
    web.close();
  });

  it('shares the count with the control API: wrong inbox logins lock the control API too, and the reverse', async () => {
    const { url, login, web } = await tokenServer();
    for (let i = 0; i < GUESS_LIMIT / 2; i++) expect((await login(`wrong-${i}`)).status).toBe(401);
    for (let i = 0; i < GUESS_LIMIT / 2; i++) {
      const res = await fetch(`${url}/__control/sms`, { headers: { authorization: `Bearer wrong-${i}` } });
      expect(res.status).toBe(401);
    }
    const control = await fetch(`${url}/__control/sms`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(control.status).toBe(429);
    expect((await login(TOKEN)).status).toBe(429);
    web.close();
  });

  it('a right sign-in under the limit works and is not counted', async () => {
    const { login, web } = await tokenServer();
    for (let i = 0; i < GUESS_LIMIT - 1; i++) expect((await login(`wrong-${i}`)).status).toBe(401);
    expect((await login(TOKEN)).status).toBe(303);
    expect((await login(TOKEN)).status).toBe(303);
    web.close();
  });
});
