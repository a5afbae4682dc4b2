import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfigFile, type SuiteConfig } from './config.js';
import { prepareOutDir } from './out-dir.js';
import { formatSummary } from './report/list.js';
import { exitCodeOf, type RunReport } from './report/model.js';
import { LiveProgress } from './report/progress.js';
import { runConformance } from './runner/run.js';
import { familiesOf, familyOf } from './runner/selection.js';
import { UsageError } from './runner/signals.js';
import { allScenarios } from './scenarios/index.js';

export interface CommandIo {
  readonly stdout: (s: string) => void;
  readonly stderr: (s: string) => void;
  /** Which streams are terminals (live status line, colour); default: neither. */
  readonly terminal?: { readonly stdout?: boolean; readonly stderr?: boolean };
  /** For NO_COLOR / FORCE_COLOR; default process.env. */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

const REPORTERS = ['list', 'json', 'junit', 'html'] as const;
type Reporter = (typeof REPORTERS)[number];
type FileReporter = Exclude<Reporter, 'list'>;

type Render = (report: RunReport) => string;

/**
 * Each file reporter is imported when asked for, so a run with the list reporter alone (the
 * terminal's default, and the bench's) does not load them; the signing code likewise.
 */
const FILES: Readonly<Record<FileReporter, { name: string; load: () => Promise<Render> }>> = {
  json: { name: 'report.json', load: async () => (await import('./report/json.js')).renderJson },
  junit: { name: 'junit.xml', load: async () => (await import('./report/junit.js')).renderJunit },
  html: { name: 'report.html', load: async () => (await import('./report/html.js')).renderHtml },
};

const loadSigner = async () => (await import('./report/certificate.js')).signReport;

/** Lets CI keep the control token out of the process list. */
const CONTROL_TOKEN_ENV = 'EHEALTH_OTP_KIT_CONTROL_TOKEN';

/** A comma-separated list in the option column of USAGE, wrapped at 90 characters. */
function wrapList(items: readonly string[]): string {
  const indent = ' '.repeat(26);
  const lines: string[] = [];
  let line = '';
  for (const item of items) {
    const next = line === '' ? item : `${line}, ${item}`;
    if (indent.length + next.length > 88 && line !== '') {
      lines.push(`${line},`);
      line = item;
    } else line = next;
  }
  if (line !== '') lines.push(`${line};`);
  return lines.map((l) => `${indent}${l}`).join('\n');
}

export const USAGE = `Usage: ehealth-otp-kit conform --target <base-url> [options]

Checks a deployment of the eHealth OTP flow against the kit's contract.

  --target URL            base URL of the target (or "target" in the config file)
  --control-token TOKEN   provision tokens, person requests and phones through the target's
                          control API (/__control); also read from $${CONTROL_TOKEN_ENV}
  --config FILE           YAML or JSON: tokens, api_key, fixtures, limits (required without
                          a control token)
  --strict                known divergences fail instead of passing with a warning
  --family NAME,...       run only the scenarios of these families: the spec's tag of each
                          operation, by its id or its name (--list shows each scenario's):
${wrapList(familiesOf(allScenarios).map((f) => f.id))}
                          the score then counts these families only, and the reports say so
  --only ID,...           run only these scenarios (a trailing * matches a prefix); with
                          --family, the scenarios both select
  --reporter NAME ...     list | json | junit | html (repeatable or comma-separated);
                          default: list, plus all three files with --out
  --out DIR               write report.json, junit.xml and report.html into DIR
  --timeout MS            per-request timeout (default 5000)
  --no-mask               show phone numbers and codes in reports unmasked
  --list                  print every scenario (id, operation, required, tags, family) and exit
  -x, --bail, --exitfirst stop at the first required scenario that fails (report marked partial)
  -H, --header 'N: V'     send this header on every request (repeatable): a gateway's own
                          headers; their values are masked in reports unless --no-mask
  --sign KEY              sign report.json with this Ed25519 private key (a PEM file) into
                          report.sig (needs --out; --sign-key is an alias); check it with
                          ehealth-otp-kit verify

Progress: a line per finished scenario; on a terminal also a live status line and colour
(NO_COLOR turns colour off, FORCE_COLOR on). Ctrl-C stops the run and still writes the
reports of what finished, marked partial (exit code 130).

Exit codes: 0 every required scenario passed, 1 a scenario failed or the kit erred,
2 usage or config error, or an unreachable target, 130 interrupted.
`;

interface Parsed {
  readonly target: string;
  readonly controlToken: string | undefined;
  readonly config: SuiteConfig | undefined;
  readonly configLabel: string | undefined;
  readonly strict: boolean;
  readonly only: string[] | undefined;
  readonly families: string[] | undefined;
  readonly reporters: Set<Reporter>;
  readonly out: string | undefined;
  readonly timeoutMs: number;
  readonly mask: boolean;
  readonly bail: boolean;
  readonly headers: Readonly<Record<string, string>>;
  readonly signKey: string | undefined;
}

function parse(
  argv: readonly string[],
): ReturnType<typeof parseArgs<{ options: typeof OPTIONS; strict: true }>> | 'help' {
  // The CLI may pass its arguments with or without the subcommand name.
  const args = argv[0] === 'conform' ? argv.slice(1) : [...argv];
  let parsed: ReturnType<typeof parseArgs<{ options: typeof OPTIONS; strict: true }>>;
  try {
    parsed = parseArgs({ args, options: OPTIONS, strict: true, allowPositionals: false });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  return parsed.values.help === true ? 'help' : parsed;
}

const OPTIONS = {
  target: { type: 'string' },
  'control-token': { type: 'string' },
  config: { type: 'string' },
  strict: { type: 'boolean' },
  only: { type: 'string', multiple: true },
  family: { type: 'string', multiple: true },
  reporter: { type: 'string', multiple: true },
  out: { type: 'string' },
  timeout: { type: 'string' },
  'no-mask': { type: 'boolean' },
  list: { type: 'boolean' },
  bail: { type: 'boolean', short: 'x' },
  exitfirst: { type: 'boolean' },
  header: { type: 'string', short: 'H', multiple: true },
  sign: { type: 'string' },
  'sign-key': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** RFC 9110 §5.1: a header name is a token. */
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** `-H 'Name: value'`, as curl writes it; repeated names keep the last. */
function parseHeaders(values: readonly string[] | undefined): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const raw of values ?? []) {
    const colon = raw.indexOf(':');
    const name = colon === -1 ? '' : raw.slice(0, colon).trim();
    const value = colon === -1 ? '' : raw.slice(colon + 1).trim();
    if (!TOKEN.test(name) || /[\r\n\0]/.test(value))
      throw new UsageError(`-H "${raw}": write a header as 'Name: value'`);
    headers[name.toLowerCase()] = value;
  }
  return headers;
}

function splitList(values: readonly string[] | undefined): string[] | undefined {
  const items = values
    ?.flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter((v) => v !== '');
  return items === undefined || items.length === 0 ? undefined : items;
}

async function resolve(values: Exclude<ReturnType<typeof parse>, 'help'>['values']): Promise<Parsed> {
  const controlToken = values['control-token'] ?? (process.env[CONTROL_TOKEN_ENV] || undefined);
  if (values.config === undefined && controlToken === undefined) {
    throw new UsageError(
      'without --control-token, --config FILE must list the tokens, api_key and fixtures to use',
    );
  }
  const config =
    values.config === undefined
      ? undefined
      : await loadConfigFile(values.config, { requireCredentials: controlToken === undefined });
  const target = values.target ?? config?.target;
  if (target === undefined) throw new UsageError('--target URL is required (or "target" in the config file)');

  let timeoutMs = 5000;
  if (values.timeout !== undefined) {
    timeoutMs = Number(values.timeout);
    if (!/^\d+$/.test(values.timeout) || timeoutMs < 1)
      throw new UsageError(`--timeout must be a positive number of milliseconds, got "${values.timeout}"`);
  }

  const names = splitList(values.reporter);
  for (const name of names ?? []) {
    if (!(REPORTERS as readonly string[]).includes(name))
      throw new UsageError(`--reporter: unknown reporter "${name}" (choose from ${REPORTERS.join(', ')})`);
  }
  const reporters = new Set<Reporter>(
    (names as Reporter[] | undefined) ??
      (values.out === undefined ? ['list'] : ['list', 'json', 'junit', 'html']),
  );
  const toStdout = [...reporters].filter((r) => r !== 'list');
  if (values.out === undefined && toStdout.length > 1) {
    throw new UsageError(
      `--reporter ${toStdout.join(', ')}: without --out only one of json, junit, html can go to stdout`,
    );
  }

  return {
    target,
    controlToken,
    config,
    configLabel: values.config,
    strict: values.strict === true,
    only: splitList(values.only),
    families: splitList(values.family),
    reporters,
    out: values.out,
    timeoutMs,
    mask: values['no-mask'] !== true,
    bail: values.bail === true || values.exitfirst === true,
    headers: parseHeaders(values.header),
    signKey: await signingKey(values.sign ?? values['sign-key'], values.out),
  };
}

/** Read and checked before the run: a bad key must not cost a whole run to find out. */
async function signingKey(path: string | undefined, out: string | undefined): Promise<string | undefined> {
  if (path === undefined) return undefined;
  if (out === undefined)
    throw new UsageError('--sign needs --out DIR (it writes report.json and report.sig there)');
  let pem: string;
  try {
    pem = await readFile(path, 'utf8');
  } catch (error) {
    const code =
      typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : String(error);
    throw new UsageError(`--sign ${path}: cannot read it (${code})`);
  }
  const signReport = await loadSigner();
  try {
    signReport({}, pem);
  } catch (error) {
    throw new UsageError(`--sign ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
  return pem;
}

/** NO_COLOR (any value) turns colour off, FORCE_COLOR (other than 0) on; else a terminal decides. */
export function wantsColour(env: Readonly<Record<string, string | undefined>>, terminal: boolean): boolean {
  const force = env.FORCE_COLOR;
  if (force !== undefined && force !== '') return force !== '0' && force !== 'false';
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  return terminal;
}

/** `ehealth-otp-kit conform …`; resolves to the exit code and never throws. */
export async function runConformCommand(
  argv: readonly string[],
  io: CommandIo = { stdout: (s) => process.stdout.write(s), stderr: (s) => process.stderr.write(s) },
): Promise<number> {
  try {
    const parsed = parse(argv);
    if (parsed === 'help') {
      io.stdout(USAGE);
      return 0;
    }
    if (parsed.values.list === true) {
      io.stdout(scenarioList());
      return 0;
    }
    const options = await resolve(parsed.values);
    const fileReporters = [...options.reporters].filter((r): r is FileReporter => r !== 'list');
    if (options.signKey !== undefined && !fileReporters.includes('json')) fileReporters.push('json');
    // With a machine-readable report on stdout, live progress moves to stderr.
    const toStderr = options.out === undefined && fileReporters.length > 0;
    const progress = toStderr ? io.stderr : io.stdout;
    const terminal = (toStderr ? io.terminal?.stderr : io.terminal?.stdout) === true;
    const style = { colour: wantsColour(io.env ?? process.env, terminal) };
    const list = options.reporters.has('list');
    if (options.out !== undefined) await prepareOutDir(options.out);
    const live = list ? new LiveProgress(progress, terminal, style) : undefined;

    // Ctrl-C once: stop, write what finished. Twice: leave at once.
    const interrupt = new AbortController();
    const onSignal = () => {
      if (interrupt.signal.aborted) process.exit(130);
      live?.note('Interrupted: writing the reports of what finished (Ctrl-C again to quit at once)');
      interrupt.abort();
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    let report: RunReport;
    try {
      report = await runConformance({
        target: options.target,
        ...(options.controlToken !== undefined && { controlToken: options.controlToken }),
        ...(options.config !== undefined && { config: options.config }),
        ...(options.configLabel !== undefined && { configLabel: options.configLabel }),
        ...(options.only !== undefined && { only: options.only }),
        ...(options.families !== undefined && { families: options.families }),
        strict: options.strict,
        timeoutMs: options.timeoutMs,
        mask: options.mask,
        bail: options.bail,
        headers: options.headers,
        signal: interrupt.signal,
        onPlan: (planned) => live?.plan(planned.length, options.target),
        onStart: (scenario) => live?.start(scenario.id),
        onResult: (result) => live?.finish(result),
      });
    } finally {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      live?.end();
    }

    if (list) progress(formatSummary(report, style));
    if (options.out !== undefined) {
      const written = await writeReports(options.out, fileReporters, report, options.signKey);
      if (list) progress(`Reports: ${written.join(', ')}\n`);
    } else {
      for (const r of fileReporters) io.stdout((await FILES[r].load())(report));
    }
    if (report.partial?.reason === 'interrupted') return 130;
    return exitCodeOf(report);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`ehealth-otp-kit conform: ${error.message}\n`);
      return 2;
    }
    if (error instanceof ConfigError) {
      io.stderr(error.problems.map((p) => `ehealth-otp-kit conform: ${p}\n`).join(''));
      return 2;
    }
    // Not the target's fault and not the user's: say so in one line, without a stack trace.
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    io.stderr(`ehealth-otp-kit conform: kit error (please report it): ${message}\n`);
    return 1;
  }
}

/**
 * One tab-separated line per scenario, in report order: what `--only` can name, what tags a kind
 * of check, and the family `--family` selects it by.
 */
function scenarioList(): string {
  return allScenarios
    .map(
      (s) =>
        `${s.id}\t${s.operation}\t${s.required ? 'required' : 'optional'}\t${(s.tags ?? []).join(',')}\t${familyOf(s.operation).id}\n`,
    )
    .join('');
}

/** Writes the reports (and report.sig, signed over report.json as written); answers the paths. */
async function writeReports(
  dir: string,
  reporters: readonly FileReporter[],
  report: RunReport,
  signKey: string | undefined,
): Promise<string[]> {
  // Loaded before the files are written: a fault here is the kit's, not the output directory's.
  const renders = await Promise.all(reporters.map((r) => FILES[r].load()));
  const renderJson = signKey === undefined ? undefined : await FILES.json.load();
  const signReport = signKey === undefined ? undefined : await loadSigner();
  try {
    await mkdir(dir, { recursive: true });
    const files = reporters.map((r, i) => ({
      path: join(dir, FILES[r].name),
      text: (renders[i] as Render)(report),
    }));
    if (signKey !== undefined && renderJson !== undefined && signReport !== undefined) {
      // Signed over the file's own JSON, so the verifier reads exactly what was signed.
      const json = files.find((f) => f.path.endsWith(FILES.json.name))?.text ?? renderJson(report);
      const signature = signReport(JSON.parse(json) as unknown, signKey);
      files.push({ path: join(dir, 'report.sig'), text: `${JSON.stringify(signature, null, 2)}\n` });
    }
    await Promise.all(files.map((f) => writeFile(f.path, f.text)));
    return files.map((f) => f.path);
  } catch (error) {
    const code =
      typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : String(error);
    throw new UsageError(`--out ${dir}: cannot write the reports (${code})`);
  }
}
