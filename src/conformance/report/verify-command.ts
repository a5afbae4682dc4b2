import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { specIdentity } from '../runner/run.js';
import { CertificateError, verifyReport } from './certificate.js';
import { formatScore, formatSelection, formatVerdict } from './list.js';
import type { RunReport } from './model.js';
import { describeProfiles } from './profiles.js';

interface Io {
  readonly stdout: (s: string) => void;
  readonly stderr: (s: string) => void;
}

export const VERIFY_USAGE = `Usage: ehealth-otp-kit verify <report.json> --pub <key.pub> [--sig <report.sig>]

Checks, offline, that a conformance report was signed (conform --sign KEY) with the private key
of this public key and not changed since, then says what it certifies. verify-report is an alias.

  --pub FILE   the signer's Ed25519 public key (PEM, e.g. from openssl pkey -pubout)
  --sig FILE   the signature (default: report.sig beside the report)

Exit codes: 0 the signature is valid, 1 it is not (changed, another key, not a signature),
2 usage error or a file that cannot be read.
`;

class Usage extends Error {}

async function read(path: string, what: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '';
    throw new Usage(`cannot read the ${what} ${path}${code === '' ? '' : ` (${code})`}`);
  }
}

function parseJson(text: string, path: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return { notJson: path };
  }
}

/** What the run certified: every scenario, or the families and ids it selected. */
function selected(report: RunReport): string {
  return formatSelection(report) ?? 'every scenario';
}

/** What a valid certificate says, for a person to read; fields read defensively (the signer wrote them). */
function describe(report: RunReport): string {
  const here = specIdentity();
  const spec = report.spec;
  const specLine =
    spec === undefined
      ? 'spec: not recorded (a report from an older kit)'
      : `spec: ${spec.file} sha256 ${spec.sha256} (${spec.sha256 === here.sha256 ? 'the same text as this kit' : 'NOT the spec of this kit'})`;
  const lines = [
    `suite: ${report.tool} ${report.version}`,
    specLine,
    `target: ${report.target}`,
    `run: ${report.mode === 'control' ? 'control API' : 'config file'}${report.strict ? ', strict' : ''}, ${selected(report)}${report.extraHeaders === undefined ? '' : `, headers ${report.extraHeaders.join(', ')}`}`,
    `time: ${report.startedAt}`,
    `result: ${formatVerdict(report)}; score ${formatScore(report.summary)}`,
    // Read defensively: a report from an older kit has no profiles, a hand-made one may have junk.
    ...(Array.isArray(report.profiles?.fits) && Array.isArray(report.profiles?.divergences)
      ? [describeProfiles(report.profiles)[0] ?? '']
      : []),
  ];
  if (report.partial !== undefined)
    lines.push(`PARTIAL RUN (${report.partial.reason}): ${report.partial.notRun.length} not run`);
  return lines.map((l) => `  ${l}\n`).join('');
}

/** `ehealth-otp-kit verify report.json --pub key.pub`; resolves to the exit code, never throws. */
export async function runVerifyReportCommand(argv: readonly string[], io: Io): Promise<number> {
  try {
    let parsed: ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>;
    try {
      parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
    } catch (error) {
      throw new Usage(error instanceof Error ? error.message : String(error));
    }
    if (parsed.values.help === true) {
      io.stdout(VERIFY_USAGE);
      return 0;
    }
    const [reportPath, ...extra] = parsed.positionals;
    if (reportPath === undefined || extra.length > 0) throw new Usage('give exactly one report.json');
    if (parsed.values.pub === undefined) throw new Usage("--pub FILE (the signer's public key) is required");
    const sigPath = parsed.values.sig ?? reportPath.replace(/(\.json)?$/, '.sig');
    const report = parseJson(await read(reportPath, 'report'), reportPath);
    const signature = parseJson(await read(sigPath, 'signature'), sigPath);
    const result = verifyReport(report, signature, await read(parsed.values.pub, 'public key'));
    if (!result.ok) {
      io.stdout(`INVALID: ${reportPath}: ${result.reason}\n`);
      return 1;
    }
    let what: string;
    try {
      what = describe(report as RunReport);
    } catch {
      what = '  (the signed file is not a conformance report of this kit)\n';
    }
    io.stdout(
      `VALID: ${reportPath} was signed by key ${result.keyId} and not changed since. It certifies:\n${what}`,
    );
    io.stdout(
      'A signature proves who signed and that the report is unchanged, not that the run was honest.\n',
    );
    return 0;
  } catch (error) {
    if (error instanceof Usage || error instanceof CertificateError) {
      io.stderr(`ehealth-otp-kit verify: ${error.message}\n`);
      return 2;
    }
    io.stderr(
      `ehealth-otp-kit verify: kit error (please report it): ${error instanceof Error ? error.message : String(error)}\n`,
    );
    return 1;
  }
}

const OPTIONS = {
  pub: { type: 'string' },
  sig: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;
