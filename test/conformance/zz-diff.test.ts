import { it } from 'vitest';
import { expectedFailures } from './broken/defect.js';
import { runAgainst } from './broken/deployment.js';
import { defects } from './broken/index.js';

const ONLY = (process.env.ZZ ?? '').split(',').filter(Boolean);
it('diff', async () => {
  for (const d of defects.filter((x) => ONLY.length === 0 || ONLY.includes(x.id))) {
    const r = await runAgainst(d);
    const got = r.scenarios
      .filter((s) => s.status !== 'passed' && !(d.expectedDivergences ?? []).includes(s.id))
      .map((s) => s.id);
    const exp = expectedFailures(d);
    const extra = r.scenarios
      .filter((s) => got.includes(s.id) && !exp.includes(s.id))
      .map((s) => `${s.id}: ${s.status}: ${(s.reason ?? '').slice(0, 200)}`);
    const missing = exp.filter((i) => !got.includes(i));
    const noEv = r.scenarios
      .filter(
        (s) => exp.includes(s.id) && s.status === 'failed' && !s.problems.some((p) => d.evidence.test(p)),
      )
      .map((s) => `${s.id}: ${s.problems.join(' | ').slice(0, 200)}`);
    if (extra.length || missing.length || noEv.length)
      console.log(JSON.stringify({ id: d.id, extra, missing, noEv }, null, 1));
  }
}, 300000);
