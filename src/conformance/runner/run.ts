import { createHash, randomInt } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { readSpecText } from '../../contract/spec-text.js';
import { EMPTY_CONFIG, type SuiteConfig } from '../config.js';
import { createMasker, noMask } from '../mask.js';
import { nodeTransport } from '../node-transport.js';
import { ControlApi } from '../provision/control-api.js';
import { configProvisioner, controlProvisioner, type Provisioner } from '../provision/provisioner.js';
import { familySummaries, type RunReport, type ScenarioResult, summarize } from '../report/model.js';
import { profileReport } from '../report/profiles.js';
import type { Scenario } from '../scenario.js';
import { allScenarios } from '../scenarios/index.js';
import { type CheckResponse, checkResponse as defaultCheckResponse } from '../spec-check.js';
import { specDivergences } from '../spec-divergences.js';
import {
  type FetchLike,
  fetchTransport,
  type HttpRequest,
  type HttpResponse,
  type Transport,
  TransportFailure,
} from '../transport.js';
import type { RunState } from './context.js';
import { executeScenario, SECRET_HEADERS } from './execute.js';
import { runPool } from './pool.js';
import { resolveFamilies, selectScenarios } from './selection.js';
import { UsageError } from './signals.js';

export interface RunOptions {
  /** The target's base URL, e.g. `http://127.0.0.1:4010`; a path prefix is kept. */
  readonly target: string;
  /** With it, everything is provisioned through the target's control API. */
  readonly controlToken?: string;
  /** The vendor's config (tokens, fixtures, limits); `configLabel` names it in messages. */
  readonly config?: SuiteConfig;
  readonly configLabel?: string;
  readonly strict?: boolean;
  /** Scenario ids to run; a trailing `*` matches a prefix (`COMPLETE-*`). */
  readonly only?: readonly string[];
  /**
   * Families to run (runner/selection.ts: the spec's tag of each operation, by its id
   * `declaration-requests` or its name); with `only` too, the scenarios both select.
   */
  readonly families?: readonly string[];
  /** Per-request timeout; default 5000 ms. */
  readonly timeoutMs?: number;
  /** Response bodies above this are not read; default 1 MiB. */
  readonly maxResponseBytes?: number;
  /** Scenarios in flight at once; default 8. */
  readonly concurrency?: number;
  /**
   * Every HTTP call goes through it (an msw-backed fetch runs in-process; `globalThis.fetch` is
   * undici's); default: node:http and node:https with keep-alive (node-transport.ts).
   */
  readonly fetch?: FetchLike;
  /** Mask phone numbers and codes in results; default true. */
  readonly mask?: boolean;
  readonly scenarios?: readonly Scenario[];
  readonly checkResponse?: CheckResponse;
  /** Called as each scenario finishes, for live progress. */
  readonly onResult?: (result: ScenarioResult) => void;
  /** Called once the target answered the probe, with the scenarios about to run. */
  readonly onPlan?: (scenarios: readonly Scenario[]) => void;
  /** Called as each scenario starts (a TTY's "running …" line). */
  readonly onStart?: (scenario: Scenario) => void;
  /** `conform -H`: sent on every request, the control API's included; a scenario's own headers win. */
  readonly headers?: Readonly<Record<string, string>>;
  /** Stop at the first required scenario that fails (or a kit error); the report is marked partial. */
  readonly bail?: boolean;
  /**
   * Aborting it (Ctrl-C) ends the run at once: no scenario starts, requests in flight are
   * aborted, and the report holds what had finished, marked partial (`interrupted`).
   */
  readonly signal?: AbortSignal;
}

/** The spec file the suite checks against, and its sha256 over the file's bytes. */
export function specIdentity(): RunReport['spec'] {
  const text = readSpecText('ehealth');
  return {
    file: 'openapi/ehealth-otp.yaml',
    sha256: createHash('sha256').update(text, 'utf8').digest('hex'),
  };
}

function kitVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as {
      version?: unknown;
    };
    return typeof pkg.version === 'string' ? pkg.version : 'unknown';
  } catch {
    return 'unknown';
  }
}

export { selectScenarios } from './selection.js';

