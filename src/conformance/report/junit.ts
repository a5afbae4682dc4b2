import { reproduce } from './curl.js';
import type { RunReport, ScenarioResult } from './model.js';
import { escapeMarkup as esc } from './xml.js';

function seconds(ms: number): string {
  return (ms / 1000).toFixed(3);
}

/** The element under <testcase> that tells CI how the scenario ended; a divergence passes with a note. */
function outcome(result: ScenarioResult): string {
  const reason = esc(result.reason ?? '');
  const steps = result.status === 'failed' ? reproduce(result.exchanges) : [];
  const body = esc(
    [...result.problems, ...(steps.length === 0 ? [] : ['', 'To reproduce:', ...steps])].join('\n'),
  );
  switch (result.status) {
    case 'failed':
      return `      <failure message="${reason}" type="${result.divergences.length > 0 ? 'known-divergence-strict' : 'conformance'}">${body}</failure>\n`;
    case 'error':
      return `      <error message="${reason}" type="kit-error">${body}</error>\n`;
    case 'skipped':
      return `      <skipped message="${reason}"/>\n`;
    case 'divergence':
      return `      <system-out>${reason}</system-out>\n`;
    case 'passed':
      return '';
  }
}

/** JUnit XML: one testsuite, one testcase per scenario (classname = the operation). */
export function renderJunit(report: RunReport): string {
  const s = report.summary;
  const cases = report.scenarios
    .map((r) => {
      const name = esc(`${r.id} ${r.title}`);
      const inner = outcome(r);
      const open = `    <testcase classname="conformance.${esc(r.operation)}" name="${name}" time="${seconds(r.durationMs)}"`;
      return inner === '' ? `${open}/>\n` : `${open}>\n${inner}    </testcase>\n`;
    })
    .join('');
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<testsuites name="${esc(report.tool)}" tests="${s.total}" failures="${s.failed}" errors="${s.error}" skipped="${s.skipped}" time="${seconds(report.durationMs)}">\n` +
    `  <testsuite name="ehealth-otp-kit conformance: ${esc(report.target)}" tests="${s.total}" failures="${s.failed}" errors="${s.error}" skipped="${s.skipped}" time="${seconds(report.durationMs)}" timestamp="${esc(report.startedAt)}">\n` +
    cases +
    '  </testsuite>\n' +
    '</testsuites>\n'
  );
}
