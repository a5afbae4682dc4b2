import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfigFile, type SuiteConfig } from './config.js';
import { prepareOutDir } from './out-dir.js';
import { renderHtml } from './report/html.js';
import { renderJson } from './report/json.js';
import { renderJunit } from './report/junit.js';
import { formatResultLine, formatSummary } from './report/list.js';
import { exitCodeOf, type RunReport } from './report/model.js';
import { runConformance } from './runner/run.js';
import { UsageError } from './runner/signals.js';
import { allScenarios } from './scenarios/index.js';

export interface CommandIo {
  readonly stdout: (s: string) => void;
  readonly stderr: (s: string) => void;
}

const REPORTERS = ['list', 'json', 'junit', 'html'] as const;
type Reporter = (typeof REPORTERS)[number];
type FileReporter = Exclude<Reporter, 'list'>;

const FILES: Readonly<Record<FileReporter, { name: string; render: (r: RunReport) => string }>> = {
  json: { name: 'report.json', render: renderJson },
  junit: { name: 'junit.xml', render: renderJunit },
  html: { name: 'report.html', render: renderHtml },
};

/** Lets CI keep the control token out of the process list. */
const CONTROL_TOKEN_ENV = 'EHEALTH_OTP_KIT_CONTROL_TOKEN';

export const USAGE = `Usage: ehealth-otp-kit conform --target <base-url> [options]

Checks a deployment of the eHealth OTP flow against the kit's contract.

  --target URL            base URL of the target (or "target" in the config file)
  --control-token TOKEN   provision tokens, person requests and phones through the target's
                          control API (/__control); also read from $${CONTROL_TOKEN_ENV}
  --config FILE           YAML or JSON: tokens, api_key, fixtures, limits (required without
                          a control token)
  --strict                known divergences fail instead of passing with a warning
  --only ID,...           run only these scenarios (a trailing * matches a prefix)
  --reporter NAME ...     list | json | junit | html (repeatable or comma-separated);
                          default: list, plus all three files with --out
  --out DIR               write report.json, junit.xml and report.html into DIR
  --timeout MS            per-request timeout (default 5000)
  --no-mask               show phone numbers and codes in reports unmasked
  --list                  print every scenario (id, operation, required, tags) and exit

Exit codes: 0 every required scenario passed, 1 a scenario failed or the kit erred,
2 usage or config error, or an unreachable target.
`;

interface Parsed {
  readonly target: string;
  readonly controlToken: string | undefined;
  readonly config: SuiteConfig | undefined;
  readonly configLabel: string | undefined;
  readonly strict: boolean;
  readonly only: string[] | undefined;
  readonly reporters: Set<Reporter>;
  readonly out: string | undefined;
  readonly timeoutMs: number;
  readonly mask: boolean;
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
  reporter: { type: 'string', multiple: true },
  out: { type: 'string' },
  timeout: { type: 'string' },
  'no-mask': { type: 'boolean' },
  list: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

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
    reporters,
    out: values.out,
    timeoutMs,
    mask: values['no-mask'] !== true,
  };
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
    // With a machine-readable report on stdout, live progress moves to stderr.
    const progress = options.out === undefined && fileReporters.length > 0 ? io.stderr : io.stdout;
    const list = options.reporters.has('list');
    if (options.out !== undefined) await prepareOutDir(options.out);

    const report = await runConformance({
      target: options.target,
      ...(options.controlToken !== undefined && { controlToken: options.controlToken }),
      ...(options.config !== undefined && { config: options.config }),
      ...(options.configLabel !== undefined && { configLabel: options.configLabel }),
      ...(options.only !== undefined && { only: options.only }),
      strict: options.strict,
      timeoutMs: options.timeoutMs,
      mask: options.mask,
      onResult: (result) => {
        if (list) progress(formatResultLine(result));
      },
    });

    if (list) progress(formatSummary(report));
    if (options.out !== undefined) {
      await writeReports(options.out, fileReporters, report);
      if (list)
        progress(`Reports: ${fileReporters.map((r) => join(options.out ?? '', FILES[r].name)).join(', ')}\n`);
    } else {
      for (const r of fileReporters) io.stdout(FILES[r].render(report));
    }
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

/** One tab-separated line per scenario, in report order: what `--only` can name, and what tags a kind of check. */
function scenarioList(): string {
  return allScenarios
    .map(
      (s) =>
        `${s.id}\t${s.operation}\t${s.required ? 'required' : 'optional'}\t${(s.tags ?? []).join(',')}\n`,
    )
    .join('');
}

async function writeReports(
  dir: string,
  reporters: readonly FileReporter[],
  report: RunReport,
): Promise<void> {
  try {
    await mkdir(dir, { recursive: true });
    await Promise.all(reporters.map((r) => writeFile(join(dir, FILES[r].name), FILES[r].render(report))));
  } catch (error) {
    const code =
      typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : String(error);
    throw new UsageError(`--out ${dir}: cannot write the reports (${code})`);
  }
}
