import { reproduce } from './curl.js';
import type { RunReport, ScenarioResult, ScenarioStatus, Summary } from './model.js';
import { describeProfiles } from './profiles.js';

const LABELS: Readonly<Record<ScenarioStatus, string>> = {
  passed: 'PASS',
  failed: 'FAIL',
  skipped: 'SKIP',
  divergence: 'DIVERGENCE',
  error: 'KIT ERROR',
};

/** SGR colours per status (green, red, grey, yellow, magenta); only used on a terminal (cli.ts). */
const COLOURS: Readonly<Record<ScenarioStatus, string>> = {
  passed: '32',
  failed: '31',
  skipped: '90',
  divergence: '33',
  error: '35',
};

export interface LineStyle {
  /** ANSI colour (a terminal that wants it: NO_COLOR / FORCE_COLOR decide in cli.ts). */
  readonly colour: boolean;
}

const PLAIN: LineStyle = { colour: false };

export function paint(style: LineStyle, sgr: string, text: string): string {
  return style.colour ? `\u001b[${sgr}m${text}\u001b[0m` : text;
}

function ms(value: number): string {
  return value < 1000 ? `${Math.round(value)} ms` : `${(value / 1000).toFixed(2)} s`;
}

/** One line per finished scenario (status, id, title, duration), then why, indented. */
export function formatResultLine(result: ScenarioResult, style: LineStyle = PLAIN): string {
  const label = paint(style, COLOURS[result.status], LABELS[result.status].padEnd(10));
  const head = `${label} ${result.id}  ${result.title}  (${ms(result.durationMs)})`;
  const optional = result.required ? '' : ' [not required]';
  if (result.status === 'passed') return `${head}\n`;
  const details =
    result.status === 'failed'
      ? result.problems.slice(0, 3)
      : result.reason === undefined
        ? []
        : [result.reason];
  const more =
    result.status === 'failed' && result.problems.length > 3
      ? [`… and ${result.problems.length - 3} more`]
      : [];
  // The request that failed is the last one made; the reports hold the whole sequence.
  const last = result.status === 'failed' ? reproduce(result.exchanges).at(-1) : undefined;
  const again = last === undefined ? [] : [paint(style, '2', `reproduce: ${last}`)];
  return `${head}${optional}\n${[...details, ...more, ...again].map((line) => `           ${line}\n`).join('')}`;
}

/** "100.0% of the 44 that ran (44/44 passed, 20 skipped)": a score never hides what did not run. */
export function formatScore(s: Summary): string {
  if (s.score === null) return `n/a (nothing ran${s.skipped > 0 ? `, ${s.skipped} skipped` : ''})`;
  const ran = s.total - s.skipped;
  const skipped = s.skipped > 0 ? `, ${s.skipped} skipped` : '';
  return `${(s.score * 100).toFixed(1)}% of the ${ran} that ran (${s.passed + s.divergence}/${ran} passed${skipped})`;
}

/**
 * What a narrowed run selected, or undefined for the whole suite: "family declaration-requests
 * (12 of 229 scenarios)". A score of a narrowed run counts only these, and says so.
 */
export function formatSelection(report: RunReport): string | undefined {
  const parts = [
    ...(report.families === undefined ? [] : [`family ${report.families.join(', ')}`]),
    ...(report.only === undefined ? [] : [`--only ${report.only.join(',')}`]),
  ];
  if (parts.length === 0) return undefined;
  const of = report.suiteSize === undefined ? '' : ` of ${report.suiteSize}`;
  return `${parts.join(', ')} (${report.summary.total + (report.partial?.notRun.length ?? 0)}${of} scenarios)`;
}

/** The one-line verdict; a run that skipped required scenarios cannot read as a pass. */
export function formatVerdict(report: RunReport): string {
  const s = report.summary;
  const notRun = report.partial?.notRun.length ?? 0;
  const selection = formatSelection(report);
  if (s.verdict === 'pass')
    return `PASS: every required scenario ran and passed${selection === undefined ? '' : `, of those selected: ${selection}`}`;
  if (s.verdict === 'fail') return 'FAIL: a required scenario failed or the kit erred';
  const why = [
    ...(s.requiredSkipped > 0 ? [`${s.requiredSkipped} required scenario(s) skipped`] : []),
    ...(notRun > 0 ? [`${notRun} scenario(s) did not run`] : []),
  ];
  return `INCOMPLETE: nothing failed, but ${why.join(' and ')}: not a full pass`;
}

export function formatSummary(report: RunReport, style: LineStyle = PLAIN): string {
  const s = report.summary;
  const verdictColour = s.verdict === 'pass' ? '32;1' : s.verdict === 'fail' ? '31;1' : '33;1';
  const lines = [
    '',
    `${s.total} scenarios against ${report.target} (${report.mode === 'control' ? 'control API' : 'config file'}${report.strict ? ', strict' : ''}) in ${ms(report.durationMs)}`,
    `  passed ${s.passed}, failed ${s.failed}, known divergences ${s.divergence}, skipped ${s.skipped}${s.requiredSkipped > 0 ? ` (${s.requiredSkipped} required)` : ''}, kit errors ${s.error}`,
    `  score ${formatScore(s)}`,
  ];
  const selection = formatSelection(report);
  if (selection !== undefined)
    lines.push(`  selected: ${selection}; the score counts the selected scenarios only`);
  const families = report.byFamily ?? [];
  if (families.length > 1)
    for (const f of families) lines.push(`  family ${f.id}: score ${formatScore(f.summary)}`);
  if (report.profiles !== undefined) lines.push(...describeProfiles(report.profiles).map((l) => `  ${l}`));
  if (report.partial !== undefined) {
    const why =
      report.partial.reason === 'bail' ? 'stopped at the first required failure (--bail)' : 'interrupted';
    lines.push(`  PARTIAL RUN, ${why}: ${report.partial.notRun.length} selected scenario(s) did not run`);
  }
  lines.push(`  ${paint(style, verdictColour, formatVerdict(report))}`);
  if (s.error > 0)
    lines.push('  Kit errors are faults of ehealth-otp-kit itself, not of the target: please report them.');
  return `${lines.join('\n')}\n`;
}
