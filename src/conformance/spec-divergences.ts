import { loadSpec } from '../contract/spec-files.js';
import { isObject } from './json.js';
import { suiteOperations } from './operations.js';

/** One `x-divergences` entry of the spec, with the operations that list it. */
export interface SpecDivergence {
  readonly id: string;
  /** The operationIds whose `x-divergences` name it; empty for a document-wide one (`info`). */
  readonly operations: readonly string[];
  readonly docs: string;
  readonly observed: string;
  readonly kit: string;
  /**
   * Which side each behaviour profile of the kit takes: `kit`, the entry's rule, or `observed`, the
   * side the suite reports by the id. `x-switch: none`: both `kit`; a setting: `docs` `kit` and
   * `service` `observed`; `x-profiles` overrides either (a setting the service profile leaves alone).
   */
  readonly profiles: Readonly<Record<ProfileName, ProfileSide>>;
}

export const PROFILE_NAMES = ['docs', 'service'] as const;
export type ProfileName = (typeof PROFILE_NAMES)[number];
export type ProfileSide = 'kit' | 'observed';

function sides(entry: Record<string, unknown>): Record<ProfileName, ProfileSide> {
  const switched = entry['x-switch'] !== undefined && entry['x-switch'] !== 'none';
  const given = entry['x-profiles'];
  const side = (name: ProfileName, otherwise: ProfileSide): ProfileSide => {
    const value = isObject(given) ? given[name] : undefined;
    return value === 'kit' || value === 'observed' ? value : otherwise;
  };
  return { docs: side('docs', 'kit'), service: side('service', switched ? 'observed' : 'kit') };
}

function entries(value: unknown): Omit<SpecDivergence, 'operations'>[] {
  if (!Array.isArray(value)) return [];
  return value.filter(isObject).map((d) => ({
    id: String(d.id),
    docs: String(d.docs ?? ''),
    observed: String(d.observed ?? ''),
    kit: String(d.kit ?? ''),
    profiles: sides(d),
  }));
}

/** Every divergence the spec records (openapi/ehealth-otp.yaml): the operations' in their order, then the document's. */
export function specDivergences(): SpecDivergence[] {
  const doc = loadSpec('ehealth');
  const byId = new Map<string, SpecDivergence>();
  const add = (entry: ReturnType<typeof entries>[number], operation: string | undefined) => {
    const known = byId.get(entry.id);
    const operations = [...(known?.operations ?? []), ...(operation === undefined ? [] : [operation])];
    byId.set(entry.id, { ...(known ?? entry), operations });
  };
  for (const op of suiteOperations()) {
    const raw = doc.paths[op.path]?.[op.method.toLowerCase()];
    for (const entry of entries(isObject(raw) ? raw['x-divergences'] : undefined)) add(entry, op.operationId);
  }
  for (const entry of entries(isObject(doc.info) ? doc.info['x-divergences'] : undefined))
    add(entry, undefined);
  return [...byId.values()];
}
