import { afterAll, beforeAll, describe, it } from 'vitest';
import { createEhealthOtpClient } from '../../../src/client/index.js';
import { type ServeProcess, spawnServe } from '../../hardening/support/serve-process.js';
import { badPersonBody, registrationFlow } from '../../support/person-request-flow.js';
import { smsCodeFromLog } from '../../support/serve-sms.js';

/*
 * An integrator's registration flow, written only against the documented API: the typed client
 * over `/api` of a spawned `serve` (demo mode: the documented demo token and api-key). No control
 * API: the SMS is read from the log line serve prints for each SMS in demo mode
 * (docs/reference-implementation.md "Demo mode"), as an integrator's test of its own code would.
 */

const PHONE = '+380507770001';
let serve: ServeProcess;

beforeAll(async () => {
  serve = await spawnServe([]);
  await serve.waitFor('Demo data');
}, 30_000);
afterAll(async () => {
  await serve.stop();
});

/** The code of the `n`-th SMS to the phone (1-based), once serve has printed it. */
const smsCode = (n: number) => smsCodeFromLog(serve, PHONE, n);

describe('an integrator’s person-request flow against serve (documented API only)', () => {
  const api = () =>
    createEhealthOtpClient({ baseUrl: serve.url, token: 'demo-token-all-scopes', apiKey: 'demo-api-key' });

  it('verify the phone → create → approve with the SMS code → sign → SIGNED', async () => {
    await registrationFlow(api(), PHONE, smsCode);
  });

  it('bad person bodies get the eHealth 422 per field', async () => {
    await badPersonBody(api(), PHONE);
  });
});
