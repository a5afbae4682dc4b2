import { reproduce } from './curl.js';
import { formatSelection } from './list.js';
import { familySummaries, type RunReport, type ScenarioResult } from './model.js';
import { describeProfiles } from './profiles.js';
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

function testcase(r: ScenarioResult): string {
  const name = esc(`${r.id} ${r.title}`);
  const inner = outcome(r);
  const open = `    <testcase classname="conformance.${esc(r.operation)}" name="${name}" time="${seconds(r.durationMs)}"`;
  return inner === '' ? `${open}/>\n` : `${open}>\n${inner}    </testcase>\n`;
}

/**
 * JUnit XML: one testsuite per family (the spec's tag of the scenarios' operations, issue 15), so
 * CI shows each family's count apart; one testcase per scenario (classname = the operation). The
 * testsuites element counts the whole run; its properties say what was selected.
 */
export function renderJunit(report: RunReport): string {
  const s = report.summary;
  const selection = formatSelection(report);
  const facts = [
    ...(selection === undefined ? [] : [['selected', selection]]),
    ...(report.profiles === undefined ? [] : [['profile', describeProfiles(report.profiles)[0] ?? '']]),
  ];
  const properties =
    facts.length === 0
      ? ''
      : `    <properties>${facts.map(([n, v]) => `<property name="${n}" value="${esc(v ?? '')}"/>`).join('')}</properties>\n`;
  const suites = familySummaries(report.scenarios)
    .map((f) => {
      const t = f.summary;
      const results = report.scenarios.filter((r) => r.family.id === f.id);
      const time = seconds(results.reduce((sum, r) => sum + r.durationMs, 0));
      return (
        `  <testsuite name="ehealth-otp-kit conformance: ${esc(report.target)}: ${esc(f.name)}" id="${esc(f.id)}" tests="${t.total}" failures="${t.failed}" errors="${t.error}" skipped="${t.skipped}" time="${time}" timestamp="${esc(report.startedAt)}">\n` +
        properties +
        results.map(testcase).join('') +
        '  </testsuite>\n'
      );
    })
    .join('');
  // A run interrupted before any scenario finished still has its (empty) suite.
  const empty = `  <testsuite name="ehealth-otp-kit conformance: ${esc(report.target)}" tests="0" failures="0" errors="0" skipped="0" time="0.000" timestamp="${esc(report.startedAt)}">\n${properties}  </testsuite>\n`;
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<testsuites name="${esc(report.tool)}" tests="${s.total}" failures="${s.failed}" errors="${s.error}" skipped="${s.skipped}" time="${seconds(report.durationMs)}">\n` +
    (suites === '' ? empty : suites) +
    '</testsuites>\n'
  );
}
