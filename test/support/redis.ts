import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from '@redis/client';
import { describe } from 'vitest';
import type { RedisClient } from '../../src/reference-impl/store/redis-store.js';
import { freePort, type Spawned, spawnCollected, waitFor } from './child-process.js';

/**
 * A real `redis-server` (Debian's package; .ci/run installs it) for the tests of the Redis store
 * and the replicas, on a free loopback port, started and stopped by the tests.
 */

/** Whether `redis-server` is on the PATH. */
export const hasRedisServer = spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0;

/**
 * `describe` when redis-server is installed or under CI (CI=true: a missing server must fail the
 * run, not skip it, so the start below throws); `describe.skip` on a machine without it.
 */
export const describeWithRedis = describe.skipIf(!hasRedisServer && process.env.CI !== 'true');

export interface RedisServer {
  readonly port: number;
  /** `redis://127.0.0.1:<port>/<db>`. */
  url(db?: number): string;
  /** SIGKILL: the connection drops as in a crash. */
  kill(): Promise<void>;
  /** Starts it again on the same port (with the data it had when `persist` is on). */
  restart(): Promise<void>;
  /** Stops it and removes its directory. */
  stop(): Promise<void>;
}

/**
 * Starts redis-server on a free 127.0.0.1 port. No RDB snapshots; `persist` turns the append-only
 * file on (fsync on every write) so that a kill and a restart keep every acknowledged write, as a
 * production Redis configured for durability would.
 */
export async function startRedis(options: { readonly persist?: boolean } = {}): Promise<RedisServer> {
  if (!hasRedisServer)
    throw new Error('redis-server is not installed (apt-get install redis-server; .ci/run does it)');
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'eok-redis-'));
  const args = [
    '--port',
    String(port),
    '--bind',
    '127.0.0.1',
    '--save',
    '',
    '--dir',
    dir,
    ...(options.persist === true
      ? ['--appendonly', 'yes', '--appendfsync', 'always']
      : ['--appendonly', 'no']),
  ];
  let server: Spawned | undefined;
  const start = async () => {
    const spawned = spawnCollected('redis-server', args);
    server = spawned;
    await waitFor(spawned, () => spawned.output().includes('Ready to accept connections'), 20_000);
  };
  const kill = async () => {
    const child = server?.child;
    if (child === undefined || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGKILL');
    await exited;
  };
  await start();
  return {
    port,
    url: (db = 0) => `redis://127.0.0.1:${port}/${db}`,
    kill,
    restart: start,
    stop: async () => {
      await server?.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * A client of `server` made as the kit's own connections are (redis-connect.ts: the offline queue
 * off, so a call while Redis is down rejects at once). Its connection errors are not logged: the
 * tests look at the calls' rejections.
 */
export async function redisClient(server: RedisServer): Promise<RedisClient> {
  const client: RedisClient = createClient({ url: server.url(), disableOfflineQueue: true });
  client.on('error', () => {});
  await client.connect();
  return client;
}
