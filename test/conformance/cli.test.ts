import { type ChildProcess, spawn } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import type { IncomingHttpHeaders } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runConformCommand } from '../../src/conformance/cli.js';
import type { RunReport } from '../../src/conformance/report/model.js';
import { runVerifyReportCommand } from '../../src/conformance/report/verify-command.js';
import { familiesOf, familyOf } from '../../src/conformance/runner/selection.js';
import { allScenarios } from '../../src/conformance/scenarios/index.js';
import { listScopes } from '../../src/contract/operations.js';
import {
  DEMO_API_KEY,
  demoTokens,
  type RunningServer,
  seedDemo,
  startServer,
} from '../../src/reference-impl/index.js';
import { runCli } from '../cli/support/cli.js';
import { collectIo, startTinyServer } from './helpers.js';

const CONTROL = 'ctl-token';
const cleanups: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function reference(options: Parameters<typeof startServer>[0] = {}): Promise<RunningServer> {
  const server = await startServer({ port: 0, host: '127.0.0.1', controlToken: CONTROL, ...options });
  cleanups.push(() => server.close());
  return server;
}

/*
 * The config's token keys, one per `x-scope` of the spec (`otp:write` → `otp_write`), read from the
 * spec so a new scope needs no edit here; `tokenLines` holds the read to otp_write, so an empty
 * read fails the tests that use it.
 */
const SCOPES = listScopes();
const keyOf = (scope: string) => scope.replace(':', '_');

/** The demo token that has every scope but `scope` (src/reference-impl/demo.ts `demoTokens`). */
function demoTokenWithout(scope: string): string {
  const found = Object.entries(demoTokens).find(
    ([, scopes]) => scopes.length === SCOPES.length - 1 && !(scopes as readonly string[]).includes(scope),
  );
  if (found === undefined) throw new Error(`no demo token lacks exactly ${scope}`);
  return found[0];
}

/** `tokens:` lines of a YAML config: `token` for every scope key, and the `without_*` keys when given. */
function tokenLines(token: (key: string) => string, withoutToken?: (scope: string) => string): string[] {
  const lines = SCOPES.map((scope) => `  ${keyOf(scope)}: ${token(keyOf(scope))}`);
  if (!lines.some((line) => line.startsWith('  otp_write: ')))
    throw new Error('the spec names no otp:write scope');
  const without =
    withoutToken === undefined
      ? []
      : SCOPES.map((scope) => `  without_${keyOf(scope)}: ${withoutToken(scope)}`);
  return ['tokens:', ...lines, ...without];
}

async function tempFile(name: string, text: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'conform-cli-'));
  await writeFile(join(dir, name), text);
  return join(dir, name);
}

async function conform(...argv: string[]) {
  const { io, out, err } = collectIo();
  const code = await runConformCommand(argv, io);
  return { code, out: out(), err: err() };
}

const noStackTrace = (text: string) => expect(text).not.toMatch(/\n\s+at /);

