import { ErrorReply } from '@redis/client';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { StoreClosedError, StoreUnavailableError } from '../../../src/reference-impl/domain/store.js';
import { connectRedis } from '../../../src/reference-impl/store/redis-connect.js';
import { type RedisClient, RedisStore, redisKeys } from '../../../src/reference-impl/store/redis-store.js';
import { describeWithRedis, type RedisServer, redisClient, startRedis } from '../../support/redis.js';
import { BASE, CONCURRENT_UPDATES, describeStoreContract, record } from '../../support/store-contract.js';

/** The Redis store (issue 17) against a real redis-server: the whole store contract, and what only it has. */

let redis: RedisServer;
let stores = 0;

const client = (): Promise<RedisClient> => redisClient(redis);

/** A store on its own key prefix, so each check starts empty on the one server. */
async function freshStore(outboxLimit: number, prefix = `contract-${++stores}:`): Promise<RedisStore> {
  return new RedisStore({ client: await client(), outboxLimit, keys: redisKeys(prefix) });
}

const PHONE = '+380501234567';

describeWithRedis('RedisStore', () => {
  beforeAll(async () => {
    redis = await startRedis();
  }, 30_000);
  afterAll(() => redis?.stop());

  describeStoreContract('RedisStore', ({ outboxLimit }) => freshStore(outboxLimit));

  describe('beyond the contract', () => {
    it('two stores (two connections, as two replicas) on one phone: 1,000 increments stay exact', async () => {
      const prefix = `two-${++stores}:`;
      const [a, b] = [await freshStore(10, prefix), await freshStore(10, prefix)];
      try {
        const seen = await Promise.all(
          Array.from({ length: CONCURRENT_UPDATES }, (_, i) =>
            (i % 2 === 0 ? a : b).updatePhone(PHONE, (current) => {
              const before = current?.attempts ?? 0;
              return { next: record({ attempts: before + 1 }), result: before };
            }),
          ),
        );
        expect([...seen].sort((x, y) => x - y)).toEqual(
          Array.from({ length: CONCURRENT_UPDATES }, (_, i) => i),
        );
        expect((await a.getPhone(PHONE))?.attempts).toBe(CONCURRENT_UPDATES);
        expect((await b.getPhone(PHONE))?.attempts).toBe(CONCURRENT_UPDATES);
      } finally {
        await Promise.all([a.close(), b.close()]);
      }
    });

    it('a record expires by key expiry at its keepUntil, unless the wall clock has passed it (then only the sweep)', async () => {
      const prefix = `expiry-${++stores}:`;
      const keys = redisKeys(prefix);
      const store = await freshStore(10, prefix);
      const raw = await client();
      try {
        const keepUntil = Date.now() + 3_600_000;
        await store.updatePhone(PHONE, () => ({ next: record({ keepUntil }), result: 0 }));
        expect(await raw.sendCommand(['PEXPIRETIME', keys.phone(PHONE)])).toBe(keepUntil);
        // A test clock in the past: Redis must not expire the record by its own clock.
        const past = Date.parse('2025-03-01T10:00:00.000Z');
        await store.updatePhone('+380500000001', () => ({ next: record({ keepUntil: past }), result: 0 }));
        expect(await raw.sendCommand(['PEXPIRETIME', keys.phone('+380500000001')])).toBe(-1);
        expect(await store.getPhone('+380500000001')).toBeDefined();
        expect(await store.sweep(past)).toBe(1);
        expect(await store.getPhone('+380500000001')).toBeUndefined();
        expect(await store.getPhone(PHONE)).toBeDefined();
      } finally {
        await store.close();
        await raw.close();
      }
    });

    it('inside one store the calls for one phone queue up: decide runs once per call, also for calls that join a running queue', async () => {
      const store = await freshStore(10);
      try {
        let runs = 0;
        const increment = () =>
          store.updatePhone(PHONE, (current) => {
            runs++;
            return { next: record({ attempts: (current?.attempts ?? 0) + 1 }), result: 0 };
          });
        const first = Array.from({ length: 50 }, increment);
        await first[0];
        // The queue's head is done, 49 still wait: these 50 join behind them, not beside them.
        const second = Array.from({ length: 50 }, increment);
        await first[1];
        const third = Array.from({ length: 50 }, increment);
        await Promise.all([...first, ...second, ...third]);
        expect((await store.getPhone(PHONE))?.attempts).toBe(150);
        // No conflict in one process: a conflict would run decide again.
        expect(runs).toBe(150);
      } finally {
        await store.close();
      }
    });

    it('an error Redis answers (here a key of the wrong type) passes on as it is, not as store_unavailable', async () => {
      const prefix = `wrong-type-${++stores}:`;
      const store = await freshStore(10, prefix);
      const raw = await client();
      try {
        await raw.set(redisKeys(prefix).outbox, 'not a list');
        const failure = store.appendSms({ phoneNumber: PHONE, code: '1', text: 't', sentAt: 1 });
        await expect(failure).rejects.toBeInstanceOf(ErrorReply);
        await expect(failure).rejects.not.toBeInstanceOf(StoreUnavailableError);
        await expect(store.listSms()).rejects.toThrow(/WRONGTYPE/);
      } finally {
        await store.close();
        await raw.close();
      }
    });

    it('two key prefixes on one server share nothing: every key carries its prefix, a reset touches only its own', async () => {
      const [pa, pb] = [`apart-a-${++stores}:`, `apart-b-${++stores}:`];
      const [a, b] = [await freshStore(10, pa), await freshStore(10, pb)];
      const raw = await client();
      try {
        await a.updatePhone(PHONE, () => ({ next: record(), result: 0 }));
        await a.addVerifiedPhone(PHONE);
        await a.putPersonRequest({
          id: 'pr-1',
          status: 'NEW',
          authenticationMethods: [],
          documents: [],
          uploads: [],
        });
        const request = {
          kind: 'declaration_request',
          id: 'r-1',
          status: 'NEW',
          method: { type: 'OTP' as const, phoneNumber: PHONE },
          data: {},
          insertedAt: BASE,
          updatedAt: BASE,
        };
        await a.putRequest(request);
        await a.putPerson({ id: 'p-1' });
        await a.putToken({ token: 't-1', clientId: 'c-1', scopes: [] });
        await a.putClientSecret('c-1', 's');
        await a.appendSms({ phoneNumber: PHONE, code: '1', text: 't', sentAt: 1 });
        const keys = (await raw.keys('apart-*')).sort();
        expect(keys.length).toBeGreaterThanOrEqual(10);
        expect(keys.filter((key) => !key.startsWith(pa))).toEqual([]);

        expect(await b.getPhone(PHONE)).toBeUndefined();
        expect(await b.isVerifiedPhone(PHONE)).toBe(false);
        expect(await b.getPersonRequest('pr-1')).toBeUndefined();
        expect(await b.listPersonRequests()).toEqual([]);
        expect(await b.getRequest('declaration_request', 'r-1')).toBeUndefined();
        expect(await b.listRequests('declaration_request')).toEqual([]);
        expect(await b.getPerson('p-1')).toBeUndefined();
        expect(await b.getToken('t-1')).toBeUndefined();
        expect(await b.getClientSecret('c-1')).toBeUndefined();
        expect(await b.listSms()).toEqual([]);
        expect(await b.size()).toEqual({ phones: 0, verifiedPhones: 0, personRequests: 0, sms: 0 });

        await b.reset();
        expect((await raw.keys('apart-*')).sort()).toEqual(keys);
        await a.reset();
        expect(await raw.keys(`${pa}*`)).toEqual([]);
      } finally {
        await Promise.all([a.close(), b.close(), raw.close()]);
      }
    });

    it('close() closes the client it was given when no release is', async () => {
      const c = await client();
      const store = new RedisStore({ client: c, outboxLimit: 1, keys: redisKeys(`own-${++stores}:`) });
      await store.getPhone(PHONE);
      await store.close();
      expect(c.isOpen).toBe(false);
    });

    it('a keepUntil of exactly now gets no key expiry: the record stays until the sweep', async () => {
      const store = await freshStore(10);
      const now = Date.now();
      const clock = vi.spyOn(Date, 'now').mockReturnValue(now);
      try {
        await store.updatePhone(PHONE, () => ({ next: record({ keepUntil: now }), result: 0 }));
      } finally {
        clock.mockRestore();
      }
      try {
        expect(await store.getPhone(PHONE)).toBeDefined();
        expect(await store.sweep(now)).toBe(1);
      } finally {
        await store.close();
      }
    });

    it('sweeps more records than one script batch', async () => {
      const store = await freshStore(10);
      try {
        const phones = Array.from({ length: 2_500 }, (_, i) => `+38050${String(i).padStart(7, '0')}`);
        await Promise.all(
          phones.map((phone, i) =>
            store.updatePhone(phone, () => ({ next: record({ keepUntil: BASE + i }), result: 0 })),
          ),
        );
        expect(await store.sweep(BASE + 2_199)).toBe(2_200);
        expect((await store.size()).phones).toBe(300);
        expect(await store.getPhone(phones[2_200] ?? '')).toBeDefined();
      } finally {
        await store.close();
      }
    });
  });
});

