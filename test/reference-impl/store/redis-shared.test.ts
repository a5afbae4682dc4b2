import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sms } from '../../../src/reference-impl/domain/models.js';
import { StoreClosedError, StoreFullError } from '../../../src/reference-impl/domain/store.js';
import {
  connectRedis,
  redisDatabaseOf,
  safeRedisUrl,
} from '../../../src/reference-impl/store/redis-connect.js';
import { RedisClockOffset, RedisSmsFanOut } from '../../../src/reference-impl/store/redis-shared.js';
import type { RedisClient } from '../../../src/reference-impl/store/redis-store.js';
import { describeWithRedis, type RedisServer, redisClient, startRedis } from '../../support/redis.js';
import { record } from '../../support/store-contract.js';

/**
 * What the replicas share over Redis besides the store (store/redis-shared.ts, redis-connect.ts),
 * in process against a real redis-server: the clock offset, the SMS fan-out between replicas, and
 * what connectRedis wires up. test/replicas covers the same through `serve` child processes,
 * which no in-process check (and no mutant) reaches.
 */

let redis: RedisServer;
let channels = 0;
const opened: RedisClient[] = [];

async function client(): Promise<RedisClient> {
  const c = await redisClient(redis);
  opened.push(c);
  return c;
}

const sms = (n: number): Sms => ({
  phoneNumber: '+380501234567',
  code: String(n),
  text: `code ${n}`,
  sentAt: n,
});

/** Resolves with what `deliver` was called with once it has `count` entries. */
function collector(count: number): {
  readonly seen: Sms[];
  readonly done: Promise<Sms[]>;
  deliver(s: Sms): void;
} {
  const seen: Sms[] = [];
  let resolve: (value: Sms[]) => void = () => {};
  const done = new Promise<Sms[]>((r) => {
    resolve = r;
  });
  return {
    seen,
    done,
    deliver(s) {
      seen.push(s);
      if (seen.length >= count) resolve(seen);
    },
  };
}

async function fanOut(channel: string, onFault: (error: unknown) => void = () => {}) {
  const publisher = await client();
  return {
    publisher,
    fanOut: await RedisSmsFanOut.start({ publisher, subscriber: await client(), channel, onFault }),
  };
}