describe('ehealth-otp-kit conform: usage errors exit with 2 and one clear line', () => {
  it('prints the usage for --help and exits 0', async () => {
    const { code, out } = await conform('--help');
    expect(code).toBe(0);
    expect(out).toContain('Usage: ehealth-otp-kit conform --target <base-url>');
    // The families --family takes are the spec's tags, listed from it.
    for (const family of familiesOf(allScenarios)) expect(out).toContain(family.id);
  });

  it('lists every scenario with --list, without a target, and exits 0', async () => {
    const { code, out, err } = await conform('--list');
    expect(code).toBe(0);
    expect(err).toBe('');
    const lines = out.trimEnd().split('\n');
    expect(lines.map((line) => line.split('\t')[0])).toEqual(allScenarios.map((s) => s.id));
    expect(lines).toContain(
      'INIT-403-SCOPE\tinitializeVerification\trequired\tauth:403-scope\totp-verification',
    );
    expect(lines).toContain('RESEND-OFFLINE-DOCUMENTS\tresendPersonRequestOtp\toptional\t\tperson-requests');
  });

  it('rejects an unknown option', async () => {
    const { code, err } = await conform('--target', 'http://127.0.0.1:9', '--bogus');
    expect(code).toBe(2);
    expect(err.trim().split('\n')).toHaveLength(1);
    expect(err).toMatch(/^ehealth-otp-kit conform: Unknown option '--bogus'/);
  });

  it('asks for a config file when there is no control token', async () => {
    const { code, err } = await conform('--target', 'http://127.0.0.1:9');
    expect(code).toBe(2);
    expect(err).toBe(
      'ehealth-otp-kit conform: without --control-token, --config FILE must list the tokens, api_key and fixtures to use\n',
    );
  });

  it('names the file and key of each config problem', async () => {
    const path = await tempFile(
      'config.yaml',
      ['api_key: k', ...tokenLines(() => 'q').filter((line) => !line.startsWith('  otp_write:')), ''].join(
        '\n',
      ),
    );
    const { code, err } = await conform('--target', 'http://127.0.0.1:9', '--config', path);
    expect(code).toBe(2);
    expect(err).toBe(`ehealth-otp-kit conform: ${path}: tokens.otp_write is missing\n`);
  });

  it('rejects a bad timeout, reporter or --only id', async () => {
    expect(
      (await conform('--target', 'http://x.test', '--control-token', 'c', '--timeout', 'soon')).err,
    ).toMatch(/--timeout must be a positive number/);
    expect(
      (await conform('--target', 'http://x.test', '--control-token', 'c', '--reporter', 'xml')).err,
    ).toMatch(/unknown reporter "xml"/);
    expect(
      (await conform('--target', 'http://x.test', '--control-token', 'c', '--reporter', 'json,junit')).code,
    ).toBe(2);
  });

  it('stops on an unreachable target', async () => {
    const gone = await startTinyServer(() => {});
    await gone.close();
    const { code, err } = await conform('--target', gone.url, '--control-token', CONTROL);
    expect(code).toBe(2);
    expect(err).toMatch(
      /^ehealth-otp-kit conform: target http:\/\/127\.0\.0\.1:\d+ is unreachable: connection failed \(.*ECONNREFUSED.*\)\n$/,
    );
  });

  it('stops when the control API is absent or refuses the token', async () => {
    const plain = await reference({ controlToken: undefined });
    const absent = await conform('--target', plain.url, '--control-token', CONTROL);
    expect(absent.code).toBe(2);
    expect(absent.err).toMatch(/the target has no control API \(404 on \/__control\/sms\)/);
    const guarded = await reference();
    const refused = await conform('--target', guarded.url, '--control-token', 'wrong');
    expect(refused.code).toBe(2);
    expect(refused.err).toMatch(/refused the control token \(401\)/);
  });
});

