import type { InvalidEntry } from '../../contract/invalid-entries.js';
import type { components } from '../../generated/ehealth-otp.js';
import { fail, ok, type Result } from './errors.js';
import type { Person, PersonAuthMethod } from './models.js';
import { fullYears } from './person-request-create.js';
import { invalidAt } from './person-request-view.js';
import type { Store } from './store.js';

/*
 * The rules of one authentication method request (createAuthenticationMethodRequest in
 * openapi/ehealth-otp.yaml; UA:2145-2253; docs/research/authentication-method-requests.md §1,
 * §3): which fields an action needs or refuses, and what approving it does to the person's
 * methods. Pure or read-only: nothing here sends an SMS or writes the store.
 */

type Body = components['schemas']['CreateAuthenticationMethodRequestBody'];
type BodyMethod = Body['authentication_method'];

/** What an approve will do to the person's methods; kept on the request between create and approve. */
export type MethodChange =
  | { readonly action: 'INSERT'; readonly method: Omit<PersonAuthMethod, 'id'> }
  | { readonly action: 'UPDATE'; readonly id: string; readonly alias?: string }
  | { readonly action: 'DEACTIVATE'; readonly id: string };

/** CONF 681541645: "third person must be adult" (18 full years). */
const ADULT_AGE = 18;

const base = '$.authentication_method';
const required = (field: string) =>
  invalidAt(`${base}.${field}`, 'required', `required property ${field} was not present`);
const refused = (field: string, what: string) =>
  invalidAt(`${base}.${field}`, 'invalid', `Must not be present for ${what}`);

/** The INSERT rules by type (CONF 681541645 / 686751834): OTP a phone, OFFLINE nothing, THIRD_PERSON a person and an alias. */
async function insertRules(
  store: Store,
  method: BodyMethod,
  now: number,
  errors: InvalidEntry[],
): Promise<Omit<PersonAuthMethod, 'id'> | undefined> {
  if (method.id !== undefined) errors.push(refused('id', 'INSERT'));
  const alias = method.alias === undefined ? {} : { alias: method.alias };
  switch (method.type) {
    case 'OTP':
      if (method.value !== undefined) errors.push(refused('value', 'type OTP'));
      if (method.phone_number === undefined) {
        errors.push(required('phone_number'));
        return undefined;
      }
      return { type: 'OTP', phoneNumber: method.phone_number, ...alias };
    case 'OFFLINE':
      if (method.phone_number !== undefined) errors.push(refused('phone_number', 'type OFFLINE'));
      if (method.value !== undefined) errors.push(refused('value', 'type OFFLINE'));
      return { type: 'OFFLINE', ...alias };
    case 'THIRD_PERSON': {
      if (method.phone_number !== undefined) errors.push(refused('phone_number', 'type THIRD_PERSON'));
      if (method.alias === undefined) errors.push(required('alias'));
      if (method.value === undefined) {
        errors.push(required('value'));
        return undefined;
      }
      const third = await store.getPerson(method.value);
      // CONF 681541645, in its order: exists, adult, confirms by OTP or OFFLINE itself.
      const problem =
        third === undefined
          ? "such person doesn't exist"
          : fullYears(third.birthDate, now) < ADULT_AGE
            ? 'third person must be adult'
            : !['OTP', 'OFFLINE'].includes(third.authenticationMethods[0]?.type ?? '')
              ? 'third person must has auth method OTP or OFFLINE'
              : undefined;
      if (problem !== undefined) {
        errors.push(invalidAt(`${base}.value`, 'invalid', problem));
        return undefined;
      }
      return { type: 'THIRD_PERSON', value: method.value, ...alias };
    }
    default:
      errors.push(required('type'));
      return undefined;
  }
}

