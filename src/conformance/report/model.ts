import type { DivergenceId } from '../divergences.js';
import type { ExchangeRecord } from '../runner/context.js';
import type { Need, OperationId } from '../scenario.js';

/** Exactly one per scenario (docs/conformance.md "exactly one of"); `error` is a fault of the kit itself. */
export type ScenarioStatus = 'passed' | 'failed' | 'skipped' | 'divergence' | 'error';

export interface ScenarioResult {
  readonly id: string;
  readonly title: string;
  readonly operation: OperationId;
  readonly contract: string;
  readonly required: boolean;
  readonly needs: readonly Need[];
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
  readonly summary: Summary;
  readonly scenarios: readonly ScenarioResult[];
}

export function summarize(results: readonly ScenarioResult[]): Summary {
  const count = (status: ScenarioStatus) => results.filter((r) => r.status === status).length;
  const skipped = count('skipped');
  const ran = results.length - skipped;
  const passed = count('passed');
  const divergence = count('divergence');
  return {
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