describe('ehealth-otp-kit conform against targets', () => {
  it('exits 0 against the reference, printing a line per scenario and a summary', async () => {
    const server = await reference();
    const { code, out, err } = await conform(
      '--target',
      server.url,
      '--control-token',
      CONTROL,
      '--only',
      'COMPLETE-200,INIT-*',
    );
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(out).toMatch(/^PASS {7}COMPLETE-200 {2}Complete with the code from the SMS .* \(\d+ ms\)$/m);
    expect(out).toMatch(/passed \d+, failed 0, known divergences 0, skipped 0, kit errors 0/);
    expect(out).toMatch(/score 100\.0%/);
  });

  it('exits 1 when a scenario fails, and shows why', async () => {
    const broken = await brokenTarget();
    const path = await tempFile('config.json', CONFIG_JSON);
    const { code, out } = await conform(
      '--target',
      broken.url,
      '--config',
      path,
      '--only',
      'VERIFIED-PHONE-404',
    );
    expect(code).toBe(1);
    expect(out).toMatch(
      /^FAIL {7}VERIFIED-PHONE-404 .*\n {11}GET \/api\/verifications\/\+380\*{6}\d\d → 500: expected status 404, got 500/m,
    );
  });

  it('passes a known divergence with a warning, and fails it under --strict', async () => {
    const server = await reference({ settings: { wrongCodePolicy: 'attempts' } });
    const lenient = await conform(
      '--target',
      server.url,
      '--control-token',
      CONTROL,
      '--only',
      'COMPLETE-403-WRONG-CODE',
    );
    expect(lenient.code).toBe(0);
    expect(lenient.out).toMatch(
      /^DIVERGENCE COMPLETE-403-WRONG-CODE .*\n {11}known divergence DIV-WRONG-CODE-ATTEMPTS/m,
    );
    const strict = await conform(
      '--target',
      server.url,
      '--control-token',
      CONTROL,
      '--only',
      'COMPLETE-403-WRONG-CODE',
      '--strict',
    );
    expect(strict.code).toBe(1);
    expect(strict.out).toMatch(/^FAIL {7}COMPLETE-403-WRONG-CODE/m);
  });

  it('writes report.json, junit.xml and report.html with --out, all masked', async () => {
    const server = await reference();
    const dir = await mkdtemp(join(tmpdir(), 'conform-out-'));
    const { code, out } = await conform(
      '--target',
      server.url,
      '--control-token',
      CONTROL,
      '--only',
      'COMPLETE-*,LIFECYCLE-*',
      '--out',
      dir,
    );
    expect(code).toBe(0);
    expect(out).toContain(
      `Reports: ${join(dir, 'report.json')}, ${join(dir, 'junit.xml')}, ${join(dir, 'report.html')}`,
    );
    const json = await readFile(join(dir, 'report.json'), 'utf8');
    const report = JSON.parse(json) as RunReport;
    expect(report.masked).toBe(true);
    expect(report.scenarios.every((s) => s.status === 'passed')).toBe(true);
    for (const file of ['report.json', 'junit.xml', 'report.html']) {
      const text = await readFile(join(dir, file), 'utf8');
      expect(text).not.toMatch(/\+380\d{9}/);
    }
    expect(json).toMatch(/\+380\*{6}\d\d/);
  });

  it('--family runs one family alone: its score, and every report says what was selected', async () => {
    const server = await reference();
    const dir = await mkdtemp(join(tmpdir(), 'conform-family-'));
    const { code, out } = await conform(
      '--target',
      server.url,
      '--control-token',
      CONTROL,
      '--family',
      'otp-verification',
      '--out',
      dir,
    );
    expect(code).toBe(0);
    const inFamily = allScenarios.filter((s) => familyOf(s.operation).id === 'otp-verification');
    expect(inFamily.length).toBeGreaterThan(0);
    expect(inFamily.length).toBeLessThan(allScenarios.length);
    const selected = `family otp-verification (${inFamily.length} of ${allScenarios.length} scenarios)`;
    expect(out).toContain(`selected: ${selected}; the score counts the selected scenarios only`);
    expect(out).toContain(`PASS: every required scenario ran and passed, of those selected: ${selected}`);
    const report = JSON.parse(await readFile(join(dir, 'report.json'), 'utf8')) as RunReport;
    expect(report.families).toEqual(['otp-verification']);
    expect(report.suiteSize).toBe(allScenarios.length);
    expect(report.scenarios.map((r) => r.id)).toEqual(inFamily.map((s) => s.id));
    expect(report.summary).toMatchObject({ total: inFamily.length, score: 1 });
    expect(report.byFamily?.map((f) => f.id)).toEqual(['otp-verification']);
    const junit = await readFile(join(dir, 'junit.xml'), 'utf8');
    expect(junit.match(/<testsuite /g)).toHaveLength(1);
    expect(junit).toContain(`<property name="selected" value="${selected}"/>`);
    const html = await readFile(join(dir, 'report.html'), 'utf8');
    expect(html.match(/<section class="family"/g)).toHaveLength(1);
    expect(html).toContain(`Selected: ${selected}`);
    // A family by its tag's name, narrowed further by --only: the scenarios both select.
    const both = await conform(
      '--target',
      server.url,
      '--control-token',
      CONTROL,
      '--family',
      'Person requests',
      '--only',
      'RESEND-200,INIT-200',
      '--reporter',
      'json',
    );
    expect((JSON.parse(both.out) as RunReport).scenarios.map((r) => r.id)).toEqual(['RESEND-200']);
  });

  it('refuses an unknown family, naming the families, and a selection that leaves nothing', async () => {
    const unknown = await conform('--target', 'http://x.test', '--control-token', 'c', '--family', 'merges');
    expect(unknown.code).toBe(2);
    expect(unknown.err).toMatch(/--family: no family "merges" \(the families: .*otp-verification/);
    expect(unknown.err).toContain('person-requests');
    const none = await conform(
      '--target',
      'http://x.test',
      '--control-token',
      'c',
      '--family',
      'otp-verification',
      '--only',
      'RESEND-200',
    );
    expect(none.code).toBe(2);
    expect(none.err).toMatch(/select no scenario/);
  });

  it('prints one machine-readable report to stdout and moves the progress to stderr', async () => {
    const server = await reference();
    const { code, out, err } = await conform(
      '--target',
      server.url,
      '--control-token',
      CONTROL,
      '--only',
      'INIT-200',
      '--reporter',
      'list,json',
      '--no-mask',
    );
    expect(code).toBe(0);
    expect((JSON.parse(out) as RunReport).scenarios.map((s) => s.id)).toEqual(['INIT-200']);
    expect(err).toMatch(/^PASS {7}INIT-200/m);
    expect(JSON.parse(out).masked).toBe(false);
  });

  it('runs from a vendor config file without a control API, skipping what needs one', async () => {
    const server = await startServer({ port: 0, host: '127.0.0.1' });
    cleanups.push(() => server.close());
    await seedDemo(server.engine);
    // The vendor's phone verified on its target beforehand (phones.verified).
    await server.engine.store.addVerifiedPhone('+380501110010');
    const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
    const path = await tempFile(
      'config.yaml',
      [
        `api_key: ${DEMO_API_KEY}`,
        ...tokenLines(() => 'demo-token-all-scopes', demoTokenWithout),
        'person_requests:',
        `  otp: ${id(1)}`,
        `  offline: ${id(3)}`,
        `  approved: ${id(4)}`,
        'phones:',
        '  sms_recipient: "+380501110009"',
        '  verified: "+380501110010"',
        '',
      ].join('\n'),
    );
    const { code, out } = await conform('--target', server.url, '--config', path);
    expect(out).not.toMatch(/^(FAIL|KIT ERROR)/m);
    expect(code).toBe(0);
    expect(out).toMatch(
      /^SKIP {7}COMPLETE-200 .*\n {11}needs the control API \(run with --control-token\) to read the SMS outbox$/m,
    );
    expect(out).toMatch(
      /^SKIP {7}RESEND-409-CHECK-ORDER .*\n {11}needs person_requests\.approved_offline in .*config\.yaml \(or the control API\)$/m,
    );
    expect(out).toMatch(/^PASS {7}RESEND-409-STATUS/m);
    expect(out).toMatch(/^PASS {7}INIT-403-SCOPE/m);
    // Person requests: OTP creates use phones.verified; the OFFLINE flow (create, PUT the scans,
    // approve, sign) needs no SMS, so it is certified too; reading a code is not possible.
    expect(out).toMatch(/^PASS {7}PR-CREATE-201 /m);
    expect(out).toMatch(/^PASS {7}PR-GET-V2-200 /m);
    expect(out).toMatch(/^PASS {7}PR-SIGN-V2-200 /m);
    expect(out).toMatch(/^PASS {7}PR-APPROVE-409-STATUS /m);
    expect(out).toMatch(
      /^SKIP {7}PR-APPROVE-201 .*\n {11}needs the control API \(run with --control-token\) to read the SMS outbox$/m,
    );
    noStackTrace(out);
  });
});

/** The CLI as a person runs it: a child process (a pipe, or a pseudo-terminal through script(1)). */
function spawnCli(
  args: readonly string[],
  options: {
    env?: Record<string, string>;
    pty?: boolean;
    onOutput?: (all: string, child: ChildProcess) => void;
  } = {},
): Promise<{ code: number | null; out: string }> {
  const argv = [process.execPath, '--import', 'tsx', 'src/cli/main.ts', ...args];
  const quoted = argv.map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  const child = options.pty
    ? spawn('script', ['-qfec', quoted, '/dev/null'], { env: { ...process.env, ...options.env } })
    : spawn(argv[0] as string, argv.slice(1), { env: { ...process.env, ...options.env } });
  let out = '';
  const collect = (chunk: Buffer) => {
    out += chunk.toString('utf8');
    options.onOutput?.(out, child);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, out })));
}

