import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkResponse } from '../../src/contract/validators.js';
import { seedDemo } from '../../src/reference-impl/demo.js';
import type { Store, StoreStats } from '../../src/reference-impl/domain/store.js';
import { createEngine } from '../../src/reference-impl/engine.js';
import { defaultSettings } from '../../src/reference-impl/settings.js';
import { MemoryStore } from '../../src/reference-impl/store/memory-store.js';
import { type RedisClient, RedisStore, redisKeys } from '../../src/reference-impl/store/redis-store.js';
import { describeWithRedis, type RedisServer, redisClient, startRedis } from '../support/redis.js';
import { api } from './support/api.js';

/**
 * Issue 18: "no global bound on phone records (1.23 M phones in 48 s from one client, RSS still
 * rising)". `maxPhones` (serve --max-phones) bounds them: an initialize for a phone beyond it
 * answers 503 phone_records_full in the envelope and stores nothing; phones already held keep
 * working; expiry and reset make room again.
 *
 * Checked to fail without the fix: with the `size >= phoneLimit` check of MemoryStore.updatePhone
 * (and the -1 of the Redis script) removed, the fourth phone answers 200 and the store holds 4.
 */
const LIMIT = 3;
const phone = (i: number) => `+38050900${String(i).padStart(4, '0')}`;

async function boundTo(make: (limit: number) => Promise<Store & StoreStats>) {
  const store = await make(LIMIT);
  const engine = createEngine({ settings: { maxPhones: LIMIT }, controlToken: 'ctl', store });
  await seedDemo(engine);
  return { engine, store, call: api(engine) };
}

function describeBound(name: string, make: (limit: number) => Promise<Store & StoreStats>) {
  describe(`${name}: maxPhones`, () => {
    it('answers 503 phone_records_full for a new phone past the bound, in the envelope the spec declares', async () => {
      const { store, call } = await boundTo(make);
      for (let i = 0; i < LIMIT; i++) expect((await call.initialize(phone(i))).status).toBe(200);
      const refused = await call.initialize(phone(LIMIT));
      expect(refused.status).toBe(503);
      expect(refused.json.error?.type).toBe('service_unavailable');
      expect(refused.json.error?.message).toContain('--max-phones');
      expect((refused.json.meta as { code?: number }).code).toBe(503);
      expect(checkResponse('initializeVerification', 503, refused.json)).toEqual({ ok: true });
      // Nothing stored, nothing sent for the refused phone.
      expect((await store.size()).phones).toBe(LIMIT);
      expect(await call.codes(phone(LIMIT))).toEqual([]);
    });

    it('keeps serving the phones it holds: a second initialize and a complete still work', async () => {
      const { call } = await boundTo(make);
      for (let i = 0; i < LIMIT; i++) expect((await call.initialize(phone(i))).status).toBe(200);
      expect((await call.initialize(phone(0))).status).toBe(200);
      const [code] = await call.codes(phone(0));
      expect((await call.complete(phone(0), code ?? 0)).status).toBe(200);
    });

    it('at the bound, a complete for a phone it does not hold still answers 404 (nothing to add, nothing refused)', async () => {
      const { call } = await boundTo(make);
      for (let i = 0; i < LIMIT; i++) expect((await call.initialize(phone(i))).status).toBe(200);
      expect((await call.complete(phone(LIMIT), 1234)).status).toBe(404);
    });

    it('makes room once records expire (clock moved past retention) and after reset', async () => {
      const { engine, store, call } = await boundTo(make);
      for (let i = 0; i < LIMIT; i++) expect((await call.initialize(phone(i))).status).toBe(200);
      expect((await call.initialize(phone(LIMIT))).status).toBe(503);
      const past = defaultSettings.codeLifetimeSeconds + defaultSettings.expiredRetentionSeconds + 1;
      await engine.control.advanceClock(past);
      expect((await call.initialize(phone(LIMIT))).status).toBe(200);
      expect((await store.size()).phones).toBe(1);
      for (let i = 0; i < LIMIT - 1; i++) expect((await call.initialize(phone(i))).status).toBe(200);
      expect((await call.initialize(phone(LIMIT + 1))).status).toBe(503);
      await engine.control.reset();
      await seedDemo(engine);
      expect((await call.initialize(phone(LIMIT + 1))).status).toBe(200);
    });

    it('100 concurrent initializes of new phones: exactly the bound is stored, the rest answer 503', async () => {
      const { store, call } = await boundTo(make);
      const statuses = await Promise.all(Array.from({ length: 100 }, (_, i) => call.initialize(phone(i))));
      const counts = statuses.reduce<Record<number, number>>((n, r) => {
        n[r.status] = (n[r.status] ?? 0) + 1;
        return n;
      }, {});
      expect(counts).toEqual({ 200: LIMIT, 503: 100 - LIMIT });
      expect((await store.size()).phones).toBe(LIMIT);
    });
  });
}

describeBound('MemoryStore', async (limit) => new MemoryStore(defaultSettings.outboxLimit, limit));

describe('the default', () => {
  it('is 100,000 phone records, and the engine builds its memory store with it', async () => {
    expect(defaultSettings.maxPhones).toBe(100_000);
    const engine = createEngine({ settings: { maxPhones: 1 } });
    await seedDemo(engine);
    const call = api(engine);
    expect((await call.initialize(phone(0))).status).toBe(200);
    expect((await call.initialize(phone(1))).status).toBe(503);
  });
});

let redis: RedisServer;
let prefixes = 0;
const clients: RedisClient[] = [];

describeWithRedis('on Redis', () => {
  beforeAll(async () => {
    redis = await startRedis();
  }, 30_000);
  afterAll(async () => {
    for (const c of clients) await c.close();
    await redis?.stop();
  });
  describeBound('RedisStore', async (limit) => {
    const client = await redisClient(redis);
    clients.push(client);
    return new RedisStore({
      client,
      outboxLimit: defaultSettings.outboxLimit,
      phoneLimit: limit,
      keys: redisKeys(`bound-${++prefixes}:`),
      release: async () => {},
    });
  });
});
