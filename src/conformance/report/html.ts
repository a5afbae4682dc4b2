import type { ExchangeRecord, RecordedMessage } from '../runner/context.js';
import { TAGS, type Tag } from '../scenarios/tags.js';
import { curlOf } from './curl.js';
import { formatScore, formatSelection, formatVerdict } from './list.js';
import { familySummaries, type RunReport, type ScenarioResult, type ScenarioStatus } from './model.js';
import type { ProfileReport } from './profiles.js';
import { escapeMarkup as esc } from './xml.js';

/**
 * One page, no scripts, no external assets: it must open from a CI artefact store as is. So the
 * filter is CSS alone: checkboxes (by outcome) and radio buttons (by operation, by kind of
 * requirement: the scenarios' tags, scenarios/tags.ts) before the tables, one table per family
 * (the spec's tag of the operations, issue 15) with the family's own score,
 * and `:has()` rules that hide the rows they exclude (Chromium 105+, Firefox 121+, Safari 15.4+);
 * a browser without `:has()` shows every row, which loses nothing.
 */
const STYLE = `
body{font:14px/1.45 system-ui,sans-serif;margin:2rem;color:#1d1d1f}
h1{font-size:1.4rem;margin:0 0 .3rem}
.meta{color:#555;margin-bottom:1rem}
.verdict{font-weight:700;margin:.4rem 0}.verdict.pass{color:#1a7f37}.verdict.fail{color:#cf222e}.verdict.incomplete{color:#9a6700}
.cards{display:flex;gap:.6rem;margin:1rem 0;flex-wrap:wrap}
.card{border-radius:6px;padding:.5rem .9rem;background:#f2f2f4}
.card b{display:block;font-size:1.3rem}
fieldset{border:1px solid #d0d7de;border-radius:6px;margin:.5rem 0;padding:.3rem .8rem}
fieldset label{margin-right:1rem;white-space:nowrap}
table{border-collapse:collapse;width:100%}
th,td{text-align:left;padding:.35rem .5rem;border-bottom:1px solid #e3e3e6;vertical-align:top}
th{background:#fafafa}
.badge{display:inline-block;border-radius:4px;padding:0 .4rem;font-weight:600;font-size:.8rem;color:#fff}
.passed{background:#1a7f37}.failed{background:#cf222e}.skipped{background:#6e7781}.divergence{background:#9a6700}.error{background:#8250df}
code,pre{font:12px/1.4 ui-monospace,monospace}
pre{white-space:pre-wrap;word-break:break-word;margin:.3rem 0}
details{margin-top:.3rem}
.contract{color:#555;font-size:.85rem}
.curl{background:#f6f8fa;border-left:3px solid #0969da;padding:.3rem .5rem}
.partial{background:#fff8c5;border:1px solid #d4a72c;border-radius:6px;padding:.5rem .8rem}
h2{font-size:1.1rem;margin:1.4rem 0 .4rem}h2 small{font-weight:400;color:#555}
.m-service{color:#0969da;font-weight:600}.m-docs{color:#1a7f37;font-weight:600}.m-neither{color:#cf222e;font-weight:600}
`;

const STATUSES: readonly ScenarioStatus[] = ['failed', 'error', 'divergence', 'skipped', 'passed'];

/** Failures first (what a reader came for), then kit errors, divergences, skips, passes; stable within. */
function failuresFirst(scenarios: readonly ScenarioResult[]): ScenarioResult[] {
  return [...scenarios].sort((a, b) => STATUSES.indexOf(a.status) - STATUSES.indexOf(b.status));
}

function ms(value: number): string {
  return `${Math.round(value)} ms`;
}

function message(title: string, m: RecordedMessage | undefined): string {
  if (m === undefined) return `${title}: none (no answer)`;
  const headers = Object.entries(m.headers).map(([k, v]) => `${k}: ${v}`);
  return [title, ...headers, ...(m.body === undefined ? [] : ['', m.body])].join('\n');
}

