import type { CorsOrigins } from '../reference-impl/adapters/cors.js';
import {
  BEHAVIOURS,
  defaultSettings,
  integerRanges,
  PROFILES,
  type Settings,
} from '../reference-impl/settings.js';
import type { CommandHelp } from './help.js';
import { hostOption, integer, nonEmpty, type Option, oneOf, onOff, portOption } from './options.js';

/** In demo mode the control API is on behind this token, printed in the banner (it guards nothing secret). */
export const DEMO_CONTROL_TOKEN = 'demo-control-token';

export const LOG_FORMATS = ['pretty', 'json'] as const;
/** `info` logs each request and (demo) each SMS; `debug` adds the error of every 4xx/5xx answer. */
export const LOG_LEVELS = ['silent', 'error', 'warn', 'info', 'debug'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

const env = (name: string) => `EHEALTH_OTP_KIT_${name.toUpperCase().replaceAll('-', '_')}`;

/** A setting of the engine: its range comes from settings.ts, the one place that checks it. */
function setting(name: string, key: keyof Settings, metavar: string, summary: string): Option<number> {
  const [min, max] = integerRanges[key] ?? [0, Number.MAX_SAFE_INTEGER];
  return {
    name,
    metavar,
    summary,
    defaultText: String(defaultSettings[key]),
    env: [env(name)],
    parse: integer(min, max),
  };
}

function corsOrigins(text: string): CorsOrigins | 'off' {
  if (text === 'off' || text === '*') return text;
  const origins = text.split(',').map((o) => o.trim());
  for (const origin of origins) {
    // An origin is scheme://host[:port], nothing more (RFC 6454); a path or a typo would never match.
    let parsed: URL | undefined;
    try {
      parsed = new URL(origin);
    } catch {
      parsed = undefined;
    }
    if (parsed === undefined || parsed.origin !== origin)
      throw new Error(
        `must be "*", "off" or a comma-separated list of origins like https://app.example:8080`,
      );
  }
  return origins;
}

/**
 * `--store`: `memory` (this process, the default) or a Redis URL (`redis://host:port/db`,
 * `rediss://` for TLS) that several replicas share. Checked here so a typo is a usage error
 * before anything connects.
 */
function storeSpec(text: string): 'memory' | URL {
  if (text === 'memory') return text;
  let url: URL | undefined;
  try {
    url = new URL(text);
  } catch {
    url = undefined;
  }
  const db = url?.pathname.replace(/^\//, '') ?? '';
  if (
    url === undefined ||
    (url.protocol !== 'redis:' && url.protocol !== 'rediss:') ||
    url.hostname === '' ||
    !/^\d*$/.test(db)
  )
    throw new Error('must be "memory" or a Redis URL like redis://127.0.0.1:6379/0');
  return url;
}

/** `--allowed-hosts`: host names, comma-separated (no ports, no schemes). */
function hostNames(text: string): string[] {
  const names = text.split(',').map((n) => n.trim().toLowerCase());
  if (names.some((n) => !/^[a-z0-9](?:[a-z0-9.-]*[a-z0-9])?$/.test(n)))
    throw new Error('must be a comma-separated list of host names like mock.example,ci-runner');
  return names;
}

/** Every option of `serve`; each one is a flag, an environment variable and a config file key. */
export const serveOptions = {
  config: {
    name: 'config',
    metavar: 'FILE',
    summary: 'read options from a YAML file (keys are the option names: "port: 4010")',
    env: [env('config')],
    noConfigKey: true,
    parse: nonEmpty,
  },
  port: portOption('port to listen on; 0 picks a free one', 0),
  host: hostOption('address to bind; anything but loopback exposes the server to the network'),
  allowedHosts: {
    name: 'allowed-hosts',
    metavar: 'NAMES',
    summary: 'Host names /inbox and /__control answer beside localhost and IP addresses; others get 421',
    defaultText: 'the --host name only',
    env: [env('allowed-hosts')],
    parse: hostNames,
  },
  controlToken: {
    name: 'control-token',
    metavar: 'TOKEN',
    summary: 'turn the control API (/__control) on behind this bearer token',
    defaultText: `off; "${DEMO_CONTROL_TOKEN}" in demo mode`,
    env: [env('control-token')],
    parse: nonEmpty,
  },
  demo: {
    name: 'demo',
    summary: 'start empty: no demo tokens or person requests, no SMS or codes on the log',
    defaultText: 'demo mode on',
    env: [env('demo')],
    parse: onOff,
  },
  seed: {
    name: 'seed',
    metavar: 'N',
    summary: 'repeatable codes, ids and tokens from this seed (predictable: never in production)',
    defaultText: 'random (node:crypto)',
    env: [env('seed')],
    parse: integer(0, 4_294_967_295),
  },
  store: {
    name: 'store',
    metavar: 'memory|URL',
    summary: 'where the state lives: memory (this process) or redis://host:port/db, shared by replicas',
    defaultText: 'memory',
    env: [env('store')],
    parse: storeSpec,
  },
  cors: {
    name: 'cors',
    metavar: 'ORIGINS|off',
    summary: 'CORS on the API paths: "*", a comma-separated origin list, or off',
    defaultText: '*',
    env: [env('cors')],
    parse: corsOrigins,
  },
  logFormat: {
    name: 'log-format',
    metavar: 'FORMAT',
    summary: 'request log lines as pretty text or one JSON object per line (pretty | json)',
    defaultText: 'pretty',
    env: [env('log-format')],
    parse: oneOf(LOG_FORMATS),
  },
  logLevel: {
    name: 'log-level',
    metavar: 'LEVEL',
    summary: `${LOG_LEVELS.join(' | ')}; info logs every request, debug adds each error's message`,
    defaultText: 'info',
    env: [env('log-level')],
    parse: oneOf(LOG_LEVELS),
  },
  profile: {
    name: 'profile',
    metavar: 'P',
    summary: 'docs (the seeds and Apiary) | service (the running service on every switchable divergence)',
    defaultText: defaultSettings.profile,
    env: [env('profile')],
    parse: oneOf(PROFILES),
  },
  behaviour: {
    name: 'behaviour',
    metavar: 'B',
    summary: 'deprecated alias of --profile: documented = docs, running = service (--profile wins)',
    env: [env('behaviour')],
    parse: oneOf(BEHAVIOURS),
  },
  codeLength: setting('code-length', 'codeLength', 'N', 'digits per code including the check digit'),
  codeLifetime: setting('code-lifetime', 'codeLifetimeSeconds', 'S', 'seconds a code stays valid'),
  wrongCodePolicy: {
    name: 'wrong-code-policy',
    metavar: 'P',
    summary: 'resend (seeds/002: a wrong code voids it, a new SMS goes out) | attempts (the running service)',
    defaultText: defaultSettings.wrongCodePolicy,
    env: [env('wrong-code-policy')],
    parse: oneOf(['resend', 'attempts'] as const),
  },
  maxAttempts: setting(
    'max-attempts',
    'maxAttempts',
    'N',
    'attempts before lock under --wrong-code-policy attempts',
  ),
  smsCap: setting('sms-cap', 'smsCapLimit', 'N', 'SMS per phone per window'),
  smsCapWindow: setting('sms-cap-window', 'smsCapWindowSeconds', 'S', "the cap's sliding window in seconds"),
  maxBodyBytes: setting('max-body-bytes', 'maxBodyBytes', 'N', 'larger bodies answer 413'),
  maxPhones: setting(
    'max-phones',
    'maxPhones',
    'N',
    'phone records held at most; a new phone beyond answers 503',
  ),
  controlMaxSeeds: setting(
    'control-max-seeds',
    'controlSeedLimit',
    'N',
    'tokens and person requests the control API seeds until a reset (503 beyond)',
  ),
  controlSeedBytes: setting(
    'control-seed-bytes',
    'controlSeedBytes',
    'N',
    'bytes of seeding bodies the control API takes until a reset (503 beyond)',
  ),
  controlMaxBodyBytes: setting(
    'control-max-body-bytes',
    'controlMaxBodyBytes',
    'N',
    'larger control API bodies answer 413',
  ),
} as const satisfies Record<string, Option<unknown>>;

export const serveHelp: CommandHelp = {
  name: 'serve',
  summary: 'the stateful reference implementation of the eHealth OTP API (demo data by default)',
  usage: 'ehealth-otp-kit serve [options]',
  options: serveOptions,
  notes: [
    'Each option is read from, first wins: its flag, its environment variable(s), the --config file\n' +
      '(YAML, keys as the option names: "control-token: s3cret", "demo: false"), its default.\n' +
      'The environment keeps a control token out of `ps`. Every answer is logged on one line\n' +
      '(method, path, status, time, request id); outside demo mode queries are masked.',
    'Routes beside the API: GET /health (liveness), /openapi.json and /openapi/*.yaml|json (the specs),\n' +
      '/docs (API reference), /inbox (SMS inbox: demo mode, or behind the control token).',
  ],
  examples: [
    'ehealth-otp-kit serve                                  # demo data, control token demo-control-token',
    'ehealth-otp-kit serve --port 0 --seed 42               # a free port, repeatable codes',
    'ehealth-otp-kit serve --profile service                # 201, lower case, the attempts lock…',
    'EHEALTH_OTP_KIT_CONTROL_TOKEN=s3cret ehealth-otp-kit serve --no-demo',
    'ehealth-otp-kit serve --config serve.yaml --log-format json',
  ],
  exitCodes: [
    [0, 'stopped by SIGINT or SIGTERM after finishing in-flight requests'],
    [1, 'could not start (the port is in use, the address cannot be bound)'],
    [2, 'usage error: unknown option, bad value, bad config file, a --store that cannot be reached'],
  ],
};
