import { parseArgs } from 'node:util';
import { startServer } from '../reference-impl/adapters/node.js';
import { DEMO_API_KEY, demoFlow, demoPersonRequests, demoTokens, seedDemo } from '../reference-impl/demo.js';
import { createEngine } from '../reference-impl/engine.js';
import type { Settings } from '../reference-impl/settings.js';
import { createWebPages, inboxAccessFor, type WebPages } from '../web/index.js';
import { type Io, UsageError } from './io.js';
import { lineBatch } from './line-batch.js';

export const serveUsage = `Usage: ehealth-otp-kit serve [options]
  --port N                 port to listen on (default 4010; 0 picks a free one)
  --host HOST              address to bind (default 127.0.0.1)
  --control-token TOKEN    enable the control API (/__control) behind this bearer token
  --no-demo                start empty: no demo tokens or person requests, no SMS on the log
  --code-length N          digits per code including the check digit (default 4)
  --code-lifetime S        seconds a code stays valid (default 900)
  --wrong-code-policy P    resend (seeds/002, default) | attempts (the running service)
  --max-attempts N         attempts before lock under --wrong-code-policy attempts (default 3)
  --sms-cap N              SMS per phone per window (default 10)
  --sms-cap-window S       the cap's sliding window in seconds (default 3600)
  --max-body-bytes N       larger bodies answer 413 (default 1048576)`;

function int(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n)) throw new UsageError(`--${name} must be a whole number, got "${value}"`);
  return n;
}

function settingsFrom(v: Record<string, string | boolean | undefined>): Partial<Settings> {
  const policy = v['wrong-code-policy'];
  if (policy !== undefined && policy !== 'resend' && policy !== 'attempts') {
    throw new UsageError('--wrong-code-policy must be resend or attempts');
  }
  const entries: [keyof Settings, unknown][] = [
    ['codeLength', int('code-length', v['code-length'] as string | undefined)],
    ['codeLifetimeSeconds', int('code-lifetime', v['code-lifetime'] as string | undefined)],
    ['wrongCodePolicy', policy],
    ['maxAttempts', int('max-attempts', v['max-attempts'] as string | undefined)],
    ['smsCapLimit', int('sms-cap', v['sms-cap'] as string | undefined)],
    ['smsCapWindowSeconds', int('sms-cap-window', v['sms-cap-window'] as string | undefined)],
    ['maxBodyBytes', int('max-body-bytes', v['max-body-bytes'] as string | undefined)],
  ];
  return Object.fromEntries(entries.filter(([, value]) => value !== undefined)) as Partial<Settings>;
}

/** `serve`: the stateful reference implementation, with demo data unless --no-demo. */
export async function runServe(argv: readonly string[], io: Io): Promise<number> {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      'control-token': { type: 'string' },
      'no-demo': { type: 'boolean' },
      'code-length': { type: 'string' },
      'code-lifetime': { type: 'string' },
      'wrong-code-policy': { type: 'string' },
      'max-attempts': { type: 'string' },
      'sms-cap': { type: 'string' },
      'sms-cap-window': { type: 'string' },
      'max-body-bytes': { type: 'string' },
    },
    strict: true,
  });
  const demo = values['no-demo'] !== true;
  let engine: ReturnType<typeof createEngine>;
  try {
    engine = createEngine({ settings: settingsFrom(values), controlToken: values['control-token'] });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const smsLog = lineBatch((text) => io.stdout(text));
  if (demo) {
    await seedDemo(engine);
    // Demo mode only: the code is printed so a developer can complete a flow by hand.
    engine.outbox.subscribe((sms) =>
      smsLog.write(`sms  ${sms.phoneNumber}  "${sms.text}"  (code ${sms.code})\n`),
    );
  }
  // Web pages (src/web): the API reference always, the SMS inbox in demo mode or behind the control token.
  const controlToken = values['control-token'];
  const web = createWebPages({ outbox: engine.outbox, inbox: inboxAccessFor({ demo, controlToken }) });
  const server = await startServer({
    engine,
    port: int('port', values.port) ?? 4010,
    host: values.host ?? '127.0.0.1',
    extraRoutes: web.handle,
  });
  io.stdout(banner(server.url, demo, controlToken !== undefined, web.paths));

  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      smsLog.flush();
      io.stdout(`${signal}: finishing in-flight requests…\n`);
      web.close(); // open inbox streams would otherwise hold the close for its 10 s grace
      void server
        .close()
        .then(() => engine.close())
        .catch(engine.reportFault)
        .then(resolve);
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
  });
  smsLog.flush();
  io.stdout('stopped\n');
  return 0;
}

function banner(url: string, demo: boolean, control: boolean, pages: WebPages['paths']): string {
  const lines = [`ehealth-otp-kit reference server listening on ${url}`, `  API under ${url}/api`];
  lines.push(
    control
      ? `  control API: ${url}/__control (Bearer <your control token>)`
      : '  control API: off (start with --control-token TOKEN)',
  );
  // Web pages (src/web).
  lines.push(`  API reference: ${url}${pages.docs}`);
  lines.push(
    pages.inbox === undefined
      ? '  SMS inbox: off (on in demo mode or with --control-token)'
      : `  SMS inbox: ${url}${pages.inbox}${control ? ' (sign in with the control token, or add ?token=TOKEN once)' : ''}`,
  );
  if (demo) {
    lines.push('', 'Demo data (--no-demo to start empty):', `  api-key: ${DEMO_API_KEY}`);
    for (const [token, scopes] of Object.entries(demoTokens))
      lines.push(`  token ${token}  scopes: ${scopes.join(' ') || '(none)'}`);
    lines.push('  person requests:');
    for (const pr of demoPersonRequests) lines.push(`    ${pr.id}  ${pr.title}`);
    lines.push(
      '',
      'Try:',
      `  curl -s -X POST ${url}/api/verifications -H 'Authorization: Bearer demo-token-all-scopes' \\`,
      `       -H 'Content-Type: application/json' -d '{"phone_number":"+380501234567"}'`,
      '  then read the code on the "sms" line below and PATCH it to',
      `  ${url}/api/verifications/+380501234567/actions/complete with {"code": <code>}`,
      '',
      ...demoFlow(url, control),
      ...(control ? ['  (CONTROL_TOKEN: the value given to --control-token)'] : []),
      '',
    );
  }
  return `${lines.join('\n')}\n`;
}
