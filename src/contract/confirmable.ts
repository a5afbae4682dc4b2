import { specDigest } from '../generated/spec-digest.js';
import type { ConfirmableAction, ConfirmableActionName, ConfirmableFamily } from './confirmable-actions.js';
import type { SpecName } from './spec-files.js';

/* The families and their status machine; what `x-confirmable` says is read in confirmable-actions.ts. */
export {
  CONFIRMABLE_ACTIONS,
  type ConfirmableAction,
  type ConfirmableActionName,
  type ConfirmableFamily,
  confirmableActionsOf,
} from './confirmable-actions.js';

const cache = new Map<SpecName, readonly ConfirmableFamily[]>();

/**
 * The families of the shipped spec, in the order their first operation appears; its actions as the
 * generator read them (src/generated/spec-digest.ts), so no spec document is walked at run time.
 */
export function listConfirmableFamilies(spec: SpecName = 'ehealth'): readonly ConfirmableFamily[] {
  let families = cache.get(spec);
  if (families === undefined) {
    const byName = new Map<string, ConfirmableAction[]>();
    for (const action of specDigest.confirmable[spec]) {
      const list = byName.get(action.family) ?? [];
      list.push(action);
      byName.set(action.family, list);
    }
    families = [...byName].map(([name, actions]) => {
      const tag = actions[0]?.tag ?? '';
      const other = actions.find((a) => a.tag !== tag);
      if (other !== undefined)
        throw new Error(`${other.operationId}: tag "${other.tag}" is not its family's "${tag}"`);
      return { name, tag, actions };
    });
    cache.set(spec, families);
  }
  return families;
}

export function confirmableFamily(name: string): ConfirmableFamily {
  const family = listConfirmableFamilies().find((f) => f.name === name);
  if (family === undefined) throw new Error(`the spec has no confirmable family ${name}`);
  return family;
}

/** The `x-confirmable` of an operation, or undefined when it belongs to no family. */
export function confirmableOf(operationId: string): ConfirmableAction | undefined {
  for (const family of listConfirmableFamilies())
    for (const action of family.actions) if (action.operationId === operationId) return action;
  return undefined;
}

/**
 * The status machine of one action of a family: where it may start and where it ends. Every
 * operation of one action (v1 and v2 of approve) must agree; test/contract/confirmable.test.ts holds them to it.
 */
export function transitionOf(
  family: string,
  action: ConfirmableActionName,
): { readonly from: readonly string[]; readonly to: string | undefined } {
  const found = confirmableFamily(family).actions.find((a) => a.action === action);
  if (found === undefined) throw new Error(`the ${family} family has no ${action} operation`);
  return { from: found.from, to: found.to };
}

/** The operations of one action of a family (approve v1 and v2 are two), in spec order. */
export function familyOperations(family: string, action: ConfirmableActionName): readonly string[] {
  return confirmableFamily(family)
    .actions.filter((a) => a.action === action)
    .map((a) => a.operationId);
}
