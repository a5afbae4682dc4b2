import type { DivergenceId } from '../divergences.js';
import type { ExchangeRecord } from '../runner/context.js';
import type { Family } from '../runner/selection.js';
import type { Need, OperationId } from '../scenario.js';
import type { Tag } from '../scenarios/tags.js';
import type { ProfileReport } from './profiles.js';

/** Exactly one per scenario (docs/conformance.md "exactly one of"); `error` is a fault of the kit itself. */
export type ScenarioStatus = 'passed' | 'failed' | 'skipped' | 'divergence' | 'error';

export interface ScenarioResult {
  readonly id: string;
  readonly title: string;
  readonly operation: OperationId;
  readonly contract: string;
  readonly required: boolean;
  readonly needs: readonly Need[];
  /** The scenario's kinds of requirement (scenarios/tags.ts), for the HTML report's kind filter. */
  readonly tags: readonly Tag[];
  /** The family: the spec's tag of the scenario's operation (runner/selection.ts), for grouping. */
  readonly family: Family;
  readonly status: ScenarioStatus;
  /** Why it failed, was skipped, or errored; for a divergence, what was seen. */
  readonly reason?: string;
  /** Every problem found, the reason first. */
  readonly problems: readonly string[];
  readonly divergences: readonly { readonly id: DivergenceId; readonly summary: string }[];
  readonly notes: readonly string[];
  readonly durationMs: number;
  readonly exchanges: readonly ExchangeRecord[];
}

export interface Summary {
  readonly total: number;
  readonly passed: number;
  readonly failed: number;
  readonly skipped: number;
  readonly divergence: number;
  readonly error: number;
  /** (passed + divergence) / (total − skipped); divergences count as failed under --strict. Null when nothing ran. */
  readonly score: number | null;
  /** Required scenarios that were skipped: while any are, the run is `incomplete`, never a pass. */
  readonly requiredSkipped: number;
  /**
   * `pass`: every required scenario ran and passed. `incomplete`: none failed, but some required
   * ones were skipped or never started (a partial run). `fail`: a required one failed, or a kit error.
   */
  readonly verdict: 'pass' | 'incomplete' | 'fail';
}

/** A run that stopped before every selected scenario had run. */
export interface PartialRun {
  /** `bail`: `--bail` stopped at the first required failure; `interrupted`: Ctrl-C (SIGINT/SIGTERM). */
  readonly reason: 'bail' | 'interrupted';
  /** Selected scenarios that did not finish (never started, or cut off in flight). */
  readonly notRun: readonly string[];
}

export interface RunReport {
  readonly tool: 'ehealth-otp-kit conform';
  readonly version: string;
  readonly target: string;
  /** Where the suite got its tokens and fixtures: the target's control API or the config file. */
  readonly mode: 'control' | 'config';
  readonly strict: boolean;
  readonly masked: boolean;
  readonly startedAt: string;
  readonly durationMs: number;
  /** The spec the suite checked against: its sha256 binds a report (and a certificate) to one text. */
  readonly spec: { readonly file: string; readonly sha256: string };
  /** `--only` as given; absent when every scenario was selected. */
  readonly only?: readonly string[];
  /**
   * `--family` as resolved (family ids); absent when every family was selected. The summary and
   * the score then count the scenarios of these families only.
   */
  readonly families?: readonly string[];
  /** How many scenarios the suite has, selected or not: a narrowed run says what it left out. */
  readonly suiteSize?: number;
  /** Per family, in report order: its own counts and score. */
  readonly byFamily?: readonly FamilySummary[];
  /** Which behaviour profile the target matches, divergence by divergence (report/profiles.ts). */
  readonly profiles?: ProfileReport;
  /** Names of the `-H` headers sent on every request (their values are not kept). */
  readonly extraHeaders?: readonly string[];
  /** Present when the run stopped early; its summary counts only what finished. */
  readonly partial?: PartialRun;
  readonly summary: Summary;
  readonly scenarios: readonly ScenarioResult[];
}

export interface FamilySummary extends Family {
  readonly summary: Summary;
}

/** The results grouped by family (in the order each family first appears), each summarized alone. */
export function familySummaries(results: readonly ScenarioResult[]): FamilySummary[] {
  const groups = new Map<string, { family: Family; results: ScenarioResult[] }>();
  for (const r of results) {
    const group = groups.get(r.family.id) ?? { family: r.family, results: [] };
    group.results.push(r);
    groups.set(r.family.id, group);
  }
  return [...groups.values()].map((g) => ({ ...g.family, summary: summarize(g.results) }));
}

export function summarize(results: readonly ScenarioResult[], notRunRequired = 0): Summary {
  const count = (status: ScenarioStatus) => results.filter((r) => r.status === status).length;
  const skipped = count('skipped');
  const ran = results.length - skipped;
  const passed = count('passed');
  const divergence = count('divergence');
  const requiredSkipped = results.filter((r) => r.required && r.status === 'skipped').length;
  const failedRequired = results.some((r) => r.status === 'error' || (r.required && r.status === 'failed'));
  return {
    requiredSkipped,
    verdict: failedRequired ? 'fail' : requiredSkipped + notRunRequired > 0 ? 'incomplete' : 'pass',
    total: results.length,
    passed,
    failed: count('failed'),
    skipped,
    divergence,
    error: count('error'),
    score: ran === 0 ? null : (passed + divergence) / ran,
  };
}

/** 0 when every required scenario passed (divergences pass unless --strict); 1 otherwise or on a kit error. */
export function exitCodeOf(report: RunReport): 0 | 1 {
  const bad = report.scenarios.some((r) => r.status === 'error' || (r.required && r.status === 'failed'));
  return bad ? 1 : 0;
}
