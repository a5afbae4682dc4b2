import type { RunReport, ScenarioResult } from './model.js';
import { escapeMarkup as esc } from './xml.js';

/** One page, no scripts, no external assets: it must open from a CI artefact store as is. */
const STYLE = `
body{font:14px/1.45 system-ui,sans-serif;margin:2rem;color:#1d1d1f}
h1{font-size:1.4rem;margin:0 0 .3rem}
.meta{color:#555;margin-bottom:1rem}
.cards{display:flex;gap:.6rem;margin:1rem 0}
.card{border-radius:6px;padding:.5rem .9rem;background:#f2f2f4}
.card b{display:block;font-size:1.3rem}
table{border-collapse:collapse;width:100%}
th,td{text-align:left;padding:.35rem .5rem;border-bottom:1px solid #e3e3e6;vertical-align:top}
th{background:#fafafa}
.badge{display:inline-block;border-radius:4px;padding:0 .4rem;font-weight:600;font-size:.8rem;color:#fff}
.passed{background:#1a7f37}.failed{background:#cf222e}.skipped{background:#8c959f}.divergence{background:#bf8700}.error{background:#8250df}
code,pre{font:12px/1.4 ui-monospace,monospace}
pre{white-space:pre-wrap;margin:.3rem 0}
details{margin-top:.3rem}
.contract{color:#555;font-size:.85rem}
`;

function ms(value: number): string {
  return `${Math.round(value)} ms`;
}

function row(r: ScenarioResult): string {
  const why = r.status === 'failed' ? r.problems : r.reason === undefined ? [] : [r.reason];
  const log = r.exchanges
    .map(
      (e) =>
        `${e.method} ${e.path} → ${e.status ?? 'no response'} (${ms(e.durationMs)})${e.requestId === undefined ? '' : ` [${e.requestId}]`}`,
    )
    .join('\n');
  const notes = r.notes.length === 0 ? '' : `<pre>${esc(r.notes.join('\n'))}</pre>`;
  return `<tr id="${esc(r.id)}">
<td><span class="badge ${r.status}">${esc(r.status)}</span></td>
<td><code>${esc(r.id)}</code>${r.required ? '' : '<br><small>not required</small>'}</td>
<td>${esc(r.title)}<div class="contract">${esc(r.operation)} · ${esc(r.contract)}</div>${why.length === 0 ? '' : `<pre>${esc(why.join('\n'))}</pre>`}${notes}${
    log === ''
      ? ''
      : `<details><summary>${r.exchanges.length} request(s)</summary><pre>${esc(log)}</pre></details>`
  }</td>
<td>${ms(r.durationMs)}</td>
</tr>`;
}

export function renderHtml(report: RunReport): string {
  const s = report.summary;
  const score = s.score === null ? 'n/a' : `${(s.score * 100).toFixed(1)}%`;
  const cards = [
    ['score', score],
    ['passed', s.passed],
    ['failed', s.failed],
    ['divergences', s.divergence],
    ['skipped', s.skipped],
    ['kit errors', s.error],
  ]
    .map(([label, value]) => `<div class="card"><b>${esc(String(value))}</b>${esc(String(label))}</div>`)
    .join('');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>eHealth OTP conformance: ${esc(report.target)}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>eHealth OTP conformance report</h1>
<div class="meta">${esc(report.target)} · ${esc(report.mode === 'control' ? 'provisioned through the control API' : 'fixtures from the config file')} · ${esc(report.startedAt)} · ${ms(report.durationMs)} · ${esc(report.tool)} ${esc(report.version)}${report.strict ? ' · strict' : ''}${report.masked ? ' · phone numbers and codes masked' : ''}</div>
<div class="cards">${cards}</div>
<table>
<thead><tr><th>status</th><th>id</th><th>scenario</th><th>time</th></tr></thead>
<tbody>
${report.scenarios.map(row).join('\n')}
</tbody>
</table>
</body>
</html>
`;
}
