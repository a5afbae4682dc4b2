import { afterAll, beforeAll } from 'vitest';
import { createEhealthOtpClient, type EhealthOtpClient } from '../../src/client/index.js';
import { DEMO_API_KEY, demoRequests } from '../../src/reference-impl/demo.js';
import { type ServeProcess, spawnServe } from '../hardening/support/serve-process.js';
import { smsCodeFromLog } from './serve-sms.js';

/*
 * What an end-to-end test against a spawned `serve` in demo mode reads besides the API: the demo
 * request of a family (src/reference-impl/demo.ts), a serve for the file's tests and its client.
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

/** `smsCode(n)`: the code of the n-th SMS (1-based) serve printed for `phone` (serve-sms.ts). */
export function serveSmsCode(serve: ServeProcess, phone: string): (n: number) => Promise<number> {
  return (n) => smsCodeFromLog(serve, phone, n);
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
