import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine } from '../../src/reference-impl/engine.js';
import { type Answer, call } from './support/http-client.js';
import { type ServeProcess, spawnServe } from './support/serve-process.js';

/**
 * Secrets stay secret: OTP codes, bearer tokens, api keys and the control token never reach
 * the log outside demo mode, and no eHealth response carries a code or a token. The control
 * API, which does hand out tokens and codes, is off unless enabled and guarded by its token.
 */

const CONTROL_TOKEN = 'secrets-test-control-token-7d2e';
const PHONE = '+380501234001';
const THIRD_PHONE = '+380501234002';

/** A secret as a whole word: `1232` in `…:41232` or in a UUID's `a1232b` does not count. */
function mentions(text: string, secret: string): boolean {
  const escaped = secret.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(?<![0-9A-Za-z])${escaped}(?![0-9A-Za-z])`).test(text);
}

/** Every string or number anywhere in a JSON value. */
function leaves(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string' || typeof value === 'number') out.push(String(value));
  else if (value !== null && typeof value === 'object') for (const v of Object.values(value)) leaves(v, out);
  return out;
}

describe('serve --no-demo during a whole flow', () => {
  let serve: ServeProcess;
  const secrets = new Set<string>([CONTROL_TOKEN]);
  const codes = new Set<string>();
  const ehealth: Answer[] = [];
  let exitCode: number | null = null;

  beforeAll(async () => {
    serve = await spawnServe(['--no-demo', '--control-token', CONTROL_TOKEN]);
    const control = (path: string, body?: unknown) =>
      call(`${serve.url}/__control${path}`, {
        method: body === undefined ? 'GET' : 'POST',
        headers: { authorization: `Bearer ${CONTROL_TOKEN}` },
        body,
      });
    const created = (await control('/tokens', { scopes: ['otp:write', 'otp:read', 'person_request:write'] }))
      .json as { token: string; api_key: string };
    secrets.add(created.token).add(created.api_key);
    const person = (
      await control('/person_requests', {
        authentication_methods: [{ type: 'OTP', phone_number: THIRD_PHONE }],
      })
    ).json as { id: string };
    const smsCodes = async (phone: string) => {
      const list = (await control(`/sms?phone_number=${encodeURIComponent(phone)}`)).json as {
        data: { code: string }[];
      };
      for (const sms of list.data) codes.add(sms.code);
      return list.data.map((sms) => Number(sms.code));
    };
    const api = async (method: string, path: string, body?: unknown, token = created.token) => {
      const answer = await call(`${serve.url}/api${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, 'api-key': created.api_key },
        body,
      });
      ehealth.push(answer);
      return answer;
    };
    const phonePath = encodeURIComponent(PHONE);

    await api('POST', '/verifications', { phone_number: PHONE });
    const [first = 0] = await smsCodes(PHONE);
    await api('PATCH', `/verifications/${phonePath}/actions/complete`, {
      code: first === 1111 ? 1122 : 1111,
    });
    await api('PATCH', `/verifications/${phonePath}/actions/complete`, { code: String(first) });
    const [latest = 0] = await smsCodes(PHONE);
    await api('PATCH', `/verifications/${phonePath}/actions/complete`, { code: latest });
    await api('GET', `/verifications/${phonePath}`);
    await api('POST', `/person_requests/${person.id}/actions/resend_otp`);
    await smsCodes(THIRD_PHONE);
    await api('POST', '/verifications', { phone_number: PHONE, extra: true });
    await api('GET', `/verifications/${phonePath}`, undefined, `${created.token}x`);
    await api('PATCH', '/verifications/+380000000000/actions/complete', { code: latest });

    exitCode = await serve.stop('SIGTERM');
  });

  afterAll(() => serve?.stop('SIGKILL'));

  it('ran the flow: codes were sent, one phone verified', () => {
    expect(codes.size).toBeGreaterThanOrEqual(3);
    expect(ehealth.map((a) => a.status)).toEqual([200, 403, 422, 200, 200, 200, 422, 401, 404]);
    expect(exitCode).toBe(0);
  });

  it('writes no code, token, api key or control token to stdout or stderr', () => {
    const { stdout, stderr } = serve.output();
    expect(stdout).toMatch(/^ehealth-otp-kit reference server listening on /);
    for (const secret of [...secrets, ...codes]) {
      expect(mentions(stdout, secret), `stdout mentions ${secret}`).toBe(false);
      expect(mentions(stderr, secret), `stderr mentions ${secret}`).toBe(false);
    }
  });

  it('puts no code or token in any eHealth response, errors included', () => {
    for (const answer of ehealth) {
      for (const secret of secrets) expect(answer.body, `${answer.status} body`).not.toContain(secret);
      // Codes are 4 digits: look for them as whole values anywhere in the JSON, not as substrings.
      const values = leaves(answer.json);
      for (const code of codes) expect(values, `${answer.status} body`).not.toContain(code);
    }
  });
});

describe('demo mode, for contrast', () => {
  it('prints each code on the log (this is what --no-demo turns off)', async () => {
    const serve = await spawnServe([]);
    try {
      const answer = await call(`${serve.url}/api/verifications`, {
        method: 'POST',
        headers: { authorization: 'Bearer demo-token-all-scopes' },
        body: { phone_number: PHONE },
      });
      expect(answer.status).toBe(200);
      await serve.waitFor(`sms  ${PHONE}`);
      expect(serve.output().stdout).toMatch(/\(code \d{4}\)/);
    } finally {
      expect(await serve.stop('SIGTERM')).toBe(0);
    }
  });
});

describe('the control API', () => {
  const paths = [
    '/__control',
    '/__control/reset',
    '/__control/tokens',
    '/__control/sms',
    '/__control/clock',
    '/__control/x',
  ];
  const engineCall = async (controlToken: string | undefined, path: string, authorization?: string) => {
    const engine = createEngine({ controlToken });
    const res = await engine.handle({
      method: path === '/__control/sms' ? 'GET' : 'POST',
      target: path,
      origin: 'http://127.0.0.1:4010',
      headers: authorization === undefined ? {} : { authorization },
      body: undefined,
    });
    return { status: res.status, body: JSON.parse(res.body || '{}') as { error?: string } };
  };

  it.each(paths)('answers 404 on %s when it is not enabled, even with a token', async (path) => {
    const res = await engineCall(undefined, path, `Bearer ${CONTROL_TOKEN}`);
    expect(res.status).toBe(404);
    expect(typeof res.body.error).toBe('string');
  });

  it.each(paths)('answers 401 on %s without its token, or with a wrong one', async (path) => {
    for (const authorization of [
      undefined,
      'Bearer wrong',
      `Bearer ${CONTROL_TOKEN}x`,
      CONTROL_TOKEN,
      'Bearer demo-token-all-scopes',
    ]) {
      const res = await engineCall(CONTROL_TOKEN, path, authorization);
      expect(res.status, String(authorization)).toBe(401);
      expect(JSON.stringify(res.body)).not.toContain(CONTROL_TOKEN);
    }
  });
});