function exchange(e: ExchangeRecord): string {
  const line = `${e.method} ${e.path} → ${e.status ?? 'no response'} (${ms(e.durationMs)})${e.requestId === undefined ? '' : ` [${e.requestId}]`}`;
  const curl = curlOf(e);
  return `<details><summary><code>${esc(line)}</code></summary>${
    curl === undefined ? '' : `<pre class="curl">${esc(curl)}</pre>`
  }<pre>${esc(message('request', e.request))}</pre><pre>${esc(message(`response ${e.status ?? ''}`.trim(), e.response))}</pre></details>`;
}

const slug = (text: string) => text.replace(/[^A-Za-z0-9_-]/g, '-');

function row(r: ScenarioResult): string {
  const why = r.status === 'failed' ? r.problems : r.reason === undefined ? [] : [r.reason];
  const notes = r.notes.length === 0 ? '' : `<pre>${esc(r.notes.join('\n'))}</pre>`;
  const log =
    r.exchanges.length === 0
      ? ''
      : `<details${r.status === 'failed' ? ' open' : ''}><summary>${r.exchanges.length} request(s)${r.status === 'failed' ? ', each with a curl line to reproduce it' : ''}</summary>${r.exchanges.map(exchange).join('')}</details>`;
  const families = r.tags.map((tag) => ` t-${esc(slug(tag))}`).join('');
  return `<tr id="${esc(r.id)}" class="s-${r.status} op-${esc(slug(r.operation))}${families}">
<td><span class="badge ${r.status}">${esc(r.status)}</span></td>
<td><code>${esc(r.id)}</code>${r.required ? '' : '<br><small>not required</small>'}</td>
<td>${esc(r.title)}<div class="contract">${esc(r.operation)} · ${esc(r.contract)}</div>${why.length === 0 ? '' : `<pre>${esc(why.join('\n'))}</pre>`}${notes}${log}</td>
<td>${ms(r.durationMs)}</td>
</tr>`;
}

function filters(report: RunReport): { html: string; css: string } {
  const present = STATUSES.filter((s) => report.scenarios.some((r) => r.status === s));
  const operations = [...new Set(report.scenarios.map((r) => r.operation))];
  const boxes = present
    .map((s) => `<label><input type="checkbox" id="f-${s}" checked> ${esc(s)}</label>`)
    .join('');
  const radios = ['all', ...operations]
    .map(
      (op, i) =>
        `<label><input type="radio" name="op" id="o-${esc(slug(op))}"${i === 0 ? ' checked' : ''}> ${esc(op === 'all' ? 'every operation' : op)}</label>`,
    )
    .join('');
  const tags = [...new Set(report.scenarios.flatMap((r) => r.tags))].sort();
  // The "every kind" radio has no tag's prefix, so its id cannot meet a tag's.
  const familyRadios = ['every', ...tags]
    .map(
      (tag, i) =>
        `<label title="${esc(i === 0 ? 'every scenario, with a kind or not' : TAGS[tag as Tag])}"><input type="radio" name="kind" id="t-${esc(slug(tag))}"${i === 0 ? ' checked' : ''}> ${esc(i === 0 ? 'every kind' : tag)}</label>`,
    )
    .join('');
  const css = [
    ...present.map((s) => `body:has(#f-${s}:not(:checked)) tr.s-${s}{display:none}`),
    ...operations.map((op) => `body:has(#o-${slug(op)}:checked) tbody tr:not(.op-${slug(op)}){display:none}`),
    ...tags.map((tag) => `body:has(#t-${slug(tag)}:checked) tbody tr:not(.t-${slug(tag)}){display:none}`),
  ].join('\n');
  const familyFieldset =
    tags.length === 0 ? '' : `<fieldset><legend>Kind of requirement</legend>${familyRadios}</fieldset>`;
  return {
    html: `<fieldset><legend>Show outcomes</legend>${boxes}</fieldset><fieldset><legend>Operation</legend>${radios}</fieldset>${familyFieldset}`,
    css,
  };
}

const TABLE_HEAD = '<thead><tr><th>status</th><th>id</th><th>scenario</th><th>time</th></tr></thead>';

