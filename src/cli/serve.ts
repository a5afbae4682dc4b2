import { isIP } from 'node:net';
import { createCors } from '../reference-impl/adapters/cors.js';
import { type RunningServer, startServer } from '../reference-impl/adapters/node.js';
import { DEMO_API_KEY, demoFlow, demoPersonRequests, demoTokens, seedDemo } from '../reference-impl/demo.js';
import { createEngine, type Engine } from '../reference-impl/engine.js';
import { seededRandom } from '../reference-impl/random-seeded.js';
import { PROFILE_OF_BEHAVIOUR, resolveSettings, type Settings } from '../reference-impl/settings.js';
import { createWebPages, inboxAccessFor, type WebPages } from '../web/index.js';
import { handleServiceRoutes } from '../web/service-routes.js';
import { renderHelp } from './help.js';
import { type Io, StartError, UsageError } from './io.js';
import { lineBatch } from './line-batch.js';
import { type Resolved, resolveOptions } from './options.js';
import { requestLogger } from './request-log.js';
import { DEMO_CONTROL_TOKEN, serveHelp, serveOptions } from './serve-options.js';

type ServeValues = Resolved<typeof serveOptions>;

function settingsFrom(v: ServeValues): Partial<Settings> {
  const entries: [keyof Settings, unknown][] = [
    // --behaviour is the deprecated name: --profile wins when both are given.
    ['profile', v.profile ?? (v.behaviour === undefined ? undefined : PROFILE_OF_BEHAVIOUR[v.behaviour])],
    ['codeLength', v.codeLength],
    ['codeLifetimeSeconds', v.codeLifetime],
    ['wrongCodePolicy', v.wrongCodePolicy],
    ['maxAttempts', v.maxAttempts],
    ['smsCapLimit', v.smsCap],
    ['smsCapWindowSeconds', v.smsCapWindow],
    ['maxBodyBytes', v.maxBodyBytes],
    ['maxPhones', v.maxPhones],
    ['controlSeedLimit', v.controlMaxSeeds],
    ['controlSeedBytes', v.controlSeedBytes],
    ['controlMaxBodyBytes', v.controlMaxBodyBytes],
  ];
  return Object.fromEntries(entries.filter(([, value]) => value !== undefined)) as Partial<Settings>;
}

/** 127.0.0.0/8, ::1 and `localhost`: the addresses nothing off this machine can reach. */
export function isLoopback(host: string): boolean {
  if (host === 'localhost' || host === '::1' || host === '[::1]') return true;
  return isIP(host) === 4 && host.startsWith('127.');
}

/** Demo data is public by design (the banner prints it); beyond loopback anyone on the network gets it. */
export function demoExposureWarning(demo: boolean, host: string): string | undefined {
  if (!demo || isLoopback(host)) return undefined;
  return `warning: demo mode on ${host} is reachable from the network: its tokens, control token and codes are public (use --no-demo, or --host 127.0.0.1)\n`;
}

/** Starts listening, turning the two start-up failures a user can fix into their own message. */
async function listen(options: Parameters<typeof startServer>[0] & { port: number; host: string }) {
  try {
    return await startServer(options);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const where = `${options.host}:${options.port}`;
    if (code === 'EADDRINUSE')
      throw new StartError(
        `port ${options.port} on ${options.host} is in use; pick another with --port N, or --port 0 for a free one`,
      );
    if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND' || code === 'EAI_AGAIN')
      throw new StartError(`cannot bind ${where}: no such address on this machine (--host)`);
    if (code === 'EACCES')
      throw new StartError(`cannot bind ${where}: permission denied (ports below 1024 need privileges)`);
    throw error;
  }
}

/** The Redis client is an optional peer (11.5 MB installed, more than the kit itself). */
export const REDIS_INSTALL = 'npm install @redis/client@6';

/**
 * `--store redis://…`: the Redis store, clock offset and SMS fan-out (issue 17), loaded only then
 * so the default start never loads the Redis client. A missing client or a failed connection is a
 * usage error (exit 2).
 */
async function sharedStore(store: URL | 'memory' | undefined, { outboxLimit, maxPhones }: Settings, io: Io) {
  if (store === undefined || store === 'memory') return {};
  let redis: typeof import('../reference-impl/store/redis-connect.js');
  try {
    redis = await import('../reference-impl/store/redis-connect.js');
  } catch (error) {
    if (
      (error as NodeJS.ErrnoException).code === 'ERR_MODULE_NOT_FOUND' &&
      String(error).includes('@redis/client')
    )
      throw new Error(
        `--store ${store.protocol}//…: the Redis client is not installed (an optional peer): ${REDIS_INSTALL}`,
      );
    throw error;
  }
  return redis.connectRedis(store.href, {
    outboxLimit,
    phoneLimit: maxPhones,
    onStatus: io.stderr,
    onFault: (error) => io.stderr(`redis: ${error instanceof Error ? error.message : String(error)}\n`),
  });
}