/** Answers every request at once with a 500 in the envelope, and records the headers it got. */
async function brokenTarget(hangPosts = false) {
  const seen: IncomingHttpHeaders[] = [];
  const server = await startTinyServer((req, res) => {
    seen.push(req.headers);
    if (hangPosts && req.method === 'POST') return; // never answers: the scenario waits
    res.writeHead(500, { 'content-type': 'application/json', 'x-request-id': 'r'.repeat(20) });
    res.end(
      JSON.stringify({
        meta: { code: 500, url: 'http://x/', type: 'object', request_id: 'r'.repeat(20) },
        error: { type: 'internal_error' },
      }),
    );
  });
  cleanups.push(server.close);
  return { url: server.url, seen };
}

const CONFIG_JSON = JSON.stringify({
  api_key: 'k',
  tokens: Object.fromEntries(SCOPES.map((scope) => [keyOf(scope), 'a'])),
});

describe('ehealth-otp-kit conform for people', () => {
  it('sends -H headers on every request and masks their values in the report', async () => {
    const target = await brokenTarget();
    const config = await tempFile('config.json', CONFIG_JSON);
    const args = [
      '--target',
      target.url,
      '--config',
      config,
      '--only',
      'VERIFIED-PHONE-404',
      '--reporter',
      'json',
    ];
    const masked = await conform(...args, '-H', 'X-Gateway-Key: s3cret', '--header', 'X-Tenant: t1');
    expect(masked.code).toBe(1);
    expect(target.seen.length).toBeGreaterThan(1);
    for (const headers of target.seen) {
      expect(headers['x-gateway-key']).toBe('s3cret');
      expect(headers['x-tenant']).toBe('t1');
    }
    const report = JSON.parse(masked.out) as RunReport;
    expect(report.extraHeaders).toEqual(['x-gateway-key', 'x-tenant']);
    const exchange = report.scenarios[0]?.exchanges[0];
    expect(exchange?.request?.headers).toMatchObject({
      'x-gateway-key': '****',
      authorization: 'Bearer ****',
    });
    expect(exchange?.response?.body).toContain('internal_error');
    expect(masked.out).not.toContain('s3cret');
    const plain = JSON.parse(
      (await conform(...args, '-H', 'X-Gateway-Key: s3cret', '--no-mask')).out,
    ) as RunReport;
    expect(plain.scenarios[0]?.exchanges[0]?.request?.headers['x-gateway-key']).toBe('s3cret');
  });

  it('refuses a header that is not "Name: value"', async () => {
    const { code, err } = await conform(
      '--target',
      'http://127.0.0.1:9',
      '--control-token',
      'x',
      '-H',
      'novalue',
    );
    expect(code).toBe(2);
    expect(err).toBe(`ehealth-otp-kit conform: -H "novalue": write a header as 'Name: value'\n`);
  });

  it('--bail stops at the first required failure and marks the report partial', async () => {
    const target = await brokenTarget();
    const config = await tempFile('config.json', CONFIG_JSON);
    const { code, out } = await conform(
      '--target',
      target.url,
      '--config',
      config,
      '-x',
      '--reporter',
      'json',
    );
    expect(code).toBe(1);
    const report = JSON.parse(out) as RunReport;
    expect(report.partial?.reason).toBe('bail');
    expect(report.scenarios.length).toBeLessThan(allScenarios.length);
    expect(report.scenarios.length + (report.partial?.notRun.length ?? 0)).toBe(allScenarios.length);
    expect(report.summary.verdict).toBe('fail');
  });

  it('signs report.json with --sign KEY, and `verify` checks it, refusing a tampered one', async () => {
    const server = await reference();
    const dir = await mkdtemp(join(tmpdir(), 'conform-sign-'));
    const keys = generateKeyPairSync('ed25519');
    const keyPem = join(dir, 'key.pem');
    const pubPem = join(dir, 'key.pub');
    await writeFile(keyPem, keys.privateKey.export({ type: 'pkcs8', format: 'pem' }));
    await writeFile(pubPem, keys.publicKey.export({ type: 'spki', format: 'pem' }));
    const out = join(dir, 'out');
    const run = await conform(
      '--target',
      server.url,
      '--control-token',
      CONTROL,
      '--only',
      'INIT-200',
      '--reporter',
      'list',
      '--out',
      out,
      '--sign',
      keyPem,
    );
    expect(run.code).toBe(0);
    expect(run.out).toContain(`Reports: ${join(out, 'report.json')}, ${join(out, 'report.sig')}`);
    const reportPath = join(out, 'report.json');
    const verify = async (...extra: string[]) => {
      const { io, out: stdout, err } = collectIo();
      const code = await runVerifyReportCommand([reportPath, '--pub', pubPem, ...extra], io);
      return { code, out: stdout(), err: err() };
    };
    const good = await verify();
    expect(good.code).toBe(0);
    expect(good.out).toMatch(/^VALID: /);
    expect(good.out).toContain(`target: ${server.url}`);
    expect(good.out).toContain('(the same text as this kit)');
    expect(good.out).toContain('result: PASS: every required scenario ran and passed');
    // The certificate says what was certified: one scenario of the suite, and the profile it fits.
    expect(good.out).toContain(`run: control API, --only INIT-200 (1 of ${allScenarios.length} scenarios)`);
    expect(good.out).toContain('behaviour profile: the target matches the docs profile');

    // Re-indenting keeps it valid (canonical JSON); changing a result does not.
    const report = JSON.parse(await readFile(reportPath, 'utf8')) as RunReport;
    await writeFile(reportPath, JSON.stringify(report));
    expect((await verify()).code).toBe(0);
    await writeFile(reportPath, JSON.stringify({ ...report, target: 'https://someone-else.example' }));
    const tampered = await verify();
    expect(tampered.code).toBe(1);
    expect(tampered.out).toMatch(/^INVALID: .*changed after signing/);
    // The command as a person types it, and its old name kept as an alias.
    const cliTampered = await runCli(['verify', reportPath, '--pub', pubPem]);
    expect(cliTampered.code).toBe(1);
    expect(cliTampered.stdout).toMatch(/^INVALID: .*changed after signing/);
    await writeFile(reportPath, JSON.stringify(report));
    for (const command of ['verify', 'verify-report']) {
      const cli = await runCli([command, reportPath, '--pub', pubPem]);
      expect(cli.code).toBe(0);
      expect(cli.stdout).toMatch(/^VALID: /);
    }

    const other = generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' });
    await writeFile(pubPem, other);
    await writeFile(reportPath, JSON.stringify(report));
    const wrongKey = await verify();
    expect(wrongKey.code).toBe(1);
    expect(wrongKey.out).toContain('signed with another key');
  });

  it('refuses a signing key that is not Ed25519 before running anything (through the --sign-key alias)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'conform-sign-'));
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({
      type: 'pkcs8',
      format: 'pem',
    });
    await writeFile(join(dir, 'rsa.pem'), rsa);
    const { code, err } = await conform(
      '--target',
      'http://127.0.0.1:9',
      '--control-token',
      'x',
      '--out',
      dir,
      '--sign-key',
      join(dir, 'rsa.pem'),
    );
    expect(code).toBe(2);
    expect(err).toContain('is a rsa key, not Ed25519');
  });

  it('Ctrl-C writes the reports of what finished, marked partial, and exits 130', async () => {
    const target = await brokenTarget(true);
    const config = await tempFile('config.json', CONFIG_JSON);
    const dir = await mkdtemp(join(tmpdir(), 'conform-int-'));
    let sent = false;
    const { code, out } = await spawnCli(
      ['conform', '--target', target.url, '--config', config, '--out', dir, '--timeout', '2000'],
      {
        onOutput: (all, child) => {
          // Once a scenario has finished (the first POSTs time out; the rest still hang), press Ctrl-C.
          if (!sent && /^FAIL /m.test(all)) {
            sent = true;
            child.kill('SIGINT');
          }
        },
      },
    );
    expect(out).toContain('Interrupted: writing the reports of what finished');
    expect(code).toBe(130);
    const report = JSON.parse(await readFile(join(dir, 'report.json'), 'utf8')) as RunReport;
    expect(report.partial?.reason).toBe('interrupted');
    expect(report.scenarios.length).toBeGreaterThan(0);
    expect(report.partial?.notRun.length).toBeGreaterThan(0);
    expect(report.summary.verdict).not.toBe('pass');
    expect(await readFile(join(dir, 'report.html'), 'utf8')).toContain(
      '<strong>Partial run</strong> (interrupted)',
    );
  });

  // script(1) (util-linux) gives the CLI a pseudo-terminal; where it is missing the test says so.
  it.skipIf(!existsSync('/usr/bin/script'))(
    'on a terminal: a live status line and colour; NO_COLOR keeps the line and drops the colour',
    async () => {
      const server = await reference();
      const args = [
        'conform',
        '--target',
        server.url,
        '--control-token',
        CONTROL,
        '--only',
        'INIT-200,COMPLETE-200',
      ];
      const tty = await spawnCli(args, { pty: true, env: { NO_COLOR: '', FORCE_COLOR: '' } });
      expect(tty.code).toBe(0);
      expect(tty.out).toContain('Running 2 scenario(s) against');
      expect(tty.out).toContain('\r\u001b[2K'); // the status line, redrawn in place
      expect(tty.out).toContain('\u001b[32mPASS');
      expect(tty.out).toMatch(/\[[12]\/2\]/);
      const noColour = await spawnCli(args, { pty: true, env: { NO_COLOR: '1', FORCE_COLOR: '' } });
      expect(noColour.out).toContain('\r\u001b[2K');
      expect(noColour.out).not.toContain('\u001b[3'); // no SGR foreground colour
      const piped = await spawnCli(args, { env: { NO_COLOR: '', FORCE_COLOR: '' } });
      expect(piped.code).toBe(0);
      expect(piped.out).not.toContain('\u001b');
      expect(piped.out).toMatch(/^Running 2 scenario\(s\) against .*\nPASS {7}/m);
    },
  );
});
