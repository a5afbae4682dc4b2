import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SeedPersonRequest } from '../../src/reference-impl/control/control-state.js';
import { type RunningServer, startServer } from '../../src/reference-impl/index.js';
import {
  answers,
  ehealthSpecPath,
  freePort,
  prismBin,
  type Spawned,
  spawnCollected,
  waitFor,
} from '../support/child-process.js';
import { sequenceRandom } from './support/random.js';
import {
  type Envelope,
  expectControlSpecValid,
  expectNoCodeIn,
  expectSpecValid,
  type ObservedResponse,
} from './support/spec.js';

/**
 * Drift check (docs/architecture.md "One source of truth"): the reference implementation behind the real `prism proxy --errors`.
 * Prism validates every upstream response against openapi/ehealth-otp.yaml; a violation shows as
 * an `sl-violations` header and, with --errors, turns the answer into Prism's own 500. Requests
 * that break the spec themselves (no bearer token, a body that fails the schema) are answered by
 * Prism before they reach the upstream, so the error cases here are all well-formed requests.
 */

const CONTROL = 'prism-proxy-control-token';
const PHONE = '+380501234567';
const UNKNOWN_ID = '00000000-0000-4000-8000-000000000999';

async function observe(res: Response): Promise<ObservedResponse> {
  const headers: Record<string, string> = {};
  res.headers.forEach((value, name) => {
    headers[name] = value;
  });
  const text = await res.text();
  return { status: res.status, headers, text, body: text === '' ? undefined : JSON.parse(text) };
}

let reference: RunningServer;
let prism: Spawned | undefined;
let proxyUrl = '';
let credentials: { token: string; api_key: string };

/** Straight to the reference server's control API (not through Prism: it is not in the spec). */
async function control(operationId: string, method: string, path: string, json?: unknown): Promise<unknown> {
  const res = await observe(
    await fetch(`${reference.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${CONTROL}`, 'content-type': 'application/json' },
      ...(json === undefined ? {} : { body: JSON.stringify(json) }),
    }),
  );
  expectControlSpecValid(operationId, res);
  expect(res.status).toBeLessThan(300);
  return res.body;
}

const sms = async (phone: string) =>
  (
    (await control('listSms', 'GET', `/__control/sms?phone_number=${encodeURIComponent(phone)}`)) as {
      data: { code: string }[];
    }
  ).data;
const lastCode = async (phone: string) => Number((await sms(phone))[0]?.code);
const seed = async (body: SeedPersonRequest) =>
  ((await control('createPersonRequest', 'POST', '/__control/person_requests', body)) as { id: string }).id;

interface ProxyCall {
  readonly method: string;
  readonly path: string;
  readonly json?: unknown;
  readonly auth?: string;
  readonly apiKey?: string;
}

/** One request through Prism: no violation, a valid envelope, and no code in the answer. */
async function viaProxy(operationId: string, call: ProxyCall): Promise<Envelope & { status: number }> {
  const headers: Record<string, string> = { authorization: call.auth ?? `Bearer ${credentials.token}` };
  if (call.apiKey !== undefined) headers['api-key'] = call.apiKey;
  if (call.json !== undefined) headers['content-type'] = 'application/json';
  const res = await observe(
    await fetch(`${proxyUrl}${call.path}`, {
      method: call.method,
      headers,
      ...(call.json === undefined ? {} : { body: JSON.stringify(call.json) }),
    }),
  );
  expect(
    res.headers['sl-violations'],
    `Prism found violations in ${call.method} ${call.path}`,
  ).toBeUndefined();
  const body = expectSpecValid(operationId, res);
  const codes = (await reference.engine.outbox.list()).map((s) => s.code);
  expectNoCodeIn(body, codes);
  return { ...body, status: res.status };
}