function parseTarget(target: string): URL {
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    throw new UsageError(`--target "${target}" is not a URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new UsageError(`--target "${target}" must be an http(s) URL`);
  if (url.username !== '' || url.password !== '')
    // Not echoed: the message would print the password.
    throw new UsageError(
      "--target must not carry credentials (user:password@): send a gateway's own header with -H",
    );
  if (url.search !== '' || url.hash !== '')
    throw new UsageError(`--target "${target}" must not carry a query or fragment`);
  return url;
}

/** Fresh `+380` + 9 random digits, never repeated within a run: no scenario shares a phone with another. */
function phoneFactory(): () => string {
  const used = new Set<string>();
  return () => {
    for (;;) {
      const phone = `+380${String(randomInt(0, 1_000_000_000)).padStart(9, '0')}`;
      if (!used.has(phone)) {
        used.add(phone);
        return phone;
      }
    }
  };
}

/**
 * Before any scenario: is the target there, and does its control API accept the token? Only a
 * target that cannot be reached at all, or a control API that is absent or refuses the token, stops
 * the run (exit code 2); a target that hangs or answers garbage is left to fail the scenarios.
 */
async function probe(
  send: (req: HttpRequest) => Promise<unknown>,
  control: ControlApi | undefined,
  baseUrl: string,
): Promise<void> {
  try {
    if (control !== undefined) {
      const status = await control.probe();
      if (status === 401 || status === 403)
        throw new UsageError(`the target's control API refused the control token (${status})`);
      if (status === 404)
        throw new UsageError(
          'the target has no control API (404 on /__control/sms); run without --control-token, with --config',
        );
    } else {
      await send({
        method: 'GET',
        url: `${baseUrl}/api/verifications/%2B380000000000`,
        headers: { accept: 'application/json' },
      });
    }
  } catch (error) {
    if (error instanceof TransportFailure && error.unreachable)
      throw new UsageError(`target ${baseUrl} is unreachable: ${error.message}`);
    if (error instanceof UsageError) throw error;
  }
}

/** Runs the suite against a target. Throws UsageError for bad options or an unreachable target. */
export async function runConformance(options: RunOptions): Promise<RunReport> {
  const started = new Date();
  const startedAt = performance.now();
  const url = parseTarget(options.target);
  const baseUrl = url.href.replace(/\/+$/, '');
  const basePath = url.pathname.replace(/\/+$/, '');
  const timeoutMs = options.timeoutMs ?? 5000;
  const limits = { timeoutMs, maxBodyBytes: options.maxResponseBytes ?? 1_048_576 };
  // Lower-case names, as the scenarios write theirs: a scenario's own header then replaces the
  // gateway's of the same name instead of going out beside it.
  const extraHeaders = Object.fromEntries(
    Object.entries(options.headers ?? {}).map(([name, value]) => [name.toLowerCase(), value]),
  );
  const transport = openTransport(options.fetch, options.signal);
  const send = (req: HttpRequest) =>
    transport.send({ ...req, headers: { ...extraHeaders, ...req.headers } }, limits);
  try {
    return await runWith(options, { started, startedAt, baseUrl, basePath, timeoutMs, extraHeaders, send });
  } finally {
    transport.close();
  }
}

/**
 * node:http by default; a given fetch (msw, an in-process engine, `globalThis.fetch`) otherwise,
 * with Ctrl-C aborting what it has in flight, so the partial report is written at once, not after
 * timeouts (the node transport does that itself).
 */
function openTransport(
  fetch: FetchLike | undefined,
  interrupt: AbortSignal | undefined,
): { readonly send: Transport; close(): void } {
  if (fetch === undefined) return nodeTransport(interrupt);
  const fetchFn: FetchLike =
    interrupt === undefined
      ? fetch
      : (input, init) =>
          fetch(input, {
            ...init,
            signal: init.signal == null ? interrupt : AbortSignal.any([init.signal, interrupt]),
          });
  return { send: fetchTransport(fetchFn), close: () => {} };
}

interface Prepared {
  readonly started: Date;
  readonly startedAt: number;
  readonly baseUrl: string;
  readonly basePath: string;
  readonly timeoutMs: number;
  readonly extraHeaders: Readonly<Record<string, string>>;
  readonly send: (req: HttpRequest) => Promise<HttpResponse>;
}

