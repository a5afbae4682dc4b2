import { describe, expect, it } from 'vitest';
import { wantsColour } from '../../src/conformance/cli.js';
import { renderHtml } from '../../src/conformance/report/html.js';
import { renderJson } from '../../src/conformance/report/json.js';
import { renderJunit } from '../../src/conformance/report/junit.js';
import { formatResultLine, formatSummary } from '../../src/conformance/report/list.js';
import {
  exitCodeOf,
  familySummaries,
  type RunReport,
  type ScenarioResult,
  summarize,
} from '../../src/conformance/report/model.js';
import { profileReport } from '../../src/conformance/report/profiles.js';

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
    tags: [],
    family: { name: 'OTP verification', id: 'otp-verification' },
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
    exchanges: [
      {
        method: 'POST',
        path: '/api/verifications',
        status: 500,
        durationMs: 4,
        url: 'http://127.0.0.1:4010/api/verifications',
        request: {
          headers: { authorization: 'Bearer ****', 'content-type': 'application/json' },
          body: `{"phone_number":"+380******67","note":"it's"}`,
        },
        response: { headers: { 'content-type': 'application/json' }, body: `{"error":"${EVIL}"}` },
      },
    ],
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
  spec: { file: 'openapi/ehealth-otp.yaml', sha256: 'ab'.repeat(32) },
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
      requiredSkipped: 1,
      verdict: 'fail',
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
      'passed 1, failed 1, known divergences 1, skipped 1 (1 required), kit errors 1',
    );
    expect(formatSummary(report)).toContain('score 50.0% of the 4 that ran (2/4 passed, 1 skipped)');
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
    expect(html).toContain('<b>50.0%</b>score (of those that ran)');
    for (const s of scenarios) expect(html).toContain(`<tr id="${s.id}" class="s-${s.status} `);
    expect(html).toContain('<span class="badge error">error</span>');
    expect(html).toContain('POST /api/verifications → 200 (3 ms) [conformance-x]');
  });

  it('puts failures first, then kit errors, divergences, skips and passes', () => {
    const order = [...html.matchAll(/<tr id="([^"]+)"/g)].map((m) => m[1]);
    expect(order).toEqual(['B-FAIL', 'E-ERROR', 'D-DIV', 'C-SKIP', 'A-PASS']);
  });

  it('filters by outcome and operation with CSS alone (checkboxes, radios, :has rules)', () => {
    for (const s of ['failed', 'error', 'divergence', 'skipped', 'passed']) {
      expect(html).toContain(`<input type="checkbox" id="f-${s}" checked>`);
      expect(html).toContain(`body:has(#f-${s}:not(:checked)) tr.s-${s}{display:none}`);
    }
    expect(html).toContain('<input type="radio" name="op" id="o-initializeVerification">');
    expect(html).toContain(
      'body:has(#o-initializeVerification:checked) tbody tr:not(.op-initializeVerification){display:none}',
    );
  });

  it("shows a failure's exchange (headers, bodies, escaped) and a curl line to reproduce it", () => {
    expect(html).toContain(
      `curl -sS -i -X POST &#39;http://127.0.0.1:4010/api/verifications&#39; -H &#39;authorization: Bearer ****&#39;`,
    );
    expect(html).toContain('content-type: application/json\n\n{&quot;error&quot;:&quot;&lt;script&gt;');
  });

  it('states the verdict and the spec hash', () => {
    expect(html).toContain('<p class="verdict fail">FAIL: a required scenario failed or the kit erred</p>');
    expect(html).toContain(`sha256 <code>${'ab'.repeat(8)}…</code>`);
  });
});

describe('the score never hides what was skipped', () => {
  const ran = [result('P1', 'passed'), result('P2', 'passed')];
  const skippedRequired = result('S1', 'skipped', { reason: 'needs the control API', exchanges: [] });
  const skippedOptional = result('S2', 'skipped', { required: false, reason: 'optional', exchanges: [] });
  const summary = summarize([...ran, skippedRequired, skippedOptional]);
  const withSkips: RunReport = { ...report, summary, scenarios: [...ran, skippedRequired, skippedOptional] };

  it('says how many ran and how many were skipped, and calls it incomplete, not a pass', () => {
    expect(summary).toMatchObject({ score: 1, requiredSkipped: 1, verdict: 'incomplete' });
    const text = formatSummary(withSkips);
    expect(text).toContain('score 100.0% of the 2 that ran (2/2 passed, 2 skipped)');
    expect(text).toContain('skipped 2 (1 required)');
    expect(text).toContain('INCOMPLETE: nothing failed, but 1 required scenario(s) skipped: not a full pass');
    expect(text).not.toMatch(/PASS:/);
  });

  it('is a pass only when every required scenario ran and passed', () => {
    expect(summarize([...ran, skippedOptional]).verdict).toBe('pass');
    expect(summarize(ran, 1).verdict).toBe('incomplete');
    expect(summarize([...ran, result('F', 'failed')]).verdict).toBe('fail');
  });

  it('names a partial run and how much did not run', () => {
    const partial: RunReport = { ...withSkips, partial: { reason: 'interrupted', notRun: ['X', 'Y'] } };
    expect(formatSummary(partial)).toContain('PARTIAL RUN, interrupted: 2 selected scenario(s) did not run');
  });
});