describeWithRedis('what replicas share over Redis', () => {
  beforeAll(async () => {
    redis = await startRedis();
  }, 30_000);
  afterAll(async () => {
    for (const c of opened) if (c.isOpen) c.destroy();
    await redis?.stop();
  });

  describe('RedisClockOffset', () => {
    it('reads 0 before any move, and the sum of every add from any connection after', async () => {
      const key = `offset-${++channels}`;
      const [a, b] = [new RedisClockOffset(await client(), key), new RedisClockOffset(await client(), key)];
      expect(await a.read()).toBe(0);
      expect(await a.add(60_000)).toBe(60_000);
      expect(await b.add(1_500)).toBe(61_500);
      expect(await a.read()).toBe(61_500);
      expect(await b.read()).toBe(61_500);
    });

    it('rounds a fractional move to whole milliseconds (INCRBY takes integers only)', async () => {
      const offset = new RedisClockOffset(await client(), `offset-${++channels}`);
      expect(await offset.add(1_000.6)).toBe(1_001);
      expect(await offset.add(0.4)).toBe(1_001);
      expect(await offset.read()).toBe(1_001);
    });
  });

  describe('RedisSmsFanOut', () => {
    it('delivers what one replica publishes to every listener of the others, and not back to itself', async () => {
      const channel = `sms-${++channels}`;
      const a = await fanOut(channel);
      const b = await fanOut(channel);
      const [b1, b2, own] = [collector(3), collector(3), collector(1)];
      b.fanOut.subscribe(b1.deliver);
      b.fanOut.subscribe(b2.deliver);
      a.fanOut.subscribe(own.deliver);
      a.fanOut.publish(sms(1));
      a.fanOut.publish(sms(2));
      // On a's publishing connection after its two: Redis delivers one connection's messages in
      // order, so once this marker (from no replica) arrives, a's own two would have too.
      await a.publisher.publish(channel, JSON.stringify({ from: 'someone else', sms: sms(3) }));
      expect(await b1.done).toEqual([sms(1), sms(2), sms(3)]);
      expect(await b2.done).toEqual([sms(1), sms(2), sms(3)]);
      expect(await own.done).toEqual([sms(3)]);
    });

    it('reports a message that is not JSON to onFault and delivers nothing for it', async () => {
      const channel = `sms-${++channels}`;
      const faults: unknown[] = [];
      const b = await fanOut(channel, (error) => faults.push(error));
      const got = collector(1);
      b.fanOut.subscribe(got.deliver);
      const raw = await client();
      await raw.publish(channel, 'not json');
      await raw.publish(channel, JSON.stringify({ from: 'x', sms: sms(4) }));
      expect(await got.done).toEqual([sms(4)]);
      expect(faults).toHaveLength(1);
      expect(faults[0]).toBeInstanceOf(SyntaxError);
    });

    it('reports a publish that fails to onFault instead of throwing', async () => {
      const faults: unknown[] = [];
      const a = await fanOut(`sms-${++channels}`, (error) => faults.push(error));
      a.publisher.destroy();
      expect(() => a.fanOut.publish(sms(5))).not.toThrow();
      await expect.poll(() => faults.length).toBe(1);
      expect(faults[0]).toBeInstanceOf(Error);
    });
  });

  describe('connectRedis', () => {
    it('logs nothing while connected; shares the clock offset, the outbox, the phone bound and the SMS channel', async () => {
      const status: string[] = [];
      const options = { outboxLimit: 2, phoneLimit: 1, onStatus: (line: string) => status.push(line) };
      const faults: unknown[] = [];
      const one = await connectRedis(redis.url(5), { ...options, onFault: (e) => faults.push(e) });
      const two = await connectRedis(redis.url(5), { ...options, onFault: (e) => faults.push(e) });
      try {
        await one.store.reset();
        // The clock: a move on one replica holds on the other from its next refresh.
        const before = two.clock.now();
        await one.clock.move(3_600);
        await two.clock.refresh?.();
        expect(two.clock.now() - before).toBeGreaterThanOrEqual(3_600_000);
        // The phone bound (phoneLimit) counted across both.
        await one.store.updatePhone('+380500000001', () => ({ next: record(), result: 0 }));
        await expect(
          two.store.updatePhone('+380500000002', () => ({ next: record(), result: 0 })),
        ).rejects.toBeInstanceOf(StoreFullError);
        // The outbox limit.
        for (const n of [1, 2, 3]) await one.store.appendSms(sms(n));
        expect(await two.store.listSms()).toEqual([sms(3), sms(2)]);
        // The SMS channel.
        const got = collector(1);
        two.smsFanOut.subscribe(got.deliver);
        one.smsFanOut.publish(sms(9));
        expect(await got.done).toEqual([sms(9)]);
        expect(status).toEqual([]);
        expect(faults).toEqual([]);
        // Every key it wrote (phone, sweep order, outbox, clock offset) is in the kit's namespace.
        const raw = await client();
        await raw.select(5);
        const keys = await raw.keys('*');
        expect(keys).toEqual(
          expect.arrayContaining(['ehealth-otp-kit:clock-offset', 'ehealth-otp-kit:outbox']),
        );
        expect(keys.filter((key) => !key.startsWith('ehealth-otp-kit:'))).toEqual([]);
      } finally {
        await one.store.reset();
        await Promise.all([one.store.close(), two.store.close()]);
      }
      await expect(one.store.getPhone('+380500000001')).rejects.toBeInstanceOf(StoreClosedError);
    });

    it('keeps the SMS events of two databases of one server apart, as their keys are', async () => {
      const options = { outboxLimit: 2, onStatus: () => {}, onFault: () => {} };
      const connect = (db: number) => connectRedis(redis.url(db), options);
      const [one, eight, nine, twin] = [
        await connect(8),
        await connect(8),
        await connect(9),
        await connect(9),
      ];
      try {
        const onEight = collector(1);
        one.smsFanOut.subscribe(onEight.deliver);
        const onNine = collector(1);
        twin.smsFanOut.subscribe(onNine.deliver);
        nine.smsFanOut.publish(sms(4));
        expect(await onNine.done).toEqual([sms(4)]);
        // Published after sms(4): had both databases shared one channel, `one`'s connection
        // would get sms(4) first (Redis sends a subscriber its messages in publish order).
        eight.smsFanOut.publish(sms(5));
        expect(await onEight.done).toEqual([sms(5)]);
      } finally {
        await Promise.all([one, eight, nine, twin].map((kit) => kit.store.close()));
      }
    });

    it('reads the database of a Redis URL', () => {
      expect(redisDatabaseOf('redis://127.0.0.1:6379/3')).toBe(3);
      expect(redisDatabaseOf('redis://127.0.0.1:6379')).toBe(0);
      expect(redisDatabaseOf('redis://:pw@127.0.0.1:6379/12')).toBe(12);
      expect(redisDatabaseOf('not a url')).toBe(0);
    });

    it('close() lets a reply already asked for arrive, then closes both connections', async () => {
      const raw = await client();
      const inDb = async (db: number) =>
        String(await raw.sendCommand(['CLIENT', 'LIST']))
          .split('\n')
          .filter((line) => line.includes(` db=${db} `)).length;
      const shared = await connectRedis(redis.url(7), {
        outboxLimit: 1,
        onStatus: () => {},
        onFault: () => {},
      });
      await shared.store.updatePhone('+380500000001', () => ({ next: record(), result: 0 }));
      expect(await inDb(7)).toBe(2); // the command connection and the subscriber
      const pending = shared.store.getPhone('+380500000001');
      await shared.store.close();
      expect(await pending).toEqual(record());
      await expect.poll(() => inDb(7)).toBe(0);
    });

    it('without a phone bound takes any number of phones', async () => {
      const shared = await connectRedis(redis.url(6), {
        outboxLimit: 1,
        onStatus: () => {},
        onFault: () => {},
      });
      try {
        for (const n of [1, 2, 3])
          await shared.store.updatePhone(`+38050000000${n}`, () => ({ next: record(), result: 0 }));
        expect(await shared.store.getPhone('+380500000003')).toBeDefined();
        expect(await shared.store.getPhone('+380500000001')).toBeDefined();
      } finally {
        await shared.store.reset();
        await shared.store.close();
      }
    });
  });

  it('safeRedisUrl masks the password, and only the password', () => {
    expect(safeRedisUrl('redis://user:s3cret@127.0.0.1:6379/0')).toBe('redis://user:***@127.0.0.1:6379/0');
    expect(safeRedisUrl('redis://:s3cret@127.0.0.1:6379')).toBe('redis://:***@127.0.0.1:6379');
    expect(safeRedisUrl('rediss://127.0.0.1:6379/2')).toBe('rediss://127.0.0.1:6379/2');
    expect(safeRedisUrl('redis://user@127.0.0.1:6379')).toBe('redis://user@127.0.0.1:6379');
  });
});

