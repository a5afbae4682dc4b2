import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfigFile, validateConfig } from '../../src/conformance/config.js';
import { listScopes } from '../../src/contract/operations.js';

function problemsOf(data: unknown, requireCredentials = true): string[] {
  try {
    validateConfig(data, 'config.yaml', { requireCredentials });
  } catch (error) {
    if (error instanceof ConfigError) return [...error.problems];
    throw error;
  }
  return [];
}

/*
 * The token keys, read from the spec (one per `x-scope`, in the order the spec first names them,
 * `otp:write` → `otp_write`), so a new operation with a new scope needs no edit here; the first
 * test holds the reader to a few scopes the spec has had from the start, so an empty read fails.
 */
const SCOPE_KEYS = listScopes().map((scope) => scope.replace(':', '_'));
const WITHOUT_KEYS = SCOPE_KEYS.map((key) => `without_${key}`);
const missing = (key: string) => `config.yaml: tokens.${key} is missing`;

const complete = {
  api_key: 'secret',
  tokens: Object.fromEntries(SCOPE_KEYS.map((key, i) => [key, `token-${i}`])),
};

describe('config file validation', () => {
  it('reads its token keys from the spec, which names at least the OTP and person request scopes', () => {
    expect(SCOPE_KEYS).toEqual(
      expect.arrayContaining(['otp_write', 'otp_read', 'person_request_write', 'person_request_read']),
    );
  });

  it('names the file and the missing key', () => {
    const { otp_write: _left, ...tokens } = complete.tokens;
    expect(problemsOf({ api_key: 'secret', tokens })).toEqual(['config.yaml: tokens.otp_write is missing']);
  });

  it('lists every problem at once, not only the first', () => {
    const problems = problemsOf({});
    // One token key per x-scope of the spec, in the order the spec first names the scopes.
    expect(problems).toEqual(['config.yaml: api_key is missing', ...SCOPE_KEYS.map(missing)]);
    expect(problems).toContain('config.yaml: tokens.merge_request_write is missing');
  });

  it('does not ask for credentials when a control API provides them', () => {
    expect(problemsOf({}, false)).toEqual([]);
  });

  it('rejects misspelt keys, wrong shapes and bad values with their path', () => {
    expect(
      problemsOf({
        ...complete,
        tokns: {},
        tokens: { ...complete.tokens, otp_writ: 'x' },
        person_requests: { otp: 'not-a-uuid', with_offline_method: '00000000-0000-4000-8000-000000000005' },
        phones: { verified: '0501234567' },
        limits: { max_body_bytes: -1, sms_per_phone_per_hour: 'ten' },
      }),
    ).toEqual([
      'config.yaml: tokns is not a known key (known: target, api_key, tokens, person_requests, requests, phones, limits)',
      `config.yaml: tokens.otp_writ is not a known key (known: ${[...SCOPE_KEYS, ...WITHOUT_KEYS].join(', ')})`,
      'config.yaml: person_requests.otp must be a person request UUID, got "not-a-uuid"',
      'config.yaml: person_requests.with_offline_method must be a mapping {id, alias}',
      'config.yaml: phones.verified must be a phone number like +380501234567, got "0501234567"',
      'config.yaml: limits.max_body_bytes must be a positive integer, got -1',
      'config.yaml: limits.sms_per_phone_per_hour must be a positive integer, got "ten"',
    ]);
  });

  it("reads requests.<family>.<kind> for the spec's confirmable families, and names a wrong family or id", () => {
    const id = '00000000-0000-4000-8000-000000000101';
    const config = validateConfig(
      { ...complete, requests: { declaration_request: { otp: id, na: id } } },
      'config.yaml',
      { requireCredentials: true },
    );
    expect(config.requests).toEqual({
      declaration_request: { otp: { id, data: {} }, na: { id, data: {} } },
    });
    expect(
      problemsOf({
        ...complete,
        requests: { declarations: {}, declaration_request: { otp: 'x', sometimes: id } },
      }),
    ).toEqual([
      expect.stringMatching(
        /^config\.yaml: requests\.declarations is not a known key \(known: .*declaration_request/,
      ),
      expect.stringMatching(/^config\.yaml: requests\.declaration_request\.sometimes is not a known key/),
      'config.yaml: requests.declaration_request.otp must be a request UUID, got "x"',
    ]);
  });

  it('takes {id, <path parameter>} for a family whose paths name more than the request, and refuses a bare id there', () => {
    const id = '00000000-0000-4000-8000-000000000102';
    const person = '00000000-0000-4000-8000-000000000103';
    const config = validateConfig(
      { ...complete, requests: { authentication_method_request: { otp: { id, person_id: person } } } },
      'config.yaml',
      { requireCredentials: true },
    );
    expect(config.requests).toEqual({
      authentication_method_request: { otp: { id, data: { person_id: person } } },
    });
    expect(
      problemsOf({
        ...complete,
        requests: {
          authentication_method_request: { otp: id, approved: { id, person: person } },
        },
      }),
    ).toEqual([
      "config.yaml: requests.authentication_method_request.otp must be a mapping {id, person_id}: the family's paths name person_id too",
      expect.stringMatching(
        /^config\.yaml: requests\.authentication_method_request\.approved\.person is not a known key/,
      ),
      'config.yaml: requests.authentication_method_request.approved.person_id is missing',
    ]);
  });

  it('asks for the alias of the OFFLINE method fixture', () => {
    expect(
      problemsOf({
        ...complete,
        person_requests: { with_offline_method: { id: '00000000-0000-4000-8000-000000000005' } },
      }),
    ).toEqual(['config.yaml: person_requests.with_offline_method.alias is missing']);
  });

  it('fills in the default limits and keeps the fixtures', () => {
    const config = validateConfig(
      {
        ...complete,
        person_requests: { otp: '00000000-0000-4000-8000-000000000001' },
        limits: { sms_per_phone_per_hour: 3 },
      },
      'config.yaml',
      { requireCredentials: true },
    );
    expect(config.limits).toEqual({
      maxBodyBytes: 1_048_576,
      smsPerPhonePerHour: 3,
      codeLifetimeSeconds: 900,
    });
    expect(config.personRequests.otp).toEqual({ id: '00000000-0000-4000-8000-000000000001' });
  });
});

describe('config files on disk', () => {
  async function file(name: string, text: string): Promise<string> {
    const dir = await mkdtemp(join(tmpdir(), 'conform-config-'));
    const path = join(dir, name);
    await writeFile(path, text);
    return path;
  }

  async function loadProblems(path: string): Promise<string[]> {
    try {
      await loadConfigFile(path, { requireCredentials: true });
      return [];
    } catch (error) {
      if (error instanceof ConfigError) return [...error.problems];
      throw error;
    }
  }

  it('reads YAML and JSON alike', async () => {
    const yamlTokens = SCOPE_KEYS.map((key) => `  ${key}: ${key === 'otp_write' ? 'a' : 'b'}\n`).join('');
    const yamlPath = await file('config.yaml', `api_key: s\ntokens:\n${yamlTokens}`);
    const jsonPath = await file('config.json', JSON.stringify(complete));
    expect((await loadConfigFile(yamlPath, { requireCredentials: true })).tokens.otp_write).toBe('a');
    expect((await loadConfigFile(jsonPath, { requireCredentials: true })).apiKey).toBe('secret');
  });

  it('reports a missing file and broken syntax in one line each', async () => {
    const missing = join(tmpdir(), 'no-such-dir-conform', 'config.yaml');
    expect(await loadProblems(missing)).toEqual([`${missing}: cannot read the config file (ENOENT)`]);
    const broken = await file('broken.json', '{"api_key": ');
    const [line] = await loadProblems(broken);
    expect(line).toMatch(/^.*broken\.json: not valid JSON \(/);
    expect(line).not.toContain('\n');
  });
});
