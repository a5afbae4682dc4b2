import { describe, expect, it } from 'vitest';
import { renderHtml } from '../../src/conformance/report/html.js';
import { renderJson } from '../../src/conformance/report/json.js';
import { renderJunit } from '../../src/conformance/report/junit.js';
import { formatResultLine, formatSummary } from '../../src/conformance/report/list.js';
import {
  exitCodeOf,
  type RunReport,
  type ScenarioResult,
  summarize,
} from '../../src/conformance/report/model.js';

const EVIL = '<script>alert("x")</script> & \'quotes\' \u0001';

function result(
  id: string,
  status: ScenarioResult['status'],
  extra: Partial<ScenarioResult> = {},
): ScenarioResult {
  return {
    id,
    title: `Scenario ${id}.`,
    operation: 'initializeVerification',
    contract: 'initializeVerification 200',
    required: true,
    needs: [],
    status,
    problems: [],
    divergences: [],
    notes: [],
    durationMs: 12.5,
    exchanges: [
      { method: 'POST', path: '/api/verifications', status: 200, durationMs: 3, requestId: 'conformance-x' },
    ],
    ...extra,
  };
}

const scenarios = [
  result('A-PASS', 'passed'),
  result('B-FAIL', 'failed', {
    reason: `expected 200, got 500 ${EVIL}`,
    problems: [`expected 200, got 500 ${EVIL}`, 'second problem'],
  }),
  result('C-SKIP', 'skipped', { reason: 'needs the control API (run with --control-token)', exchanges: [] }),
  result('D-DIV', 'divergence', {
    reason: 'known divergence DIV-INIT-201: initialize answers 201',
    divergences: [{ id: 'DIV-INIT-201', summary: 'initialize answers 201' }],
  }),
  result('E-ERROR', 'error', {
    reason: 'kit error: TypeError: x is undefined (at src/conformance/scenarios/x.ts:1:1)',
  }),
];

const report: RunReport = {
  tool: 'ehealth-otp-kit conform',
  version: '0.1.0',
  target: `http://127.0.0.1:4010/${EVIL}`,
  mode: 'control',
  strict: false,
  masked: true,
  startedAt: '2025-03-01T10:00:00.000Z',
  durationMs: 987,
  summary: summarize(scenarios),
  scenarios,
};

