import type { RunReport } from './model.js';

/** The machine-readable report: the RunReport as is (phones and codes already masked unless --no-mask). */
export function renderJson(report: RunReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
