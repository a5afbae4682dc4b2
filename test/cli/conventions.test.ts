import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { describe, expect, it } from 'vitest';
import { cleanEnv, runCli } from './support/cli.js';

/** CLI conventions (issue 12 point 4), on the real entry point as a user runs it. */

const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
  version: string;
};

/** The kit's own one-line message: no Node internals, no stack trace. */
function expectOwnUsageError(result: { code: number; stdout: string; stderr: string }, text: RegExp) {
  expect(result.code).toBe(2);
  expect(result.stderr).toMatch(/^ehealth-otp-kit: /);
  expect(result.stderr).toMatch(text);
  expect(result.stderr).not.toMatch(/ERR_|node:internal|\n\s+at /);
}

describe('the CLI', () => {
  it('prints its version with --version', async () => {
    const result = await runCli(['--version']);
    expect(result).toMatchObject({ code: 0, stdout: `${manifest.version}\n` });
  });

  it("lists the commands at the top level, not serve's options", async () => {
    const { code, stdout } = await runCli(['--help']);
    expect(code).toBe(0);
    for (const command of ['serve', 'mock', 'conform', 'help'])
      expect(stdout).toMatch(new RegExp(`^  ${command} `, 'm'));
    expect(stdout).not.toContain('--code-length');
  });

  it('gives the same full help for "help serve" and "serve --help"', async () => {
    const [viaHelp, viaFlag] = await Promise.all([runCli(['help', 'serve']), runCli(['serve', '--help'])]);
    expect(viaHelp.code).toBe(0);
    expect(viaFlag).toEqual(viaHelp);
    const help = viaHelp.stdout;
    expect(help.split('\n')[0]).toMatch(/^ehealth-otp-kit serve: \S/);
    for (const section of ['Usage:', 'Options:', 'Examples:', 'Exit codes:']) expect(help).toContain(section);
    expect(help).toMatch(/--port N .*\n.*default 4010; env EHEALTH_OTP_KIT_PORT, PORT/);
    expect(help).toContain('env EHEALTH_OTP_KIT_CONTROL_TOKEN');
    expect(help).toMatch(/^ {2}2 {2}usage error/m);
  });

  it('has help with examples and exit codes for mock and conform too', async () => {
    for (const command of ['mock', 'conform']) {
      const [viaHelp, viaFlag] = await Promise.all([runCli(['help', command]), runCli([command, '--help'])]);
      expect(viaFlag).toEqual(viaHelp);
      expect(viaHelp.stdout).toMatch(new RegExp(`^ehealth-otp-kit ${command}: \\S`));
      expect(viaHelp.stdout).toContain('Examples:');
      expect(viaHelp.stdout).toMatch(/Exit codes:/);
    }
  });

  it('suggests the command or option that was meant', async () => {
    const [command, option, help] = await Promise.all([
      runCli(['sevre']),
      runCli(['serve', '--prot', '0']),
      runCli(['help', 'confrom']),
    ]);
    expectOwnUsageError(command, /unknown command "sevre" \(did you mean "serve"\?\)/);
    expectOwnUsageError(option, /unknown option "--prot" \(did you mean "--port"\?\)/);
    expectOwnUsageError(help, /did you mean "conform"/);
  });

  it('answers a port out of range with its own usage error, exit 2', async () => {
    const results = await Promise.all([
      runCli(['serve', '--port', '99999']),
      runCli(['serve', '--port', '70000']),
    ]);
    for (const result of results)
      expectOwnUsageError(result, /--port must be a whole number from 0 to 65535, got "\d+"/);
  });

  it("words parseArgs' other refusals itself", async () => {
    const [short, missing, positional, flagValue] = await Promise.all([
      runCli(['serve', '-p', '0']),
      runCli(['serve', '--port']),
      runCli(['serve', 'extra']),
      runCli(['serve', '--no-demo=1']),
    ]);
    expectOwnUsageError(short, /unknown option "-p"/);
    expectOwnUsageError(missing, /--port needs a value/);
    expectOwnUsageError(positional, /unexpected argument "extra"/);
    expectOwnUsageError(flagValue, /--no-demo takes no value/);
    for (const r of [short, missing, positional, flagValue]) expect(r.stderr).toContain('help serve');
  });

  it('refuses an empty control token instead of opening the control API', async () => {
    const [flag, env] = await Promise.all([
      runCli(['serve', '--port', '0', '--control-token=']),
      runCli(['serve', '--port', '0'], cleanEnv({ EHEALTH_OTP_KIT_CONTROL_TOKEN: '' })),
    ]);
    expectOwnUsageError(flag, /--control-token must not be empty/);
    expectOwnUsageError(env, /EHEALTH_OTP_KIT_CONTROL_TOKEN must not be empty/);
  });

  it('says a port is in use and suggests --port 0, exit 1', async () => {
    const taken: Server = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const address = taken.address();
    const port = typeof address === 'object' && address !== null ? address.port : 0;
    try {
      const result = await runCli(['serve', '--port', String(port)]);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(`ehealth-otp-kit: port ${port} on 127.0.0.1 is in use`);
      expect(result.stderr).toContain('--port 0');
      expect(result.stderr).not.toMatch(/EADDRINUSE|\n\s+at /);
    } finally {
      await new Promise((resolve) => taken.close(resolve));
    }
  });

  it('names the source of a bad value: flag, environment variable or config key', async () => {
    const result = await runCli(['serve'], cleanEnv({ PORT: 'eighty', EHEALTH_OTP_KIT_LOG_FORMAT: 'xml' }));
    expectOwnUsageError(result, /PORT must be a whole number from 0 to 65535, got "eighty"/);
    expect(result.stderr).toContain('EHEALTH_OTP_KIT_LOG_FORMAT must be one of pretty, json, got "xml"');
  });
});
