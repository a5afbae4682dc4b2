import type { ScenarioStatus } from '../../../src/conformance/report/model.js';
import type { Scenario } from '../../../src/conformance/scenario.js';
import { allScenarios } from '../../../src/conformance/scenarios/index.js';
import type { Tag } from '../../../src/conformance/scenarios/tags.js';
import type { Engine, EngineRequest, EngineResponse, Settings } from '../../../src/reference-impl/index.js';

/** What a deployment does with one request: the reference engine's `handle`, wrapped. */
export type Handle = (req: EngineRequest) => Promise<EngineResponse>;

/**
 * One deliberately broken deployment (docs/testing-the-tester.md): the real reference engine
 * plus one defect that models a mistake real implementations make.
 */
export interface Defect {
  /** Stable kebab-case id; the test and docs/testing-the-tester.md name the defect by it. */
  readonly id: string;
  /** The mistake it models, as a developer would have made it. */
  readonly description: string;
  /**
   * What the report says about it: a problem of every expected failure matches, so each fails for
   * this defect and not by accident. Masked as the report is (codes `****`).
   */
  readonly evidence: RegExp;
  /**
   * The scenarios that must fail, and no others: every scenario that carries one of `tags` (a
   * kind of defect: `auth:403-scope`, `body:415-content-type`, … so the failures follow when
   * operations are added), plus `ids` for what only some operations' own scenarios see (sorted,
   * for readable diffs). `expectedFailures(defect)` resolves them.
   */
  readonly fails: Fails;
  /**
   * Scenarios that end as a known divergence, not as a failure: the defect is built on a divergent
   * configuration (e.g. the attempts policy of DIV-WRONG-CODE-ATTEMPTS), whose other observers
   * still report the divergence itself (sorted).
   */
  readonly expectedDivergences?: readonly string[];
  /**
   * Where the suite itself is wrong today: how the scenario ends now, and the flaw (reported to the
   * suite's owner, not fixed here). `expectedFailures` stays the truth; the test holds the suite to
   * this entry too, so that a fix of the suite shows up as a failing test asking to remove it.
   */
  readonly suiteFlaws?: Readonly<Record<string, SuiteFlaw>>;
  /** Engine settings the defect is made of, when it is a misconfiguration. */
  readonly settings?: Partial<Settings>;
  /** Wraps the engine: rewrites the request before `engine.handle` or the response after it. */
  build(engine: Engine): Handle;
}

export interface Fails {
  readonly tags?: readonly Tag[];
  readonly ids?: readonly string[];
}

/** The ids `fails` names among `scenarios` (the whole suite by default), sorted. */
export function expectedFailures(defect: Defect, scenarios: readonly Scenario[] = allScenarios): string[] {
  const tags: readonly Tag[] = defect.fails.tags ?? [];
  const tagged = scenarios.filter((s) => s.tags?.some((tag) => tags.includes(tag)) === true).map((s) => s.id);
  return [...new Set([...tagged, ...(defect.fails.ids ?? [])])].sort();
}

export interface SuiteFlaw {
  readonly status: ScenarioStatus;
  readonly flaw: string;
}

/** How one scenario should end against the defect. */
function expectedStatus(defect: Defect, id: string): ScenarioStatus {
  const flaw = defect.suiteFlaws?.[id];
  if (flaw !== undefined) return flaw.status;
  if (expectedFailures(defect).includes(id)) return 'failed';
  return defect.expectedDivergences?.includes(id) === true ? 'divergence' : 'passed';
}

/** How every scenario should end against the defect: failed, divergence, passed, or as a suite flaw makes it end. */
export function expectedStatuses(
  defect: Defect,
  scenarioIds: readonly string[],
): Record<string, ScenarioStatus> {
  return Object.fromEntries(scenarioIds.map((id) => [id, expectedStatus(defect, id)]));
}

/** The defect that is no defect: the unmodified engine, the control of the experiment. */
export const reference: Defect = {
  id: 'reference',
  description: 'The unmodified reference engine.',
  evidence: /^$/,
  fails: {},
  build: (engine) => (req) => engine.handle(req),
};
