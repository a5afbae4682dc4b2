import { afterAll, beforeAll } from 'vitest';
import { createEhealthOtpClient, type EhealthOtpClient } from '../../src/client/index.js';
import { DEMO_API_KEY, demoRequests } from '../../src/reference-impl/demo.js';
import { type ServeProcess, spawnServe } from '../hardening/support/serve-process.js';

/*
 * What an end-to-end test against a spawned `serve` in demo mode reads besides the API: the demo
 * request of a family (src/reference-impl/demo.ts) and the code of the n-th SMS a phone received,
 * from the line serve prints for each SMS in demo mode.
 */

/** The demo request of `family` in `status` whose current method is `type`. */
export function demoRequest(
  family: string,
  status: string,
  type: string,
): { readonly id: string; readonly phone: string; readonly data: Readonly<Record<string, unknown>> } {
  const found = demoRequests.find(
    (r) =>
      r.family === family && r.seed.status === status && r.seed.authentication_method_current.type === type,
  );
  if (found === undefined) throw new Error(`no demo ${family} ${status} ${type}`);
  return {
    id: found.id,
    phone: found.seed.authentication_method_current.phone_number ?? '',
    data: found.seed.data ?? {},
  };
}

/** `smsCode(n)`: the code of the n-th SMS (1-based) serve printed for `phone`, waiting until it is printed. */
export function serveSmsCode(serve: ServeProcess, phone: string): (n: number) => Promise<number> {
  return async (n) => {
    const line = new RegExp(`^sms {2}\\${phone} .*\\(code (\\d+)\\)$`, 'gm');
    for (;;) {
      const code = [...serve.output().stdout.matchAll(line)].map((m) => Number(m[1]))[n - 1];
      if (code !== undefined) return code;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };
}

/**
 * A `serve` in demo mode for the file's tests (spawned before them, stopped after), and a typed
 * client of it with the demo token of every scope.
 */
export function demoServe(): { readonly serve: () => ServeProcess; readonly client: () => EhealthOtpClient } {
  let spawned: ServeProcess | undefined;
  beforeAll(async () => {
    spawned = await spawnServe([]);
    await spawned.waitFor('Demo data');
  }, 30_000);
  afterAll(async () => {
    await spawned?.stop();
  });
  const serve = () => {
    if (spawned === undefined) throw new Error('serve is not running (demoServe is used outside a test)');
    return spawned;
  };
  return {
    serve,
    client: () =>
      createEhealthOtpClient({ baseUrl: serve().url, token: 'demo-token-all-scopes', apiKey: DEMO_API_KEY }),
  };
}