async function runWith(options: RunOptions, prepared: Prepared): Promise<RunReport> {
  const { started, startedAt, baseUrl, basePath, timeoutMs, extraHeaders, send } = prepared;
  const interrupt = options.signal;
  const config = options.config ?? EMPTY_CONFIG;
  const suite = options.scenarios ?? allScenarios;
  const families = resolveFamilies(suite, options.families ?? []).map((f) => f.id);
  const scenarios = selectScenarios(suite, options.only, families);

  const control =
    options.controlToken === undefined ? undefined : new ControlApi(send, baseUrl, options.controlToken);
  await probe(send, control, baseUrl);
  options.onPlan?.(scenarios);
  const provisioner: Provisioner =
    control === undefined
      ? configProvisioner(config, options.configLabel ?? 'the config file')
      : controlProvisioner(control);

  const secrets = new Set<string>();
  const state: RunState = {
    baseUrl,
    basePath,
    send,
    provisioner,
    limits: config.limits,
    checkResponse: options.checkResponse ?? defaultCheckResponse,
    freshPhone: phoneFactory(),
    secrets,
    extraHeaders,
  };
  const execute = {
    strict: options.strict ?? false,
    // Generous: the longest scenario (the SMS cap) makes about cap + 4 sequential requests.
    budgetMs: Math.max(10_000, timeoutMs * (config.limits.smsPerPhonePerHour + 10)),
    mask: options.mask === false ? noMask : createMasker(secrets),
    ...(options.mask !== false && {
      secretHeaders: new Set([...SECRET_HEADERS, ...Object.keys(extraHeaders).map((h) => h.toLowerCase())]),
    }),
  };
  const results = new Map<string, ScenarioResult>();
  let bailed = false;
  const stopped = () => bailed || interrupt?.aborted === true;
  const run = async (scenario: Scenario) => {
    options.onStart?.(scenario);
    const result = await executeScenario(scenario, state, execute);
    // A result that lands after Ctrl-C was cut off by the abort: it is not the target's doing.
    if (interrupt?.aborted === true) return result;
    results.set(result.id, result);
    options.onResult?.(result);
    if (
      options.bail === true &&
      (result.status === 'error' || (result.required && result.status === 'failed'))
    )
      bailed = true;
    return result;
  };

  // Moving the clock affects every code on the target, so those scenarios run alone, after the rest.
  const exclusive = scenarios.filter((s) => s.needs.includes('clock'));
  const shared = scenarios.filter((s) => !s.needs.includes('clock'));
  const pools = (async () => {
    await runPool(shared, options.concurrency ?? 8, run, stopped);
    await runPool(exclusive, 1, run, stopped);
  })();
  if (interrupt === undefined) await pools;
  else {
    const aborted = new Promise<void>((resolve) => {
      if (interrupt.aborted) resolve();
      else interrupt.addEventListener('abort', () => resolve(), { once: true });
    });
    await Promise.race([pools, aborted]);
    // What was in flight ends on its own (its requests are aborted); nothing waits for it.
    pools.catch(() => {});
  }
  const ordered = scenarios.map((s) => results.get(s.id)).filter((r): r is ScenarioResult => r !== undefined);
  const notRun = scenarios.filter((s) => !results.has(s.id));
  const partial =
    notRun.length === 0
      ? undefined
      : {
          reason: interrupt?.aborted === true ? ('interrupted' as const) : ('bail' as const),
          notRun: notRun.map((s) => s.id),
        };

  return {
    tool: 'ehealth-otp-kit conform',
    version: kitVersion(),
    target: baseUrl,
    mode: provisioner.mode,
    strict: execute.strict,
    masked: options.mask !== false,
    startedAt: started.toISOString(),
    durationMs: performance.now() - startedAt,
    spec: specIdentity(),
    ...(options.only !== undefined && options.only.length > 0 && { only: [...options.only] }),
    ...(families.length > 0 && { families: [...new Set(families)] }),
    suiteSize: suite.length,
    ...(Object.keys(extraHeaders).length > 0 && { extraHeaders: Object.keys(extraHeaders) }),
    ...(partial !== undefined && { partial }),
    summary: summarize(ordered, notRun.filter((s) => s.required).length),
    byFamily: familySummaries(ordered),
    profiles: profileReport(specDivergences(), scenarios, ordered),
    scenarios: ordered,
  };
}
