import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanEnv, runCli, type Serve, startServe } from './support/cli.js';

/** Every `serve` option is a flag, an environment variable and a config key; `--seed` repeats runs. */

const dir = mkdtempSync(join(tmpdir(), 'ehealth-otp-kit-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

const servers: Serve[] = [];
afterAll(() => Promise.all(servers.map((s) => s.stop())));
async function serve(args: readonly string[], env?: Record<string, string>): Promise<Serve> {
  const s = await startServe(args, env);
  servers.push(s);
  return s;
}

const control = (s: Serve, token: string, path: string, init: RequestInit = {}) =>
  fetch(`${s.url}/__control${path}`, {
    ...init,
    headers: { authorization: `Bearer ${token}`, ...init.headers },
  });

describe('serve options from the environment and a config file', () => {
  it('takes the control token from EHEALTH_OTP_KIT_CONTROL_TOKEN (kept out of ps)', async () => {
    const s = await serve(
      ['--port', '0', '--no-demo'],
      cleanEnv({ EHEALTH_OTP_KIT_CONTROL_TOKEN: 'from-env' }),
    );
    expect((await control(s, 'from-env', '/sms')).status).toBe(200);
    expect((await control(s, 'wrong', '/sms')).status).toBe(401);
  });

  it('reads a YAML config file; the environment beats the file', async () => {
    const config = file('serve.yaml', 'port: 0\ncontrol-token: from-file\ndemo: false\ncode-length: 6\n');
    const s = await serve(['--config', config], cleanEnv({ EHEALTH_OTP_KIT_CODE_LENGTH: '5' }));
    expect(s.output()).toContain('control API: ');
    expect((await control(s, 'from-file', '/sms')).status).toBe(200);
    // demo: false from the file: no demo token exists.
    const init = await fetch(`${s.url}/api/verifications`, {
      method: 'POST',
      headers: { authorization: 'Bearer demo-token-all-scopes', 'content-type': 'application/json' },
      body: '{"phone_number":"+380501234567"}',
    });
    expect(init.status).toBe(401);
    const { token } = (await (
      await control(s, 'from-file', '/tokens', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"scopes":["otp:write"]}',
      })
    ).json()) as { token: string };
    await fetch(`${s.url}/api/verifications`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: '{"phone_number":"+380501234567"}',
    });
    const sms = (await (await control(s, 'from-file', '/sms')).json()) as { data: { code: string }[] };
    // The environment's 5 wins over the file's 6.
    expect(sms.data[0]?.code).toMatch(/^\d{5}$/);
  });

  it('reports every bad key of a config file on its own line, exit 2', async () => {
    const config = file('bad.yaml', 'prot: 4010\ncode-length: 99\ncors: [1]\n');
    const result = await runCli(['serve', '--config', config]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${config}: prot: unknown key (did you mean "port"?)`);
    expect(result.stderr).toContain(`${config}: cors: must be a string, a number or true/false`);
    const broken = await runCli(['serve', '--config', file('broken.yaml', 'port: [\n')]);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toContain('not valid YAML');
    const values = await runCli([
      'serve',
      '--config',
      file('values.yaml', 'code-length: 99\nwrong-code-policy: resnd\n'),
    ]);
    expect(values.stderr).toContain(
      `${join(dir, 'values.yaml')}: code-length must be a whole number from 2 to 10, got "99"`,
    );
    expect(values.stderr).toContain(
      'wrong-code-policy must be one of resend, attempts (did you mean "resend"?)',
    );
  });

  it('--seed N makes codes, verification ids and tokens repeat across runs', async () => {
    const run = async (seed: string) => {
      const s = await serve(['--port', '0', '--no-demo', '--control-token', 'c', '--seed', seed]);
      const created = (await (
        await control(s, 'c', '/tokens', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: '{"scopes":["otp:write"]}',
        })
      ).json()) as { token: string };
      const init = (await (
        await fetch(`${s.url}/api/verifications`, {
          method: 'POST',
          headers: { authorization: `Bearer ${created.token}`, 'content-type': 'application/json' },
          body: '{"phone_number":"+380501234567"}',
        })
      ).json()) as { data: { id: string } };
      const sms = (await (await control(s, 'c', '/sms')).json()) as { data: { code: string }[] };
      await s.stop();
      return { token: created.token, id: init.data.id, code: sms.data[0]?.code };
    };
    const [a, b, c] = [await run('42'), await run('42'), await run('43')];
    expect(a.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(b).toEqual(a);
    expect(c.token).not.toBe(a.token);
    expect(c.id).not.toBe(a.id);
  });

  /** initialize's status on a demo server: 200 under docs, 201 under service (DIV-INIT-201). */
  async function initStatus(s: Serve): Promise<number> {
    const init = await fetch(`${s.url}/api/verifications`, {
      method: 'POST',
      headers: { authorization: 'Bearer demo-token-all-scopes', 'content-type': 'application/json' },
      body: '{"phone_number":"+380501234567"}',
    });
    return init.status;
  }

  // Each spawns a server or two: under a loaded machine a process start can take seconds.
  const SPAWNS = { timeout: 60_000 };

  it(
    '--profile service, as a flag or EHEALTH_OTP_KIT_PROFILE, answers like the running service',
    SPAWNS,
    async () => {
      expect(await initStatus(await serve(['--port', '0', '--profile', 'service']))).toBe(201);
      expect(
        await initStatus(await serve(['--port', '0'], cleanEnv({ EHEALTH_OTP_KIT_PROFILE: 'service' }))),
      ).toBe(201);
    },
  );

  it('takes profile as a config key; another value is a usage error', SPAWNS, async () => {
    const config = file('profile.yaml', 'port: 0\nprofile: service\n');
    expect(await initStatus(await serve(['--config', config]))).toBe(201);
    const bad = await runCli(['serve', '--profile', 'running']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('must be one of docs, service');
  });

  it(
    'still takes the deprecated --behaviour running, with a warning naming --profile service',
    SPAWNS,
    async () => {
      const s = await serve(['--port', '0', '--behaviour', 'running']);
      expect(await initStatus(s)).toBe(201);
      expect(s.output()).toContain(
        '--behaviour (EHEALTH_OTP_KIT_BEHAVIOUR, config key behaviour) is deprecated: use --profile service',
      );
      // --profile wins over the old name.
      expect(
        await initStatus(await serve(['--port', '0', '--behaviour', 'running', '--profile', 'docs'])),
      ).toBe(200);
    },
  );

  it('says in --help that --behaviour is a deprecated alias of --profile', SPAWNS, async () => {
    const help = await runCli(['serve', '--help']);
    expect(help.stdout).toMatch(/--profile P\s+docs \(the seeds and Apiary\) \| service/);
    expect(help.stdout).toMatch(/--behaviour B\s+deprecated alias of --profile/);
  });
});