describe('colour in the list reporter', () => {
  it('wraps the status label in an SGR colour only when asked', () => {
    expect(formatResultLine(result('A', 'failed'), { colour: true })).toContain('\u001b[31mFAIL');
    expect(formatResultLine(result('A', 'failed'), { colour: false })).not.toContain('\u001b[');
  });

  it('follows NO_COLOR and FORCE_COLOR, else the terminal', () => {
    expect(wantsColour({}, true)).toBe(true);
    expect(wantsColour({}, false)).toBe(false);
    expect(wantsColour({ NO_COLOR: '1' }, true)).toBe(false);
    expect(wantsColour({ FORCE_COLOR: '1' }, false)).toBe(true);
    expect(wantsColour({ FORCE_COLOR: '0' }, true)).toBe(false);
  });

  it('prints a failed request as a curl line to reproduce it, shell-quoted', () => {
    const line = formatResultLine(scenarios[1] as ScenarioResult);
    expect(line).toContain(
      `reproduce: curl -sS -i -X POST 'http://127.0.0.1:4010/api/verifications' -H 'authorization: Bearer ****' -H 'content-type: application/json' --data-raw '{"phone_number":"+380******67","note":"it'\\''s"}'`,
    );
  });
});

describe('families and behaviour profiles in every reporter (issues 15 and 16)', () => {
  const person = { name: 'Person requests', id: 'person-requests' };
  const grouped = [
    result('P-PASS', 'passed', { family: person, operation: 'resendPersonRequestOtp' }),
    result('P-FAIL', 'failed', { family: person, operation: 'resendPersonRequestOtp', reason: 'x' }),
    result('O-DIV', 'divergence', {
      divergences: [{ id: 'DIV-INIT-201', summary: 'initialize answers 201' }],
    }),
    result('O-PASS', 'passed'),
  ];
  const record = (id: string, service: 'kit' | 'observed') => ({
    id,
    operations: [],
    docs: '',
    observed: '',
    kit: '',
    profiles: { docs: 'kit', service } as const,
  });
  const profiles = profileReport(
    [
      record('DIV-INIT-201', 'observed'),
      record('DIV-STATUS-LOWERCASE', 'observed'),
      record('DIV-API-KEY-MESSAGE', 'kit'),
      record('DIV-RETENTION-30-DAYS', 'observed'),
      record('DIV-429-NO-TYPE', 'kit'),
    ],
    [
      { id: 'O-DIV', divergences: ['DIV-INIT-201', 'DIV-STATUS-LOWERCASE'] },
      { id: 'O-PASS', divergences: ['DIV-INIT-201', 'DIV-API-KEY-MESSAGE'] },
      { id: 'P-FAIL', divergences: ['DIV-429-NO-TYPE'] },
    ],
    grouped,
  );
  const narrowed: RunReport = {
    ...report,
    target: 'http://127.0.0.1:4010',
    families: ['person-requests', 'otp-verification'],
    suiteSize: 40,
    summary: summarize(grouped),
    byFamily: familySummaries(grouped),
    profiles,
    scenarios: grouped,
  };
  const match = (id: string) => profiles.divergences.find((d) => d.id === id);

  it('reads each divergence from the spec record and the results: service, docs, both, neither, not observed', () => {
    // Reported once (O-DIV): the target showed the observed side, which only `service` takes.
    expect(match('DIV-INIT-201')).toMatchObject({
      seen: 'divergent',
      match: 'service',
      reportedBy: ['O-DIV'],
    });
    // O-DIV could report it and did not, while ending as a divergence of another id: the kit's rule.
    expect(match('DIV-STATUS-LOWERCASE')).toMatchObject({ seen: 'kit', match: 'docs' });
    // Both profiles take the kit's side (no switch), and the target did as they do.
    expect(match('DIV-API-KEY-MESSAGE')).toMatchObject({ seen: 'kit', match: 'both' });
    // The only scenario that could see it failed on something else: neither side was shown.
    expect(match('DIV-429-NO-TYPE')).toMatchObject({ seen: 'failed', match: 'neither' });
    expect(match('DIV-RETENTION-30-DAYS')).toMatchObject({ seen: 'unseen', match: 'not observed' });
    expect(profiles.fits).toEqual([]);
  });

  it('list: the selection, each family score and the profile, divergence by divergence', () => {
    const text = formatSummary(narrowed);
    expect(text).toContain(
      'selected: family person-requests, otp-verification (4 of 40 scenarios); the score counts the selected scenarios only',
    );
    expect(text).toContain('family person-requests: score 50.0% of the 2 that ran (1/2 passed)');
    expect(text).toContain('family otp-verification: score 100.0% of the 2 that ran (2/2 passed)');
    expect(text).toContain('behaviour profile: the target matches neither profile alone');
    expect(text).toContain('like --profile service (the running service): DIV-INIT-201');
    expect(text).toContain('like --profile docs (the documents): DIV-STATUS-LOWERCASE');
    expect(text).toContain('like neither profile: DIV-429-NO-TYPE');
    expect(text).toContain('like both profiles (they agree): 1 divergence(s)');
    expect(text).toContain('not observed: 1 divergence(s)');
  });

  it('json: families, the suite size, per-family summaries and the profile matches as data', () => {
    const data = JSON.parse(renderJson(narrowed)) as RunReport;
    expect(data.families).toEqual(['person-requests', 'otp-verification']);
    expect(data.byFamily?.map((f) => [f.id, f.summary.total, f.summary.score])).toEqual([
      ['person-requests', 2, 0.5],
      ['otp-verification', 2, 1],
    ]);
    expect(data.profiles?.divergences.map((d) => [d.id, d.match])).toEqual([
      ['DIV-INIT-201', 'service'],
      ['DIV-STATUS-LOWERCASE', 'docs'],
      ['DIV-API-KEY-MESSAGE', 'both'],
      ['DIV-RETENTION-30-DAYS', 'not observed'],
      ['DIV-429-NO-TYPE', 'neither'],
    ]);
    expect(data.scenarios[0]?.family).toEqual(person);
  });

  it('junit: one testsuite per family with its own counts, and the selection and profile as properties', () => {
    const xml = renderJunit(narrowed);
    assertWellFormedXml(xml);
    const suites = [
      ...xml.matchAll(/<testsuite name="[^"]*: ([^"]*)" id="([^"]+)" tests="(\d+)" failures="(\d+)"/g),
    ];
    expect(suites.map((m) => [m[1], m[2], m[3], m[4]])).toEqual([
      ['Person requests', 'person-requests', '2', '1'],
      ['OTP verification', 'otp-verification', '2', '0'],
    ]);
    expect(xml).toContain(
      '<property name="selected" value="family person-requests, otp-verification (4 of 40 scenarios)"/>',
    );
    expect(xml).toContain(
      '<property name="profile" value="behaviour profile: the target matches neither profile alone"/>',
    );
  });

  it('html: a section per family with its score, failures first in each, and the profile table', () => {
    const html = renderHtml(narrowed);
    const sections = [
      ...html.matchAll(
        /<section class="family" id="family-([^"]+)">\n<h2>([^<]+) <small>[^<]*score ([^<]*)<\/small>/g,
      ),
    ];
    expect(sections.map((m) => [m[1], m[2], m[3]])).toEqual([
      ['person-requests', 'Person requests', '50.0% of the 2 that ran (1/2 passed)'],
      ['otp-verification', 'OTP verification', '100.0% of the 2 that ran (2/2 passed)'],
    ]);
    expect([...html.matchAll(/<tr id="([^"]+)"/g)].map((m) => m[1])).toEqual([
      'P-FAIL',
      'P-PASS',
      'O-DIV',
      'O-PASS',
    ]);
    expect(html).toContain('Selected: family person-requests, otp-verification (4 of 40 scenarios)');
    expect(html).toContain(
      '<tr><td><code>DIV-INIT-201</code></td><td class="m-service">service</td><td>divergent</td><td>O-DIV</td></tr>',
    );
    expect(html).toContain('<td class="m-neither">neither</td>');
  });
});
