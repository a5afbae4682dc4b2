import { describe, expect, it } from 'vitest';
import {
  familiesOf,
  familyId,
  familyOf,
  resolveFamilies,
  selectScenarios,
} from '../../src/conformance/runner/selection.js';
import { UsageError } from '../../src/conformance/runner/signals.js';
import { allScenarios } from '../../src/conformance/scenarios/index.js';
import { loadSpec } from '../../src/contract/spec-files.js';

/** The families a run selects are the spec's tags (issue 15), read from the spec, never listed. */
describe('families: the OpenAPI tag of each scenario operation', () => {
  const doc = loadSpec('ehealth');
  const specTags = new Set<string>();
  for (const item of Object.values(doc.paths))
    for (const op of Object.values(item ?? {})) {
      const tags = (op as { tags?: unknown }).tags;
      if (Array.isArray(tags) && typeof tags[0] === 'string') specTags.add(tags[0]);
    }

  it("are exactly the spec's operation tags, so a tag added to the spec is a family with no edit", () => {
    expect(specTags.size).toBeGreaterThanOrEqual(2);
    expect(new Set(familiesOf(allScenarios).map((f) => f.name))).toEqual(specTags);
    for (const s of allScenarios) expect(specTags.has(familyOf(s.operation).name), s.id).toBe(true);
  });

  it('have an id for --family: lower case, words joined by -', () => {
    expect(familyId('Declaration requests')).toBe('declaration-requests');
    expect(familyId('Confidant person relationship requests')).toBe('confidant-person-relationship-requests');
    expect(familyId('OTP verification')).toBe('otp-verification');
    expect(familyOf('initializeVerification')).toEqual({ name: 'OTP verification', id: 'otp-verification' });
  });

  it('are named by id or by tag, in any case; an unknown one lists the known ones', () => {
    expect(resolveFamilies(allScenarios, ['PERSON-REQUESTS', 'OTP verification']).map((f) => f.id)).toEqual([
      'person-requests',
      'otp-verification',
    ]);
    expect(() => resolveFamilies(allScenarios, ['declarations'])).toThrow(UsageError);
    expect(() => resolveFamilies(allScenarios, ['declarations'])).toThrow(/the families: .*person-requests/);
  });

  it('select with --only as an intersection; all of a family when alone', () => {
    const otp = selectScenarios(allScenarios, undefined, ['otp-verification']);
    expect(otp.length).toBeGreaterThan(0);
    expect(otp.every((s) => familyOf(s.operation).id === 'otp-verification')).toBe(true);
    expect(
      otp.length + selectScenarios(allScenarios, undefined, ['person-requests']).length,
    ).toBeLessThanOrEqual(allScenarios.length);
    expect(
      selectScenarios(allScenarios, ['INIT-200', 'RESEND-200'], ['otp-verification']).map((s) => s.id),
    ).toEqual(['INIT-200']);
    expect(selectScenarios(allScenarios, undefined)).toHaveLength(allScenarios.length);
    expect(() => selectScenarios(allScenarios, ['RESEND-200'], ['otp-verification'])).toThrow(
      /select no scenario/,
    );
  });
});