/** `serve`: the stateful reference implementation, with demo data unless --no-demo. */
export async function runServe(
  argv: readonly string[],
  io: Io,
  env: Readonly<Record<string, string | undefined>> = process.env,
): Promise<number> {
  const { help, values } = resolveOptions(serveOptions, argv, env);
  if (help) {
    io.stdout(renderHelp(serveHelp));
    return 0;
  }
  const demo = values.demo !== false;
  // Demo mode: the control API is on (reset, clock, the outbox) behind a token everyone can read.
  const controlToken = values.controlToken ?? (demo ? DEMO_CONTROL_TOKEN : undefined);
  let engine: Engine;
  try {
    const settings = settingsFrom(values);
    engine = createEngine({
      // Checked before connecting: a bad setting fails without opening a connection.
      ...(await sharedStore(values.store, resolveSettings(settings), io)),
      settings,
      controlToken,
      ...(values.seed === undefined ? {} : { random: seededRandom(values.seed) }),
    });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const level = values.logLevel ?? 'info';
  const log = lineBatch((text) => io.stdout(text));
  if (demo) {
    await seedDemo(engine);
    // `POST /__control/reset` in demo mode comes back to the printed demo data, not to an empty
    // server on which every token the banner lists answers 401. The control API calls this method.
    const reset = engine.control.reset.bind(engine.control);
    engine.control.reset = async () => {
      await reset();
      await seedDemo(engine);
    };
    // Demo mode only: the code is printed so a developer can complete a flow by hand.
    if (level === 'info' || level === 'debug')
      engine.outbox.subscribe((sms) =>
        log.write(`sms  ${sms.phoneNumber}  "${sms.text}"  (code ${sms.code})\n`),
      );
  }
  // Web pages (src/web): the API reference always; the SMS inbox open in demo mode unless a
  // token was given (then behind it), else off.
  const web = createWebPages({
    outbox: engine.outbox,
    inbox: inboxAccessFor({ demo, controlToken: values.controlToken }),
    control: controlToken === undefined ? undefined : { handle: engine.handle, token: controlToken },
    guesses: engine.control.tokenGuesses,
  });
  const host = values.host ?? '127.0.0.1';
  const cors = values.cors ?? '*';
  const server = await listen({
    engine,
    port: values.port ?? 4010,
    host,
    cors: cors === 'off' ? undefined : createCors(cors),
    onRequest: requestLogger({
      format: values.logFormat ?? 'pretty',
      level,
      maskQueries: !demo || values.controlToken !== undefined,
      settings: engine.settings,
      write: log.write,
    }),
    extraRoutes: (req, res) => handleServiceRoutes(req, res) || web.handle(req, res),
    ...(values.allowedHosts === undefined ? {} : { allowedHosts: values.allowedHosts }),
  });
  io.stdout(
    banner(server.url, { demo, controlToken, seed: values.seed, pages: web.paths, store: values.store }),
  );
  if (values.behaviour !== undefined && level !== 'silent' && level !== 'error')
    io.stderr(
      `warning: --behaviour (EHEALTH_OTP_KIT_BEHAVIOUR, config key behaviour) is deprecated: use --profile ${PROFILE_OF_BEHAVIOUR[values.behaviour]}\n`,
    );
  const warning = demoExposureWarning(demo, host);
  if (warning !== undefined && level !== 'silent' && level !== 'error') io.stderr(warning);
  return waitForSignal(server, engine, web, log, io);
}

async function waitForSignal(
  server: RunningServer,
  engine: Engine,
  web: WebPages,
  log: ReturnType<typeof lineBatch>,
  io: Io,
): Promise<number> {
  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      log.flush();
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
  log.flush();
  io.stdout('stopped\n');
  return 0;
}

interface BannerFacts {
  readonly demo: boolean;
  readonly controlToken: string | undefined;
  readonly seed: number | undefined;
  readonly pages: WebPages['paths'];
  readonly store: URL | 'memory' | undefined;
}

/** The banner's person-request flow; it reads the SMS through the control API when that is on. */
function flowLines(url: string, controlToken: string | undefined): string[] {
  const [title = '', ...steps] = demoFlow(url, controlToken !== undefined);
  if (controlToken === undefined) return [title, ...steps];
  const shown = controlToken === DEMO_CONTROL_TOKEN ? DEMO_CONTROL_TOKEN : '<your control token>';
  return [title, `  CONTROL_TOKEN=${shown}`, ...steps];
}

function banner(url: string, { demo, controlToken, seed, pages, store }: BannerFacts): string {
  const lines = [`ehealth-otp-kit reference server listening on ${url}`, `  API under ${url}/api`];
  if (controlToken === undefined) lines.push('  control API: off (start with --control-token TOKEN)');
  else if (demo && controlToken === DEMO_CONTROL_TOKEN)
    lines.push(
      `  control API: ${url}/__control (Bearer ${DEMO_CONTROL_TOKEN}; demo mode, --control-token to change)`,
    );
  else lines.push(`  control API: ${url}/__control (Bearer <your control token>)`);
  lines.push(`  API reference: ${url}${pages.docs}   spec: ${url}/openapi.json   health: ${url}/health`);
  lines.push(
    pages.inbox === undefined
      ? '  SMS inbox: off (on in demo mode or with --control-token)'
      : `  SMS inbox: ${url}${pages.inbox}${demo && controlToken === DEMO_CONTROL_TOKEN ? '' : ' (sign in with the control token, or add ?token=TOKEN once)'}`,
  );
  if (store instanceof URL) {
    const shown = new URL(store.href);
    if (shown.password !== '') shown.password = '***';
    lines.push(`  store: ${shown.href}, shared with every replica on it (--store)`);
  }
  if (seed !== undefined)
    lines.push(`  seed ${seed}: codes, ids and tokens repeat on every start (predictable)`);
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
      '  then read the code on the "sms" line below (or GET /__control/sms) and PATCH it to',
      `  ${url}/api/verifications/+380501234567/actions/complete with {"code": <code>}`,
      '',
      ...flowLines(url, controlToken),
      '',
    );
  }
  return `${lines.join('\n')}\n`;
}
