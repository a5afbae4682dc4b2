import { loadSpec } from '../../contract/spec-files.js';
import { isObject } from '../json.js';
import { suiteOperations } from '../operations.js';
import type { OperationId, Scenario } from '../scenario.js';
import { UsageError } from './signals.js';

/**
 * A family of scenarios is the OpenAPI tag of the scenario's operation (issue 15: "Person requests",
 * "OTP verification", "Declaration requests", …), read from the spec, so a tag added there is a new
 * family here with no edit. A vendor certifying one family runs it alone (`conform --family
 * declaration-requests`) and its score counts only that family's scenarios.
 */
export interface Family {
  /** The tag as the spec writes it: `Declaration requests`. */
  readonly name: string;
  /** Its slug, what `--family` takes: `declaration-requests`. */
  readonly id: string;
}

/** `Declaration requests` → `declaration-requests`: lower case, every run of other characters one `-`. */
export function familyId(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

/** For an operation the spec gives no tag (none today), so that every scenario has a family. */
const UNTAGGED = 'Untagged';

let byOperation: ReadonlyMap<string, Family> | undefined;

/** operationId → the family of its first tag, for every operation of the spec. */
function families(): ReadonlyMap<string, Family> {
  if (byOperation !== undefined) return byOperation;
  const doc = loadSpec('ehealth');
  const map = new Map<string, Family>();
  for (const op of suiteOperations()) {
    const raw = doc.paths[op.path]?.[op.method.toLowerCase()];
    const tags = isObject(raw) && Array.isArray(raw.tags) ? raw.tags : [];
    const name = typeof tags[0] === 'string' ? tags[0] : UNTAGGED;
    map.set(op.operationId, { name, id: familyId(name) });
  }
  byOperation = map;
  return map;
}

export function familyOf(operation: OperationId): Family {
  return families().get(operation) ?? { name: UNTAGGED, id: familyId(UNTAGGED) };
}

/** The families of `scenarios`, in the order their first scenario comes. */
export function familiesOf(scenarios: readonly Pick<Scenario, 'operation'>[]): Family[] {
  const seen = new Map<string, Family>();
  for (const s of scenarios) {
    const family = familyOf(s.operation);
    if (!seen.has(family.id)) seen.set(family.id, family);
  }
  return [...seen.values()];
}

/** `--only` ids (a trailing `*` matches a prefix); each must match some scenario. */
function byIds(scenarios: readonly Scenario[], only: readonly string[]): (s: Scenario) => boolean {
  const matchers = only.map((raw) => {
    const id = raw.trim().toUpperCase();
    const match = id.endsWith('*')
      ? (s: Scenario) => s.id.startsWith(id.slice(0, -1))
      : (s: Scenario) => s.id === id;
    if (!scenarios.some(match)) throw new UsageError(`--only: no scenario matches "${raw}"`);
    return match;
  });
  return (s) => matchers.some((m) => m(s));
}

/** `--family` names: a family's id or its tag, any case; an unknown one names the known ones. */
export function resolveFamilies(scenarios: readonly Scenario[], names: readonly string[]): Family[] {
  const known = familiesOf(scenarios);
  return names.map((raw) => {
    const found = known.find((f) => f.id === familyId(raw));
    if (found === undefined)
      throw new UsageError(
        `--family: no family "${raw}" (the families: ${known.map((f) => f.id).join(', ')})`,
      );
    return found;
  });
}

/**
 * The scenarios a run selects: those of the given families (all when none is given) and, within
 * them, those `--only` names (all when none is given). Both narrow, so `--family x --only X-*`
 * is their intersection.
 */
export function selectScenarios(
  scenarios: readonly Scenario[],
  only: readonly string[] | undefined,
  familyNames: readonly string[] = [],
): Scenario[] {
  const wanted = new Set(resolveFamilies(scenarios, familyNames).map((f) => f.id));
  const inFamily = (s: Scenario) => wanted.size === 0 || wanted.has(familyOf(s.operation).id);
  const named = only === undefined || only.length === 0 ? () => true : byIds(scenarios, only);
  const selected = scenarios.filter((s) => inFamily(s) && named(s));
  if (selected.length === 0)
    throw new UsageError('--family and --only together select no scenario: nothing would run');
  return selected;
}