/** UPDATE and DEACTIVATE name one of the person's methods by id (UA:2170-2171, 2180-2182). */
function byIdRules(person: Person, body: Body, errors: InvalidEntry[]): string | undefined {
  const { action, authentication_method: method } = body;
  for (const field of ['type', 'phone_number', 'value'] as const)
    if (method[field] !== undefined) errors.push(refused(field, action));
  if (action === 'DEACTIVATE' && method.alias !== undefined) errors.push(refused('alias', action));
  if (method.id === undefined) {
    errors.push(required('id'));
    return undefined;
  }
  if (!person.authenticationMethods.some((m) => m.id === method.id)) {
    // The text of the person request's `authorize_with` for the same mistake.
    errors.push(invalidAt(`${base}.id`, 'invalid', 'No authentication method of the person has this id'));
    return undefined;
  }
  // Kit rule (research §3): a person with no method could confirm nothing any more.
  if (action === 'DEACTIVATE' && person.authenticationMethods.length === 1)
    errors.push(
      invalidAt(`${base}.id`, 'invalid', "The person's last authentication method cannot be deactivated"),
    );
  return method.id;
}

/**
 * Create's rules after the body's schema, in the spec's order: the action's fields (every
 * failing field at once, 422 `amr_invalid`), then a new OTP phone must be verified (422
 * `phone_unverified`, UA:2197-2203). Resolves to the change an approve will apply.
 */
export async function checkAction(
  store: Store,
  person: Person,
  body: Body,
  now: number,
): Promise<Result<MethodChange>> {
  const errors: InvalidEntry[] = [];
  let change: MethodChange | undefined;
  if (body.action === 'INSERT') {
    const method = await insertRules(store, body.authentication_method, now, errors);
    if (method !== undefined) change = { action: 'INSERT', method };
  } else {
    const id = byIdRules(person, body, errors);
    const alias = body.authentication_method.alias;
    if (id !== undefined)
      change =
        body.action === 'DEACTIVATE'
          ? { action: 'DEACTIVATE', id }
          : { action: 'UPDATE', id, ...(alias === undefined ? {} : { alias }) };
  }
  if (errors.length > 0 || change === undefined) return fail({ code: 'amr_invalid', invalid: errors });
  if (change.action === 'INSERT' && change.method.type === 'OTP') {
    const phone = change.method.phoneNumber;
    if (phone === undefined || !(await store.isVerifiedPhone(phone)))
      return fail({ code: 'phone_unverified' });
  }
  return ok(change);
}

/**
 * The person after an approved change (CONF 676823099; the MPI table's unique `(person_id, type)`
 * index, MPI_DB_person_authentication_methods): an OTP or OFFLINE insert replaces the method of its
 * type in place, so a new OTP phone becomes the phone a person request for this person uses; other
 * inserts go last; UPDATE sets the alias; DEACTIVATE removes the method, and when it was the
 * primary (first) one, the method added last becomes primary.
 */
export function applyChange(person: Person, change: MethodChange, newId: () => string): Person {
  const methods = person.authenticationMethods;
  switch (change.action) {
    case 'INSERT': {
      const added: PersonAuthMethod = { id: newId(), ...change.method };
      const unique = added.type !== 'THIRD_PERSON';
      const at = unique ? methods.findIndex((m) => m.type === added.type) : -1;
      const authenticationMethods =
        at === -1 ? [...methods, added] : methods.map((m, i) => (i === at ? added : m));
      return { ...person, authenticationMethods };
    }
    case 'UPDATE':
      return {
        ...person,
        authenticationMethods: methods.map((m) =>
          m.id === change.id && change.alias !== undefined ? { ...m, alias: change.alias } : m,
        ),
      };
    case 'DEACTIVATE': {
      const wasPrimary = methods[0]?.id === change.id;
      const rest = methods.filter((m) => m.id !== change.id);
      const last = rest.at(-1);
      const authenticationMethods = wasPrimary && last !== undefined ? [last, ...rest.slice(0, -1)] : rest;
      return { ...person, authenticationMethods };
    }
  }
}