describeWithRedis('connectRedis when Redis goes away', () => {
  let server: RedisServer;
  beforeAll(async () => {
    server = await startRedis();
  }, 30_000);
  afterAll(() => server?.stop());

  it('logs the loss once, with the masked URL and the cause, and close() still returns while it is down', async () => {
    const status: string[] = [];
    const url = server.url(2);
    const { store } = await connectRedis(url, {
      outboxLimit: 1,
      onStatus: (line) => status.push(line),
      onFault: () => {},
    });
    await store.getPhone('+380500000001');
    expect(status).toEqual([]);
    await server.kill();
    await expect.poll(() => status.length).toBeGreaterThan(0);
    expect(status[0]).toMatch(
      new RegExp(
        `^redis: lost the (command|subscriber) connection to ${url.replaceAll('/', '\\/')} \\(.+\\); answering 503 store_unavailable until it is back\\n$`,
      ),
    );
    // Both connections dropped, and the client keeps retrying: still one line.
    await expect(store.getPhone('+380500000001')).rejects.toThrow();
    expect(status).toHaveLength(1);
    // close() must not wait for a Redis that is not there (a connection that is down is destroyed).
    await store.close();
    await expect(store.getPhone('+380500000001')).rejects.toBeInstanceOf(StoreClosedError);
    expect(status).toHaveLength(1);
  });
});
