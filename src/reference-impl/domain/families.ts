import { authenticationMethodRequestFamily } from './authentication-method-request-family.js';
import { confidantPersonRelationshipRequestFamily } from './confidant-person-relationship-request-family.js';
import type { FamilyRules } from './confirmable.js';
import { declarationRequestFamily } from './declaration-request-family.js';
import { mergeRequestFamily } from './merge-request-family.js';
import type { ConfirmableRecord } from './models.js';
import type { Store } from './store.js';

/*
 * The confirmable families stored as generic records (Store.getRequest), by their spec name
 * (`x-confirmable.family`). Person requests are not here: they keep their own record and service
 * (person-requests.ts, person-request-family.ts). A new family is one line below and its rules file.
 */
const FAMILY_RULES: readonly ((store: Store) => FamilyRules<ConfirmableRecord>)[] = [
  declarationRequestFamily,
  authenticationMethodRequestFamily,
  confidantPersonRelationshipRequestFamily,
  mergeRequestFamily,
];

export interface Families {
  /** The rules of a family; a name the engine has no rules for is a programming error (throws). */
  get(family: string): FamilyRules<ConfirmableRecord>;
  readonly names: readonly string[];
}

export function createFamilies(store: Store): Families {
  const byName = new Map(FAMILY_RULES.map((make) => make(store)).map((rules) => [rules.family, rules]));
  return {
    get(family) {
      const rules = byName.get(family);
      if (rules === undefined)
        throw new Error(`the engine has no rules for the confirmable family ${family}`);
      return rules;
    },
    names: [...byName.keys()],
  };
}
