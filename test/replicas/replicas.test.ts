import { afterAll, beforeAll, expect, it } from 'vitest';
import { runConformance } from '../../src/conformance/runner/run.js';
import type { FetchLike } from '../../src/conformance/transport.js';
import { catalogueEntry } from '../../src/contract/error-catalogue.js';
import { outputContains, type Serve } from '../cli/support/cli.js';
import { describeWithRedis, type RedisServer, startRedis } from '../support/redis.js';
import { startReplica } from './replica.js';

/**
 * Two `serve --store redis://…` replicas on one real redis-server (issue 17): whatever replica a
 * request lands on, codes, the SMS cap, verified phones, the outbox, the SMS log and the clock
 * are one state. The Redis runs with its append-only file so the kill at the end loses nothing.
 */

const ALL = 'Bearer demo-token-all-scopes';
const CONTROL = 'Bearer demo-control-token';

let redis: RedisServer;
let a: Serve;
let b: Serve;

async function call(s: Serve, method: string, path: string, body?: unknown, auth = ALL) {
  const res = await fetch(`${s.url}${path}`, {
    method,
    headers: { authorization: auth, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

const initialize = (s: Serve, phone: string) =>
  call(s, 'POST', '/api/verifications', { phone_number: phone });
const complete = (s: Serve, phone: string, code: number) =>
  call(s, 'PATCH', `/api/verifications/${encodeURIComponent(phone)}/actions/complete`, { code });

/** The SMS the replica lists for the phone, newest first (GET /__control/sms). */
async function sms(s: Serve, phone: string): Promise<{ code: string; sent_at: string }[]> {
  const res = await call(
    s,
    'GET',
    `/__control/sms?phone_number=${encodeURIComponent(phone)}`,
    undefined,
    CONTROL,
  );
  return res.body.data as { code: string; sent_at: string }[];
}

async function latestCode(s: Serve, phone: string): Promise<number> {
  const [newest] = await sms(s, phone);
  if (newest === undefined) throw new Error(`no SMS for ${phone}`);
  return Number(newest.code);
}

/** Polls until the replica answers a store read again (its client reconnects with a backoff up to 2 s). */
async function untilServing(s: Serve): Promise<void> {
  const deadline = Date.now() + 30_000;
  while ((await call(s, 'GET', '/__control/sms', undefined, CONTROL)).status !== 200) {
    if (Date.now() > deadline) throw new Error(`${s.url} did not recover:\n${s.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describeWithRedis('two serve replicas on one Redis', () => {
  beforeAll(async () => {
    redis = await startRedis({ persist: true });
    const args = ['--store', redis.url(1)];
    [a, b] = await Promise.all([startReplica(args), startReplica(args)]);
  }, 120_000);
  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await redis?.stop();
  });

  it('initialize on one, complete on the other; both see the verified phone', async () => {
    const phone = '+380501110001';
    expect((await initialize(a, phone)).status).toBe(200);
    expect((await complete(b, phone, await latestCode(b, phone))).status).toBe(200);
    const path = `/api/verifications/${encodeURIComponent(phone)}`;
    expect((await call(a, 'GET', path)).status).toBe(200);
    expect((await call(b, 'GET', path)).status).toBe(200);
  });

  it('every SMS reaches the outbox and the demo log line of both replicas', async () => {
    const phone = '+380501110002';
    expect((await initialize(b, phone)).status).toBe(200);
    const code = await latestCode(a, phone);
    // The "sms" line of demo mode, written by the replica that sent it and by the other one
    // from the pub/sub fan-out.
    const line = `sms  ${phone}  "Код авторизації дій в системі eHealth: ${code}"  (code ${code})`;
    await outputContains(b, line);
    await outputContains(a, line);
  });

  it('the SMS cap counts the SMS of both replicas', async () => {
    const phone = '+380501110003';
    // The default cap: 10 SMS per phone per hour.
    for (let n = 0; n < 10; n++)
      expect((await initialize(n % 2 === 0 ? a : b, phone)).status, `SMS ${n + 1}`).toBe(200);
    const refused = await initialize(a, phone);
    const cap = catalogueEntry('sms_cap_reached').status;
    expect(refused.status).toBe(cap);
    expect((await initialize(b, phone)).status).toBe(cap);
    expect(await sms(a, phone)).toHaveLength(10);
  });

  it('1,000 concurrent completes with the right code, alternating replicas: exactly one 200', async () => {
    const phone = '+380501110004';
    expect((await initialize(a, phone)).status).toBe(200);
    const code = await latestCode(b, phone);
    const statuses = await Promise.all(
      Array.from({ length: 1_000 }, (_, i) =>
        complete(i % 2 === 0 ? a : b, phone, code).then((r) => r.status),
      ),
    );
    const counts: Record<number, number> = {};
    for (const status of statuses) counts[status] = (counts[status] ?? 0) + 1;
    expect(counts[200], JSON.stringify(counts)).toBe(1);
    // The rest are the domain's refusals of an already used code, never a fault.
    expect(statuses.filter((s) => s >= 500)).toEqual([]);
  }, 60_000);

  it('a clock move on one replica holds on the other', async () => {
    const phone = '+380501110005';
    expect((await initialize(a, phone)).status).toBe(200);
    const code = await latestCode(a, phone);
    const moved = await call(b, 'POST', '/__control/clock', { advance_seconds: 901 }, CONTROL);
    expect(moved.status).toBe(200);
    const now = Date.parse(String(moved.body.now));
    // The code's 900 s lifetime has passed on the shared clock: replica A refuses it.
    const late = await complete(a, phone, code);
    expect(late.status).toBe(catalogueEntry('verification_expired').status);
    expect(late.body.error).toMatchObject({ message: catalogueEntry('verification_expired').message });
    // And A stamps its next SMS with the moved time.
    expect((await initialize(a, '+380501110006')).status).toBe(200);
    const [sent] = await sms(b, '+380501110006');
    expect(Date.parse(sent?.sent_at ?? '')).toBeGreaterThanOrEqual(now);
  });

  it('passes the conformance suite with its requests alternating between the replicas', async () => {
    let next = 0;
    const replicas = [new URL(a.url), new URL(b.url)];
    // A round-robin balancer in the transport: each request goes to the next replica.
    const roundRobin: FetchLike = (input, init) => {
      const url = new URL(String(input));
      const to = replicas[next++ % replicas.length] as URL;
      url.host = to.host;
      return fetch(url, init);
    };
    const report = await runConformance({
      target: a.url,
      controlToken: 'demo-control-token',
      fetch: roundRobin,
    });
    const problems = report.scenarios
      .filter((r) => r.status !== 'passed')
      .map((r) => `${r.id}: ${r.status}: ${r.reason}`);
    expect(problems).toEqual([]);
    expect(next).toBeGreaterThan(100);
  }, 120_000);

  it('Redis killed mid-run: 503 store_unavailable in the envelope, no crash; back: recovers with nothing lost', async () => {
    const phone = '+380501110007';
    expect((await initialize(a, phone)).status).toBe(200);
    const code = await latestCode(b, phone);
    // A burst of initializes on both replicas, with Redis killed while it runs.
    const burst = Array.from({ length: 300 }, (_, i) => `+38050220${String(i).padStart(4, '0')}`);
    let answered = 0;
    const results = Promise.all(
      burst.map((p, i) =>
        initialize(i % 2 === 0 ? a : b, p).then((r) => {
          answered++;
          return r;
        }),
      ),
    );
    while (answered < 20) await new Promise((resolve) => setTimeout(resolve, 1));
    await redis.kill();
    const during = await results;
    // Each answer is a success or the 503 envelope: never a crash, a hang or a 500.
    expect(during.filter((r) => r.status !== 200 && r.status !== 503)).toEqual([]);

    const down = await initialize(b, '+380501110008');
    const expected = catalogueEntry('store_unavailable');
    expect(down.status).toBe(503);
    expect(down.body.meta).toMatchObject({ code: 503 });
    expect(down.body.error).toEqual({ type: expected.type, message: expected.message });
    expect((await complete(a, phone, code)).status).toBe(503);
    await outputContains(a, /redis: lost the \w+ connection to redis:\/\/127\.0\.0\.1:\d+\/1/);

    await redis.restart();
    await Promise.all([untilServing(a), untilServing(b)]);
    // The code sent before the outage is still there, and completes (once) on the other replica.
    expect((await sms(a, phone)).map((s) => Number(s.code))).toContain(code);
    // No acknowledged write was lost: every initialize answered 200 has its SMS in the outbox.
    const sent = new Set(
      (
        (await call(b, 'GET', '/__control/sms', undefined, CONTROL)).body.data as { phone_number: string }[]
      ).map((s) => s.phone_number),
    );
    const acknowledged = burst.filter((_, i) => during[i]?.status === 200);
    expect(acknowledged.length).toBeGreaterThanOrEqual(20);
    expect(acknowledged.filter((p) => !sent.has(p))).toEqual([]);
    expect((await complete(b, phone, code)).status).toBe(200);
    expect((await initialize(b, '+380501110008')).status).toBe(200);
    await outputContains(a, 'redis: connected to');
    expect(a.child.exitCode).toBeNull();
    expect(b.child.exitCode).toBeNull();
  }, 90_000);
});