beforeAll(async () => {
  // A small SMS cap keeps the 429 case short: every request through Prism costs a validation.
  reference = await startServer({
    port: 0,
    controlToken: CONTROL,
    random: sequenceRandom(),
    settings: { smsCapLimit: 3 },
  });
  credentials = (await control('createToken', 'POST', '/__control/tokens', {
    scopes: ['otp:write', 'otp:read', 'person_request:write'],
  })) as { token: string; api_key: string };

  const port = await freePort();
  proxyUrl = `http://127.0.0.1:${port}`;
  prism = spawnCollected(prismBin, [
    'proxy',
    '--errors',
    ehealthSpecPath,
    reference.url,
    '--port',
    String(port),
    '--host',
    '127.0.0.1',
  ]);
  await waitFor(prism, () => answers(`${proxyUrl}/`), 55_000);
}, 60_000);

afterAll(async () => {
  await prism?.stop();
  await reference?.close();
});

describe('the reference implementation behind prism proxy --errors', () => {
  it('runs the whole OTP flow without a single violation', async () => {
    const issued = await viaProxy('initializeVerification', {
      method: 'POST',
      path: '/api/verifications',
      json: { phone_number: PHONE },
    });
    expect(issued.status).toBe(200);
    const first = await lastCode(PHONE);

    const wrong = await viaProxy('completeVerification', {
      method: 'PATCH',
      path: `/api/verifications/${PHONE}/actions/complete`,
      json: { code: first === 9999 ? 1111 : first + 1 },
    });
    expect(wrong.status).toBe(403);
    expect(wrong.error?.message).toBe('Invalid verification code');

    const right = await viaProxy('completeVerification', {
      method: 'PATCH',
      path: `/api/verifications/${encodeURIComponent(PHONE)}/actions/complete`,
      json: { code: await lastCode(PHONE) },
    });
    expect(right.status).toBe(200);
    expect(right.data).toMatchObject({ status: 'VERIFIED', active: false });

    const again = await viaProxy('completeVerification', {
      method: 'PATCH',
      path: `/api/verifications/${PHONE}/actions/complete`,
      json: { code: await lastCode(PHONE) },
    });
    expect(again.status).toBe(403);
    expect(again.error?.message).toBe('Maximum attempts exceed');

    const verified = await viaProxy('getVerifiedPhone', {
      method: 'GET',
      path: `/api/verifications/${PHONE}`,
    });
    expect(verified.status).toBe(200);
    expect(verified.data).toEqual({ phone_number: PHONE });
  });

  it('resends on a person request, by default and by the chosen method (OTP and OFFLINE)', async () => {
    const id = await seed({
      status: 'NEW',
      authentication_methods: [
        { type: 'OTP', phone_number: '+380501110001', alias: 'self' },
        { type: 'OFFLINE', alias: 'paper' },
        {
          type: 'THIRD_PERSON',
          alias: 'mother',
          third_person: { authentication_methods: [{ type: 'OTP', phone_number: '+380501110002' }] },
        },
      ],
      documents: [{ type: 'PASSPORT' }],
    });
    const path = `/api/person_requests/${id}/actions/resend_otp`;
    const apiKey = credentials.api_key;
    const plain = await viaProxy('resendPersonRequestOtp', { method: 'POST', path, apiKey });
    expect(plain.status).toBe(200);
    expect(await sms('+380501110001')).toHaveLength(1);

    const third = await viaProxy('resendPersonRequestOtp', {
      method: 'POST',
      path,
      apiKey,
      json: { type: 'THIRD_PERSON', alias: 'mother' },
    });
    expect(third.status).toBe(200);
    expect(await sms('+380501110002')).toHaveLength(1);

    const offline = await viaProxy('resendPersonRequestOtp', {
      method: 'POST',
      path,
      apiKey,
      json: { type: 'OFFLINE', alias: 'paper' },
    });
    expect(offline.status).toBe(200);
    expect(offline.urgent?.documents.map((d) => d.type)).toEqual(['person.PASSPORT']);
  });

  it('answers the 401, 403, 404, 409, 422 and 429 cases within the spec', async () => {
    const apiKey = credentials.api_key;
    const noScope = (await control('createToken', 'POST', '/__control/tokens', { scopes: [] })) as {
      token: string;
      api_key: string;
    };
    const offlineId = await seed({ authentication_methods: [{ type: 'OFFLINE' }] });
    const approvedId = await seed({
      status: 'APPROVED',
      authentication_methods: [{ type: 'OTP', phone_number: '+380501110004' }],
    });
    const cases: [string, ProxyCall, number, string | undefined][] = [
      [
        'getVerifiedPhone',
        { method: 'GET', path: `/api/verifications/${PHONE}`, auth: 'Bearer unknown' },
        401,
        'Invalid access token',
      ],
      [
        'resendPersonRequestOtp',
        { method: 'POST', path: `/api/person_requests/${offlineId}/actions/resend_otp`, apiKey: 'wrong' },
        401,
        'Invalid api key',
      ],
      [
        'initializeVerification',
        {
          method: 'POST',
          path: '/api/verifications',
          json: { phone_number: PHONE },
          auth: `Bearer ${noScope.token}`,
        },
        403,
        'Your scope does not allow to access this resource. Missing allowances: otp:write',
      ],
      ['getVerifiedPhone', { method: 'GET', path: '/api/verifications/+380509999999' }, 404, undefined],
      [
        'completeVerification',
        { method: 'PATCH', path: '/api/verifications/+380509999999/actions/complete', json: { code: 1232 } },
        404,
        undefined,
      ],
      [
        'resendPersonRequestOtp',
        { method: 'POST', path: `/api/person_requests/${UNKNOWN_ID}/actions/resend_otp`, apiKey },
        404,
        undefined,
      ],
      [
        'resendPersonRequestOtp',
        { method: 'POST', path: `/api/person_requests/${offlineId}/actions/resend_otp`, apiKey },
        409,
        'Auth method is not OTP',
      ],
      [
        'resendPersonRequestOtp',
        { method: 'POST', path: `/api/person_requests/${approvedId}/actions/resend_otp`, apiKey },
        409,
        'Person request status is APPROVED, expected NEW',
      ],
      [
        'resendPersonRequestOtp',
        {
          method: 'POST',
          path: `/api/person_requests/${offlineId}/actions/resend_otp`,
          apiKey,
          json: { type: 'OTP', alias: 'nobody' },
        },
        422,
        undefined,
      ],
    ];
    for (const [operationId, call, status, message] of cases) {
      const res = await viaProxy(operationId, call);
      expect(res.status, `${call.method} ${call.path}`).toBe(status);
      if (message !== undefined) expect(res.error?.message).toBe(message);
    }

    const capped = '+380507777777';
    for (let i = 0; i < 3; i++) {
      await viaProxy('initializeVerification', {
        method: 'POST',
        path: '/api/verifications',
        json: { phone_number: capped },
      });
    }
    const tooMany = await viaProxy('initializeVerification', {
      method: 'POST',
      path: '/api/verifications',
      json: { phone_number: capped },
    });
    expect(tooMany.status).toBe(429);
    expect(tooMany.error?.type).toBe('too_many_requests');
  });

  it('answers an expired code within the spec', async () => {
    const phone = '+380506666666';
    await viaProxy('initializeVerification', {
      method: 'POST',
      path: '/api/verifications',
      json: { phone_number: phone },
    });
    await control('advanceClock', 'POST', '/__control/clock', { advance_seconds: 900 });
    const res = await viaProxy('completeVerification', {
      method: 'PATCH',
      path: `/api/verifications/${phone}/actions/complete`,
      json: { code: await lastCode(phone) },
    });
    expect(res.status).toBe(403);
    expect(res.error?.message).toBe('Verification code expired');
  });

  it('logged no violation at all', () => {
    expect(prism?.output()).toContain('Prism is listening');
    expect(prism?.output()).not.toMatch(/violation/i);
  });
});