/** One section per family (the spec's tag), each with its own score and its failures first. */
function familySections(report: RunReport): string {
  return familySummaries(report.scenarios)
    .map((f) => {
      const rows = failuresFirst(report.scenarios.filter((r) => r.family.id === f.id));
      return `<section class="family" id="family-${esc(f.id)}">
<h2>${esc(f.name)} <small>${esc(f.id)} · ${f.summary.total} scenario(s) · score ${esc(formatScore(f.summary))}</small></h2>
<table>
${TABLE_HEAD}
<tbody>
${rows.map(row).join('\n')}
</tbody>
</table>
</section>`;
    })
    .join('\n');
}

/** Which profile the target matches, one row per divergence the spec records. */
function profileSection(profiles: ProfileReport | undefined): string {
  if (profiles === undefined) return '';
  const fit =
    profiles.fits.length === 2
      ? 'both profiles: docs and service agree on every divergence observed'
      : profiles.fits.length === 1
        ? `the <code>${esc(profiles.fits[0] ?? '')}</code> profile on every divergence observed`
        : 'neither profile alone';
  const rows = profiles.divergences
    .map(
      (d) =>
        `<tr><td><code>${esc(d.id)}</code></td><td class="m-${esc(slug(d.match))}">${esc(d.match)}</td><td>${esc(d.seen)}</td><td>${esc(d.reportedBy.join(', '))}</td></tr>`,
    )
    .join('\n');
  return `<section id="profiles">
<h2>Behaviour profile <small>which of <code>serve --profile docs|service</code> the target behaves like</small></h2>
<p>The target matches ${fit}.</p>
<details><summary>Divergence by divergence (${profiles.divergences.length})</summary>
<table>
<thead><tr><th>divergence</th><th>matches</th><th>seen</th><th>reported by</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>
</details>
</section>`;
}

export function renderHtml(report: RunReport): string {
  const s = report.summary;
  const score = s.score === null ? 'n/a' : `${(s.score * 100).toFixed(1)}%`;
  const cards = [
    ['score (of those that ran)', score],
    ['passed', s.passed],
    ['failed', s.failed],
    ['divergences', s.divergence],
    ['skipped', s.skipped],
    ['required skipped', s.requiredSkipped],
    ['kit errors', s.error],
  ]
    .map(([label, value]) => `<div class="card"><b>${esc(String(value))}</b>${esc(String(label))}</div>`)
    .join('');
  const filter = filters(report);
  const selection = formatSelection(report);
  const partial =
    report.partial === undefined
      ? ''
      : `<p class="partial"><strong>Partial run</strong> (${report.partial.reason === 'bail' ? 'stopped at the first required failure, --bail' : 'interrupted'}): ${report.partial.notRun.length} selected scenario(s) did not run: ${esc(report.partial.notRun.join(', '))}</p>`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>eHealth OTP conformance: ${esc(report.target)}</title>
<style>${STYLE}
${filter.css}</style>
</head>
<body>
<h1>eHealth OTP conformance report</h1>
<div class="meta">${esc(report.target)} · ${esc(report.mode === 'control' ? 'provisioned through the control API' : 'fixtures from the config file')} · ${esc(report.startedAt)} · ${ms(report.durationMs)} · ${esc(report.tool)} ${esc(report.version)}${report.strict ? ' · strict' : ''}${report.masked ? ' · phone numbers, codes and credentials masked' : ''} · spec ${esc(report.spec.file)} sha256 <code>${esc(report.spec.sha256.slice(0, 16))}…</code></div>
<p class="verdict ${s.verdict}">${esc(formatVerdict(report))}</p>
<p>Score ${esc(formatScore(s))}.</p>
${selection === undefined ? '' : `<p class="selection">Selected: ${esc(selection)}; the score counts the selected scenarios only.</p>`}
${partial}
<div class="cards">${cards}</div>
${profileSection(report.profiles)}
${filter.html}
${familySections(report)}
</body>
</html>
`;
}
