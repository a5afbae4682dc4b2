import type { RunReport, ScenarioResult, ScenarioStatus } from './model.js';

const LABELS: Readonly<Record<ScenarioStatus, string>> = {
  passed: 'PASS',
  failed: 'FAIL',
  skipped: 'SKIP',
  divergence: 'DIVERGENCE',
  error: 'KIT ERROR',
};

function ms(value: number): string {
  return value < 1000 ? `${Math.round(value)} ms` : `${(value / 1000).toFixed(2)} s`;
}

/** One line per finished scenario (status, id, title, duration), then why, indented. */
export function formatResultLine(result: ScenarioResult): string {
  const head = `${LABELS[result.status].padEnd(10)} ${result.id}  ${result.title}  (${ms(result.durationMs)})`;
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
  return `${head}${optional}\n${[...details, ...more].map((line) => `           ${line}\n`).join('')}`;
}

export function formatSummary(report: RunReport): string {
  const s = report.summary;
  const score =
    s.score === null
      ? 'n/a (nothing ran)'
      : `${(s.score * 100).toFixed(1)}% (${s.passed + s.divergence}/${s.total - s.skipped})`;
  const lines = [
    '',
    `${s.total} scenarios against ${report.target} (${report.mode === 'control' ? 'control API' : 'config file'}${report.strict ? ', strict' : ''}) in ${ms(report.durationMs)}`,
    `  passed ${s.passed}, failed ${s.failed}, known divergences ${s.divergence}, skipped ${s.skipped}, kit errors ${s.error}`,
    `  score ${score}`,
  ];
  if (s.error > 0)
    lines.push('  Kit errors are faults of ehealth-otp-kit itself, not of the target: please report them.');
  return `${lines.join('\n')}\n`;
}
