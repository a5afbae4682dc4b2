import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { exitCodeOf, type RunReport, type ScenarioStatus } from '../../src/conformance/report/model.js';
import { allScenarios } from '../../src/conformance/scenarios/index.js';
import { type Defect, expectedFailures, expectedStatuses, reference } from './broken/defect.js';
import { runAgainst } from './broken/deployment.js';
import { divergentDeployments } from './broken/divergent.js';
import { defects } from './broken/index.js';
import { undeclaredDivergences } from './helpers.js';

/*
 * Test the tester (docs/testing-the-tester.md): the real reference engine with one deliberate defect, run in-process
 * through the suite's fetch injection, must fail exactly the scenarios that concern the defect and
 * no others, and never make the kit itself err. docs/testing-the-tester.md tables the defects.
 */

const SCENARIO_IDS = allScenarios.map((s) => s.id);
const REQUIRED = new Set(allScenarios.filter((s) => s.required).map((s) => s.id));

/** How each scenario that did not pass ended. */
function notPassed(report: RunReport): Record<string, ScenarioStatus> {
  return Object.fromEntries(
    report.scenarios.filter((r) => r.status !== 'passed').map((r) => [r.id, r.status]),
  );
}

function expectedNotPassed(defect: Defect): Record<string, ScenarioStatus> {
  return Object.fromEntries(
    Object.entries(expectedStatuses(defect, SCENARIO_IDS)).filter(([, status]) => status !== 'passed'),
  );
}

/** Expected failures whose problems do not show the defect's evidence (a failure for another reason). */
function withoutEvidence(defect: Defect, report: RunReport): string[] {
  return report.scenarios
    .filter((r) => expectedFailures(defect).includes(r.id) && r.status === 'failed')
    .filter((r) => !r.problems.some((p) => defect.evidence.test(p)))
    .map((r) => `${r.id}: ${r.reason ?? ''}`);
}

/** Kit errors with their reasons, so that a failing assertion says what broke. */
function kitErrors(report: RunReport): string[] {
  return report.scenarios.filter((r) => r.status === 'error').map((r) => `${r.id}: ${r.reason ?? ''}`);
}

describe('the conformance suite against deliberately broken deployments', () => {
  it('passes every scenario of the unmodified reference engine: no failure, error, divergence or skip', async () => {
    const report = await runAgainst(reference);
    expect(kitErrors(report)).toEqual([]);
    expect(notPassed(report)).toEqual({});
    expect(report.summary).toMatchObject({ total: SCENARIO_IDS.length, passed: SCENARIO_IDS.length });
  });

  it('has at least 20 distinct defects whose expectations name real scenarios and tags', () => {
    expect(defects.length).toBeGreaterThanOrEqual(20);
    expect(new Set(defects.map((d) => d.id)).size).toBe(defects.length);
    for (const defect of defects) {
      const ids = defect.fails.ids ?? [];
      const named = [...ids, ...(defect.expectedDivergences ?? []), ...Object.keys(defect.suiteFlaws ?? {})];
      expect(
        named.filter((id) => !SCENARIO_IDS.includes(id)),
        defect.id,
      ).toEqual([]);
      // A tag no scenario carries would expect nothing, silently.
      const unusedTags = (defect.fails.tags ?? []).filter(
        (tag) => !allScenarios.some((s) => s.tags?.includes(tag) === true),
      );
      expect(unusedTags, defect.id).toEqual([]);
      // An id a tag already covers is noise that would hide a wrong tag.
      const tagged = expectedFailures({ ...defect, fails: { tags: defect.fails.tags ?? [] } });
      expect(
        ids.filter((id) => tagged.includes(id)),
        defect.id,
      ).toEqual([]);
      expect(expectedFailures(defect).length, defect.id).toBeGreaterThan(0);
      expect([...ids].sort(), defect.id).toEqual(ids);
      const divergences = defect.expectedDivergences ?? [];
      expect([...divergences].sort(), defect.id).toEqual(divergences);
    }
  });

  it("resolves a defect's tags against the scenarios, so a new operation's family scenarios are expected to fail too", () => {
    const scopeDefect = defects.find((d) => d.id === 'scope-not-enforced');
    if (scopeDefect === undefined) throw new Error('scope-not-enforced is gone');
    const [template] = allScenarios.filter((s) => s.id === 'INIT-403-SCOPE');
    if (template === undefined) throw new Error('INIT-403-SCOPE is gone');
    const added = { ...template, id: 'NEW-OPERATION-403-SCOPE' };
    expect(expectedFailures(scopeDefect, [...allScenarios, added])).toEqual(
      [...expectedFailures(scopeDefect), 'NEW-OPERATION-403-SCOPE'].sort(),
    );
  });

  it('tables every defect in docs/testing-the-tester.md', async () => {
    const doc = await readFile(new URL('../../docs/testing-the-tester.md', import.meta.url), 'utf8');
    expect(defects.map((d) => d.id).filter((id) => !doc.includes(`| \`${id}\` |`))).toEqual([]);
  });

  for (const defect of defects) {
    const count = expectedFailures(defect).length;
    it(`${defect.id} fails exactly the ${count} scenario${count === 1 ? '' : 's'} that concern it`, async () => {
      const report = await runAgainst(defect);
      expect(kitErrors(report)).toEqual([]);
      expect(undeclaredDivergences(report)).toEqual([]);
      expect(notPassed(report)).toEqual(expectedNotPassed(defect));
      expect(withoutEvidence(defect, report)).toEqual([]);
      // The run fails when a required scenario does: all but an extension's scenario are required.
      const requiredFailure = expectedFailures(defect).some((id) => REQUIRED.has(id));
      expect(exitCodeOf(report)).toBe(requiredFailure ? 1 : 0);
    });
  }

  for (const deployment of divergentDeployments) {
    it(`reports the known divergence of ${deployment.id} as divergence, and fails the same scenarios under --strict`, async () => {
      const normal = await runAgainst(deployment);
      expect(kitErrors(normal)).toEqual([]);
      expect(undeclaredDivergences(normal)).toEqual([]);
      const divergent = Object.fromEntries(expectedFailures(deployment).map((id) => [id, 'divergence']));
      expect(notPassed(normal)).toEqual(divergent);
      const ids = new Set(normal.scenarios.flatMap((r) => r.divergences.map((d) => d.id)));
      expect(ids.size).toBe(1);
      expect(exitCodeOf(normal)).toBe(0);

      const strict = await runAgainst(deployment, { strict: true });
      expect(kitErrors(strict)).toEqual([]);
      expect(notPassed(strict)).toEqual(expectedNotPassed(deployment));
      expect(withoutEvidence(deployment, strict)).toEqual([]);
      expect(exitCodeOf(strict)).toBe(1);
    });
  }
});
