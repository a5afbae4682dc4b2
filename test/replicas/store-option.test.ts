import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanEnv, runCli, type Serve } from '../cli/support/cli.js';
import { freePort } from '../support/child-process.js';
import { describeWithRedis, type RedisServer, startRedis } from '../support/redis.js';
import { startReplica } from './replica.js';

/** `serve --store`: its three sources, its usage errors, and a Redis that is down at start or at shutdown. */

describe('serve --store, before anything connects', () => {
  it('refuses a value that is neither memory nor a Redis URL (exit 2)', async () => {
    const result = await runCli(['serve', '--store', 'mysql://127.0.0.1/db']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('must be "memory" or a Redis URL like redis://127.0.0.1:6379/0');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('a Redis that is down at start is a clear error and exit 2, no stack trace', async () => {
    const url = `redis://127.0.0.1:${await freePort()}/0`;
    const result = await runCli(['serve', '--port', '0', '--store', url]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`--store ${url}: cannot connect to Redis (`);
    expect(result.stderr).toContain('ECONNREFUSED');
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(result.stdout).not.toContain('listening on');
  });

  it('masks a password in the message', async () => {
    const url = `redis://user:s3cret@127.0.0.1:${await freePort()}/0`;
    const result = await runCli(['serve', '--port', '0', '--store', url]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('redis://user:***@127.0.0.1');
    expect(result.stderr).not.toContain('s3cret');
  });
});

describeWithRedis('serve --store from the environment and the config file', () => {
  let redis: RedisServer;
  let dir: string;
  let fromEnv: Serve | undefined;
  let fromConfig: Serve | undefined;
  beforeAll(async () => {
    redis = await startRedis();
    dir = mkdtempSync(join(tmpdir(), 'eok-store-'));
  }, 30_000);
  afterAll(async () => {
    await Promise.all([fromEnv?.stop(), fromConfig?.stop()]);
    await redis?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('EHEALTH_OTP_KIT_STORE and the config key "store" share one state; SIGTERM closes it with Redis gone', async () => {
    const config = join(dir, 'serve.yaml');
    writeFileSync(config, `store: ${redis.url(2)}\n`);
    [fromEnv, fromConfig] = await Promise.all([
      startReplica([], cleanEnv({ EHEALTH_OTP_KIT_STORE: redis.url(2) })),
      startReplica(['--config', config]),
    ]);
    expect(fromEnv.output()).toContain(`store: ${redis.url(2)}, shared with every replica on it`);
    const phone = '+380501230001';
    const res = await fetch(`${fromEnv.url}/api/verifications`, {
      method: 'POST',
      headers: { authorization: 'Bearer demo-token-all-scopes', 'content-type': 'application/json' },
      body: JSON.stringify({ phone_number: phone }),
    });
    expect(res.status).toBe(200);
    const listed = await fetch(`${fromConfig.url}/__control/sms?phone_number=${encodeURIComponent(phone)}`, {
      headers: { authorization: 'Bearer demo-control-token' },
    });
    expect(((await listed.json()) as { data: unknown[] }).data).toHaveLength(1);

    // Shutdown with Redis gone: the store's close() does not wait for it.
    await redis.kill();
    await fromEnv.stop();
    expect(fromEnv.child.exitCode).toBe(0);
    expect(fromEnv.output()).toContain('stopped');
  }, 60_000);
});