/** A minimal well-formedness check: one root, every tag closed in order, entities only from XML's five. */
function assertWellFormedXml(xml: string): string[] {
  const body = xml.replace(/^<\?xml[^?]*\?>\s*/, '');
  // XML 1.0 allows no C0 control character other than tab, line feed and carriage return.
  const controls = [...body].filter((c) => c.charCodeAt(0) < 0x20 && !'\t\n\r'.includes(c));
  expect(controls).toEqual([]);
  expect(body.replace(/&(amp|lt|gt|quot|apos|#\d+);/g, '')).not.toContain('&');
  const stack: string[] = [];
  const opened: string[] = [];
  let tags = 0;
  for (const match of body.matchAll(/<(\/?)([A-Za-z][\w-]*)((?:\s+[\w-]+="[^"<]*")*)\s*(\/?)>/g)) {
    const [, closing, name = '', , selfClosing] = match;
    tags++;
    if (closing === '/') expect(stack.pop()).toBe(name);
    else {
      opened.push(name);
      if (selfClosing !== '/') stack.push(name);
    }
  }
  expect(stack).toEqual([]);
  // Every `<` in the text belongs to a tag the loop above accepted.
  expect(body.split('<').length - 1).toBe(tags);
  return opened;
}

describe('the summary and the exit code', () => {
  it('counts each status and scores passed/(total − skipped), divergences passing', () => {
    expect(report.summary).toEqual({
      total: 5,
      passed: 1,
      failed: 1,
      skipped: 1,
      divergence: 1,
      error: 1,
      score: 0.5,
    });
  });

  it('is 1 for a failed required scenario or a kit error, 0 otherwise', () => {
    expect(exitCodeOf(report)).toBe(1);
    const fine = [
      result('A', 'passed'),
      result('B', 'skipped'),
      result('C', 'divergence'),
      result('D', 'failed', { required: false }),
    ];
    expect(exitCodeOf({ ...report, scenarios: fine, summary: summarize(fine) })).toBe(0);
    const kit = [result('A', 'passed'), result('E', 'error', { required: false })];
    expect(exitCodeOf({ ...report, scenarios: kit, summary: summarize(kit) })).toBe(1);
  });
});

describe('the list reporter', () => {
  it('prints status, id, title and duration, then why, and labels kit errors as such', () => {
    expect(formatResultLine(scenarios[0] as ScenarioResult)).toBe(
      'PASS       A-PASS  Scenario A-PASS.  (13 ms)\n',
    );
    expect(formatResultLine(scenarios[1] as ScenarioResult)).toContain('FAIL       B-FAIL');
    expect(formatResultLine(scenarios[1] as ScenarioResult)).toContain('           second problem\n');
    expect(formatResultLine(scenarios[4] as ScenarioResult)).toMatch(/^KIT ERROR {2}E-ERROR/);
    expect(formatSummary(report)).toContain(
      'passed 1, failed 1, known divergences 1, skipped 1, kit errors 1',
    );
    expect(formatSummary(report)).toContain('score 50.0% (2/4)');
    expect(formatSummary(report)).toContain('not of the target');
  });
});

describe('the JSON report', () => {
  it('is the report as data: summary, and per scenario status, reason, divergences and requests', () => {
    const parsed = JSON.parse(renderJson(report)) as RunReport;
    expect(parsed.summary).toEqual(report.summary);
    expect(parsed.scenarios.map((s) => [s.id, s.status])).toEqual(scenarios.map((s) => [s.id, s.status]));
    expect(parsed.scenarios[3]?.divergences).toEqual([
      { id: 'DIV-INIT-201', summary: 'initialize answers 201' },
    ]);
    expect(parsed.scenarios[0]?.exchanges[0]).toEqual({
      method: 'POST',
      path: '/api/verifications',
      status: 200,
      durationMs: 3,
      requestId: 'conformance-x',
    });
  });
});

describe('the JUnit report', () => {
  const xml = renderJunit(report);

  it('is well-formed XML with one testcase per scenario', () => {
    const names = assertWellFormedXml(xml);
    expect(names.filter((n) => n === 'testcase')).toHaveLength(scenarios.length);
    expect(xml).toContain('tests="5" failures="1" errors="1" skipped="1"');
  });

  it('marks failures, kit errors and skips with their elements and reasons', () => {
    expect(xml).toMatch(
      /<testcase classname="conformance.initializeVerification" name="B-FAIL [^"]*" time="0.013">\s*<failure message="expected 200, got 500 &lt;script&gt;/,
    );
    expect(xml).toMatch(/name="C-SKIP[^"]*"[^>]*>\s*<skipped message="needs the control API/);
    expect(xml).toMatch(/<error message="kit error: TypeError[^"]*" type="kit-error">/);
    expect(xml).toMatch(/name="D-DIV[^"]*"[^>]*>\s*<system-out>known divergence DIV-INIT-201/);
    expect(xml).toMatch(/<testcase [^>]*name="A-PASS[^"]*"[^>]*\/>/);
  });
});

describe('the HTML report', () => {
  const html = renderHtml(report);

  it('is self-contained: no scripts, no external stylesheets, images or fonts', () => {
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<link\b/i);
    expect(html).not.toMatch(/\bsrc=/i);
    expect(html).not.toMatch(/url\(/i);
    expect(html).not.toMatch(/@import/i);
  });

  it('escapes whatever the target sent', () => {
    expect(html).not.toContain('<script>alert');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;quotes&#39;');
  });

  it('shows the score, every scenario with its status, and the requests made', () => {
    expect(html).toContain('<b>50.0%</b>score');
    for (const s of scenarios) expect(html).toContain(`<tr id="${s.id}">`);
    expect(html).toContain('<span class="badge error">error</span>');
    expect(html).toContain('POST /api/verifications → 200 (3 ms) [conformance-x]');
  });
});
