import type { InvalidEntry } from '../../contract/invalid-entries.js';
import { fail, ok, type Result } from './errors.js';
import type { AuthMethod, CreatedBody, Person, PersonAuthMethod } from './models.js';
import { invalidAt, otpPhoneOf, primaryMethod } from './person-request-view.js';
import type { Store } from './store.js';

type Body = CreatedBody['body'];
type BodyMethod = NonNullable<Body['person']['authentication_methods']>[number];

/**
 * Age in full years on the engine's clock: the twin's `Timex.diff(now, birth_date, :years)`
 * (PV:90, 170); exactly 14 is "over 14" (DIV-PR-AGE-BOUNDARY).
 */
export function fullYears(birthDate: string, now: number): number {
  const [y = 0, m = 1, d = 1] = birthDate.split('-').map(Number);
  const today = new Date(now);
  const years = today.getUTCFullYear() - y;
  const beforeBirthday =
    today.getUTCMonth() + 1 < m || (today.getUTCMonth() + 1 === m && today.getUTCDate() < d);
  return beforeBirthday ? years - 1 : years;
}

/** The age under which only THIRD_PERSON may confirm (AP:3144-3146). */
const SELF_AUTH_AGE = 14;

/** A stored person's method as a request's method; THIRD_PERSON resolves its third person (one level). */
async function fromPersonMethod(store: Store, method: PersonAuthMethod): Promise<AuthMethod | undefined> {
  const common = method.alias === undefined ? {} : { alias: method.alias };
  switch (method.type) {
    case 'OTP':
      return method.phoneNumber === undefined
        ? undefined
        : { type: 'OTP', phoneNumber: method.phoneNumber, ...common };
    case 'OFFLINE':
      return { type: 'OFFLINE', ...common };
    case 'THIRD_PERSON': {
      const third = method.value === undefined ? undefined : await store.getPerson(method.value);
      return third === undefined
        ? undefined
        : { type: 'THIRD_PERSON', ...common, thirdPerson: thirdPersonOf(third) };
    }
  }
}

function thirdPersonOf(person: Person): NonNullable<AuthMethod['thirdPerson']> {
  const authenticationMethods: AuthMethod[] = person.authenticationMethods.flatMap((m): AuthMethod[] => {
    const alias = m.alias === undefined ? {} : { alias: m.alias };
    if (m.type === 'OTP' && m.phoneNumber !== undefined)
      return [{ type: 'OTP', phoneNumber: m.phoneNumber, ...alias }];
    if (m.type === 'OFFLINE') return [{ type: 'OFFLINE', ...alias }];
    return [];
  });
  return { authenticationMethods, documents: person.documents };
}

/**
 * The methods of an update: the one `authorize_with` names ("identifier of person's auth
 * method", AP:3162), else the person's primary one (S000:5), first; then the others.
 */
async function updateMethods(store: Store, created: CreatedBody, id: string): Promise<Result<AuthMethod[]>> {
  const { body } = created;
  const errors: InvalidEntry[] = [];
  // AP:3134-3142 (and AP:3451-3459 for v2's confidant): prohibited on update.
  if (body.person.authentication_methods !== undefined)
    errors.push(invalidAt('$.person.authentication_methods', 'invalid', 'Must not be present on update'));
  if (created.version === 2 && created.body.person.confidant_person !== undefined)
    errors.push(invalidAt('$.person.confidant_person', 'invalid', 'Must not be present on update'));
  if (errors.length > 0) return fail({ code: 'person_request_invalid', invalid: errors });
  const person = await store.getPerson(id);
  if (person === undefined)
    return fail({
      code: 'person_request_invalid',
      invalid: [invalidAt('$.person.id', 'invalid', 'Person is not found')],
    });
  const chosen =
    body.authorize_with === undefined
      ? person.authenticationMethods[0]
      : person.authenticationMethods.find((m) => m.id === body.authorize_with);
  if (chosen === undefined) {
    const entry = invalidAt(
      '$.authorize_with',
      'invalid',
      'No authentication method of the person has this id',
    );
    return fail({ code: 'person_request_invalid', invalid: [entry] });
  }
  const ordered = [chosen, ...person.authenticationMethods.filter((m) => m !== chosen)];
  const methods: AuthMethod[] = [];
  for (const m of ordered) {
    const method = await fromPersonMethod(store, m);
    if (method !== undefined) methods.push(method);
  }
  return ok(methods);
}

