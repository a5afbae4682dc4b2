import { createClient } from '@redis/client';
import { AdjustableClock } from '../clock.js';
import type { EngineOptions } from '../engine.js';
import { RedisClockOffset, RedisSmsFanOut } from './redis-shared.js';
import { type RedisClient, RedisStore, redisKeys } from './redis-store.js';

/** What `serve --store redis://…` hands the engine: the store, a clock sharing its offset, the SMS fan-out. */
export type SharedEngineOptions = Required<Pick<EngineOptions, 'store' | 'clock' | 'smsFanOut'>>;

export interface RedisConnectOptions {
  readonly outboxLimit: number;
  /** `Settings.maxPhones`. */
  readonly phoneLimit?: number;
  /** One line per change of the connection (lost, back): an outage is logged once, not per request. */
  readonly onStatus: (line: string) => void;
  /** Failures no request answers for (a failed SMS publish). */
  readonly onFault: (error: unknown) => void;
}

/** Redis cannot be reached at start-up (serve turns it into exit 2). */
export class RedisStartError extends Error {}

/** The URL with any password masked, for messages. */
export function safeRedisUrl(url: string): string {
  return url.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:***@');
}

/**
 * The database a Redis URL selects (`redis://host:port/N`; 0 without a path). Pub/sub channels are
 * server-wide, not per database (Redis docs, "Pub/Sub": "Pub/Sub has no relation to the key space"),
 * so the SMS channel carries it: two kits on databases 1 and 2 of one server must not see each
 * other's SMS events, as they do not see each other's keys.
 */
export function redisDatabaseOf(url: string): number {
  const path = URL.canParse(url) ? new URL(url).pathname.slice(1) : '';
  return /^\d+$/.test(path) ? Number(path) : 0;
}

// Reconnect backoff once serving: 100 ms doubling to 2 s, for ever (recovery without a restart).
const backoff = (retries: number): number => Math.min(100 * 2 ** retries, 2_000);

/**
 * Connects to Redis (node-redis, @redis/client) and builds the shared pieces. Two connections:
 * one for commands (auto-pipelined by node-redis), one subscribed to the SMS channel.
 *
 * The offline queue is off: while the connection is down a command rejects at once (the engine
 * answers 503) instead of waiting in memory for a Redis that may not come back, and a write is
 * never replayed later behind the client's back. Before the first connection there is no retry:
 * a wrong URL or a Redis that is down fails the start with its cause.
 */
export async function connectRedis(url: string, options: RedisConnectOptions): Promise<SharedEngineOptions> {
  const where = safeRedisUrl(url);
  let serving = false;
  let down = false;
  const make = (role: string): RedisClient => {
    const client: RedisClient = createClient({
      url,
      disableOfflineQueue: true,
      socket: {
        connectTimeout: 5_000,
        reconnectStrategy: (retries, cause) => (serving ? backoff(retries) : cause),
      },
    });
    client.on('error', (error: unknown) => {
      if (!serving || down) return;
      down = true;
      const why = error instanceof Error ? error.message : String(error);
      options.onStatus(
        `redis: lost the ${role} connection to ${where} (${why}); answering 503 store_unavailable until it is back\n`,
      );
    });
    client.on('ready', () => {
      if (!down) return;
      down = false;
      options.onStatus(`redis: connected to ${where} again\n`);
    });
    return client;
  };

  const client = make('command');
  const subscriber = make('subscriber');
  try {
    await client.connect();
    await subscriber.connect();
  } catch (error) {
    client.destroy();
    subscriber.destroy();
    const why = error instanceof Error ? error.message || error.name : String(error);
    throw new RedisStartError(`--store ${where}: cannot connect to Redis (${why})`);
  }
  const keys = redisKeys();
  const fanOut = await RedisSmsFanOut.start({
    publisher: client,
    subscriber,
    channel: `${keys.smsChannel}:db${redisDatabaseOf(url)}`,
    onFault: options.onFault,
  });
  serving = true;
  const store = new RedisStore({
    client,
    keys,
    outboxLimit: options.outboxLimit,
    ...(options.phoneLimit === undefined ? {} : { phoneLimit: options.phoneLimit }),
    release: async () => {
      // close() lets pending replies arrive; a connection that is down has none to wait for.
      for (const c of [subscriber, client]) {
        if (c.isReady) await c.close();
        else c.destroy();
      }
    },
  });
  return {
    store,
    clock: new AdjustableClock(Date.now, new RedisClockOffset(client, keys.clockOffset)),
    smsFanOut: fanOut,
  };
}
