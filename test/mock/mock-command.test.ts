import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runMock } from '../../src/cli/mock.js';
import { runConformance, type SuiteConfig } from '../../src/conformance/index.js';
import { freePort, type Spawned, spawnCollected, tsxBin, waitFor } from '../support/child-process.js';

describe('ehealth-otp-kit mock', () => {
  let mock: Spawned | undefined;
  let baseUrl = '';
  const output = () => mock?.output() ?? '';

  beforeAll(async () => {
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    mock = spawnCollected(tsxBin, ['src/cli/main.ts', 'mock', '--port', String(port)]);
    await waitFor(mock, () => output().includes('Prism is listening'), 90_000);
  }, 120_000);

  afterAll(() => {
    if (mock?.child.exitCode === null) mock.child.kill('SIGKILL');
  });

  it('says how to pick a response', () => {
    expect(output()).toContain(`on ${baseUrl} (stateless)`);
    expect(output()).toContain('Prefer: code=404');
    expect(output()).toContain('example=');
  });

  it("answers initializeVerification with the spec's 200 example", async () => {
    const response = await fetch(`${baseUrl}/api/verifications`, {
      method: 'POST',
      headers: { authorization: 'Bearer any', 'content-type': 'application/json' },
      body: JSON.stringify({ phone_number: '+380501234567' }),
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      meta: { code: 200 },
      data: { status: 'NEW', active: true },
    });
  });

  it('answers the status asked for with Prefer: code=404', async () => {
    const response = await fetch(`${baseUrl}/api/verifications/%2B380501234567`, {
      headers: { authorization: 'Bearer any', prefer: 'code=404' },
    });
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: { type: 'not_found' } });
  });

  it('gets an honest conformance result: no kit errors, stateful scenarios skipped as needing the control API', {
    timeout: 60_000,
  }, async () => {
    // Prism checks that a bearer token is there, never which one: any string stands in for each.
    const config: SuiteConfig = {
      apiKey: 'prism-any-api-key',
      tokens: { otp_write: 'prism-any', otp_read: 'prism-any', person_request_write: 'prism-any' },
      personRequests: {},
      phones: {},
      limits: { maxBodyBytes: 1_048_576, smsPerPhonePerHour: 10, codeLifetimeSeconds: 900 },
    };
    const report = await runConformance({ target: baseUrl, config, configLabel: 'prism.yaml' });
    expect(report.summary.error).toBe(0);
    for (const scenario of report.scenarios) {
      if (scenario.needs.some((need) => need === 'sms' || need === 'control' || need === 'clock')) {
        expect(scenario.status, scenario.id).toBe('skipped');
        expect(scenario.reason, scenario.id).toContain('control API');
      }
      if (scenario.status === 'failed') expect(scenario.problems.length, scenario.id).toBeGreaterThan(0);
    }
    // docs/running-modes.md records these counts; print them so a change is easy to notice.
    console.info('conformance against Prism:', JSON.stringify(report.summary));
  });

  it('stops Prism on SIGTERM and exits 0', { timeout: 20_000 }, async () => {
    const running = mock?.child;
    if (running === undefined) throw new Error('not started');
    const exited = once(running, 'exit');
    running.kill('SIGTERM');
    const [code] = await exited;
    expect(code).toBe(0);
    await expect(fetch(`${baseUrl}/api/verifications/%2B380501234567`)).rejects.toThrow();
  });
});

describe('ehealth-otp-kit mock without Prism installed', () => {
  it('prints the install command and exits 2', async () => {
    const lines: string[] = [];
    const io = { stdout: (t: string) => lines.push(t), stderr: (t: string) => lines.push(t) };
    expect(await runMock([], io, () => undefined)).toBe(2);
    expect(lines).toEqual([
      'ehealth-otp-kit: mock needs Prism, an optional peer dependency: npm install --save-dev @stoplight/prism-cli@5.14.2\n',
    ]);
  });
});
