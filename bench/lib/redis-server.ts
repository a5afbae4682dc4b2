import { spawn, spawnSync } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort } from './child-server.js';

/**
 * Debian's `redis-server` for the `redis` throughput target, on a free loopback port, without
 * persistence (`--save ''`, no AOF): the bench measures the store's round trips, not the disk.
 * The tests have their own starter (test/support/redis.ts); the bench keeps its code in bench/.
 */
export interface BenchRedis {
  readonly port: number;
  readonly pid: number;
  readonly url: string;
  stop(): Promise<void>;
}

/** Why the `redis` target cannot run here, or undefined when redis-server is on the PATH. */
export function redisMissing(): string | undefined {
  return spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0
    ? undefined
    : 'redis-server is not installed (apt-get install redis-server)';
}

export async function startBenchRedis(readyTimeoutMs = 20_000): Promise<BenchRedis> {
  const port = await freePort();
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'];
  const child = spawn('redis-server', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-4000);
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const deadline = Date.now() + readyTimeoutMs;
  while (!output.includes('Ready to accept connections')) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`redis-server exited before it was ready (code ${child.exitCode}):\n${output}`);
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`redis-server not ready within ${readyTimeoutMs} ms:\n${output}`);
    }
    await sleep(50);
  }
  const pid = child.pid;
  if (pid === undefined) throw new Error('redis-server has no pid');
  return {
    port,
    pid,
    url: `redis://127.0.0.1:${port}/0`,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(killer);
    },
  };
}