/** One method of a create: the fields its type requires (AP:17190-17198) and, for THIRD_PERSON, its person. */
async function createMethod(
  store: Store,
  created: CreatedBody,
  method: BodyMethod,
  at: string,
  errors: InvalidEntry[],
): Promise<AuthMethod | undefined> {
  const alias = method.alias === undefined ? {} : { alias: method.alias };
  if (method.type === 'OFFLINE') return { type: 'OFFLINE', ...alias };
  if (method.type === 'OTP') {
    if (method.phone_number !== undefined) return { type: 'OTP', phoneNumber: method.phone_number, ...alias };
    errors.push(
      invalidAt(`${at}.phone_number`, 'required', 'required property phone_number was not present'),
    );
    return undefined;
  }
  if (method.alias === undefined)
    errors.push(invalidAt(`${at}.alias`, 'required', 'required property alias was not present'));
  if (method.value === undefined) {
    errors.push(invalidAt(`${at}.value`, 'required', 'required property value was not present'));
    return undefined;
  }
  // AP:3465: "Link to THIRD PERSON (authentication_methods.value) must be equal to confidant_person_id".
  if (created.version === 2 && created.body.person.confidant_person?.person_id !== method.value)
    errors.push(invalidAt(`${at}.value`, 'invalid', 'Must be equal to confidant_person.person_id'));
  const third = await store.getPerson(method.value);
  const thirdMethod = third?.authenticationMethods[0]?.type;
  // S000:28 / CONF 714670098: the third person confirms by OTP or OFFLINE.
  if (third === undefined || (thirdMethod !== 'OTP' && thirdMethod !== 'OFFLINE')) {
    errors.push(
      invalidAt(`${at}.value`, 'invalid', 'Third person is not found or has no OTP or OFFLINE method'),
    );
    return undefined;
  }
  return { type: 'THIRD_PERSON', ...alias, thirdPerson: thirdPersonOf(third) };
}

/** The methods of a create, checked: required fields, the third person, the age rule (AP:3134-3146, 3465). */
async function createMethods(store: Store, created: CreatedBody, now: number): Promise<Result<AuthMethod[]>> {
  const { person } = created.body;
  const listed = person.authentication_methods;
  if (listed === undefined) {
    const entry = invalidAt(
      '$.person.authentication_methods',
      'required',
      'required property authentication_methods was not present',
    );
    return fail({ code: 'person_request_invalid', invalid: [entry] });
  }
  const errors: InvalidEntry[] = [];
  const methods: AuthMethod[] = [];
  const child = fullYears(person.birth_date, now) < SELF_AUTH_AGE;
  for (const [i, m] of listed.entries()) {
    const at = `$.person.authentication_methods.[${i}]`;
    // AP:3144-3146: "younger than 14: only THIRD_PERSON".
    if (child && m.type !== 'THIRD_PERSON')
      errors.push(
        invalidAt(`${at}.type`, 'invalid', 'A person under 14 can only be authenticated by THIRD_PERSON'),
      );
    const method = await createMethod(store, created, m, at, errors);
    if (method !== undefined) methods.push(method);
  }
  // The twin, PV:162-178: "Confidant person is mandatory for children".
  if (child && person.confidant_person === undefined)
    errors.push(
      invalidAt('$.person.confidant_person', 'required', 'Confidant person is mandatory for children'),
    );
  return errors.length > 0 ? fail({ code: 'person_request_invalid', invalid: errors }) : ok(methods);
}

/**
 * The rules of Create/Update Person Request (AP:3127-3194, 3443-3513), in the order the spec's
 * description lists them; the body already passed its schema. Resolves to the request's methods,
 * the current one first, or the 422 to answer. Sends nothing, stores nothing.
 */
export async function checkCreate(
  store: Store,
  created: CreatedBody,
  now: number,
): Promise<Result<readonly AuthMethod[]>> {
  const { id } = created.body.person;
  const methods =
    id === undefined ? await createMethods(store, created, now) : await updateMethods(store, created, id);
  if (!methods.ok) return methods;
  const current = primaryMethod(methods.value);
  const phone = current === undefined ? undefined : otpPhoneOf(current);
  // AP:3188-3194: 422 `unverified` when the OTP phone was never verified through /api/verifications.
  if (phone !== undefined && !(await store.isVerifiedPhone(phone))) return fail({ code: 'phone_unverified' });
  return methods;
}

/**
 * Whether an earlier request is for the same person, so that a create cancels it (the twin,
 * CRT:299-326; DIV-PR-CREATE-CANCELS-PENDING): the same `person.id`, else the same `tax_id`, else
 * the same names and birth date.
 */
export function samePerson(a: Body['person'], b: Body['person']): boolean {
  if (a.id !== undefined || b.id !== undefined) return a.id === b.id;
  if (a.tax_id !== undefined || b.tax_id !== undefined) return a.tax_id === b.tax_id;
  return (
    a.first_name === b.first_name &&
    a.last_name === b.last_name &&
    a.second_name === b.second_name &&
    a.birth_date === b.birth_date
  );
}

/** The person a sign creates from a create's body: each method gets an id (`authorize_with` names it). */
export function personFromBody(id: string, body: Body, methodId: () => string, existing?: Person): Person {
  const p = body.person;
  const authenticationMethods: readonly PersonAuthMethod[] =
    existing?.authenticationMethods ??
    (p.authentication_methods ?? []).map((m) => ({
      id: methodId(),
      type: m.type,
      ...(m.phone_number === undefined ? {} : { phoneNumber: m.phone_number }),
      ...(m.value === undefined ? {} : { value: m.value }),
      ...(m.alias === undefined ? {} : { alias: m.alias }),
    }));
  return {
    id,
    authenticationMethods,
    documents: p.documents.map((d) => d.type),
    firstName: p.first_name,
    lastName: p.last_name,
    birthDate: p.birth_date,
    ...(p.tax_id === undefined ? {} : { taxId: p.tax_id }),
  };
}