describeWithRedis('RedisStore when Redis goes away', () => {
  let server: RedisServer;
  beforeAll(async () => {
    server = await startRedis({ persist: true });
  }, 30_000);
  afterAll(() => server?.stop());

  it('rejects with StoreUnavailableError while Redis is down, applies nothing, and works again once it is back', async () => {
    const status: string[] = [];
    const shared = await connectRedis(server.url(3), {
      outboxLimit: 10,
      onStatus: (line) => status.push(line),
      onFault: () => {},
    });
    const { store, clock } = shared;
    try {
      await store.updatePhone(PHONE, () => ({ next: record({ attempts: 1 }), result: 0 }));
      await clock.move(60);
      await server.kill();
      let ran = 0;
      await expect(
        store.updatePhone(PHONE, (current) => {
          ran++;
          return { next: record({ attempts: (current?.attempts ?? 0) + 1 }), result: 0 };
        }),
      ).rejects.toBeInstanceOf(StoreUnavailableError);
      expect(ran).toBe(0); // the read failed: decide never saw a record to build on
      const down = await store.appendSms({ phoneNumber: PHONE, code: '1', text: 't', sentAt: 1 }).then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(down).toBeInstanceOf(StoreUnavailableError);
      // The client's own error stays the cause, for the operator's log of the 503.
      expect((down as StoreUnavailableError).cause).toBeInstanceOf(Error);
      await expect(clock.refresh?.()).rejects.toBeInstanceOf(StoreUnavailableError);
      await expect(store.sweep(Date.now())).rejects.toBeInstanceOf(StoreUnavailableError);

      await server.restart();
      // The client reconnects by itself (backoff up to 2 s); wait until a call goes through.
      const deadline = Date.now() + 20_000;
      for (;;) {
        try {
          await store.getPhone(PHONE);
          break;
        } catch (error) {
          expect(error).toBeInstanceOf(StoreUnavailableError);
          if (Date.now() > deadline) throw error;
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      }
      // Nothing was lost (append-only file) and nothing of the failed calls was applied.
      expect((await store.getPhone(PHONE))?.attempts).toBe(1);
      expect(await store.listSms()).toEqual([]);
      const before = clock.now();
      await clock.refresh?.();
      expect(clock.now()).toBeGreaterThanOrEqual(before);
      expect(status.join('')).toMatch(
        /lost the \w+ connection[\s\S]*connected to redis:\/\/127\.0\.0\.1:\d+\/3 again/,
      );
      // One line per change, not per connection or per failed retry: losses and returns alternate
      // (two connections dropped at once and retried several times above).
      const kinds = status.map((line) => (line.includes(' lost the ') ? 'lost' : 'back'));
      expect(kinds.length % 2).toBe(0);
      expect(kinds).toEqual(kinds.map((_, i) => (i % 2 === 0 ? 'lost' : 'back')));
    } finally {
      await store.close();
    }
    await expect(store.getPhone(PHONE)).rejects.toBeInstanceOf(StoreClosedError);
  }, 60_000);

  it('connectRedis fails at once with the URL and the cause when nothing listens', async () => {
    const { freePort } = await import('../../support/child-process.js');
    const url = `redis://127.0.0.1:${await freePort()}/0`;
    await expect(
      connectRedis(url, { outboxLimit: 1, onStatus: () => {}, onFault: () => {} }),
    ).rejects.toThrow(
      new RegExp(`--store ${url.replaceAll('/', '\\/')}: cannot connect to Redis \\(.*ECONNREFUSED`),
    );
  });
});
