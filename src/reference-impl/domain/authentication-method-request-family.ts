import type { MethodChange } from './authentication-method-request-rules.js';
import { type FamilyRules, genericErrors, recordAccess, recordFields, type SeedData } from './confirmable.js';
import type { ConfirmableRecord, CurrentMethod, JsonValue, Person, PersonAuthMethod } from './models.js';
import type { Store } from './store.js';

/*
 * Authentication method requests (UA:2145-2279) as a confirmable family: a generic record made by
 * the create call (authentication-method-requests.ts) or seeded through the control API, the
 * spec's status machine (x-confirmable: approve NEW → COMPLETED, resend from NEW), the generic
 * errors named "Authentication method request". Its own fields in `data`: `person_id` (the path's
 * person, which the suite fills from it) and `change` (what approve does to the person's methods).
 * Research: docs/research/authentication-method-requests.md.
 */

export const AMR_FAMILY = 'authentication_method_request';

/** The family's fields of a record, as create writes them. */
export interface AmrData {
  readonly personId: string;
  readonly change: MethodChange;
}

type JsonObject = { readonly [k: string]: JsonValue };
const isObject = (v: JsonValue | undefined): v is JsonObject =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const text = (o: JsonObject, key: string): string | undefined =>
  typeof o[key] === 'string' ? (o[key] as string) : undefined;

function methodJson(m: Omit<PersonAuthMethod, 'id'>): JsonObject {
  return {
    type: m.type,
    ...(m.phoneNumber === undefined ? {} : { phone_number: m.phoneNumber }),
    ...(m.value === undefined ? {} : { value: m.value }),
    ...(m.alias === undefined ? {} : { alias: m.alias }),
  };
}

/** `data` of a record: the wire's snake case, plain JSON (the store keeps it as is). */
export function amrDataJson(data: AmrData): JsonObject {
  const { change } = data;
  const changeJson: JsonObject =
    change.action === 'INSERT'
      ? { action: 'INSERT', method: methodJson(change.method) }
      : change.action === 'UPDATE'
        ? { action: 'UPDATE', id: change.id, ...(change.alias === undefined ? {} : { alias: change.alias }) }
        : { action: 'DEACTIVATE', id: change.id };
  return { person_id: data.personId, change: changeJson };
}

function changeOf(raw: JsonValue | undefined): MethodChange | undefined {
  if (!isObject(raw)) return undefined;
  const id = text(raw, 'id');
  switch (raw.action) {
    case 'UPDATE': {
      const alias = text(raw, 'alias');
      return id === undefined
        ? undefined
        : { action: 'UPDATE', id, ...(alias === undefined ? {} : { alias }) };
    }
    case 'DEACTIVATE':
      return id === undefined ? undefined : { action: 'DEACTIVATE', id };
    case 'INSERT': {
      const m = raw.method;
      if (!isObject(m) || (m.type !== 'OTP' && m.type !== 'OFFLINE' && m.type !== 'THIRD_PERSON'))
        return undefined;
      const [phoneNumber, value, alias] = [text(m, 'phone_number'), text(m, 'value'), text(m, 'alias')];
      return {
        action: 'INSERT',
        method: {
          type: m.type,
          ...(phoneNumber === undefined ? {} : { phoneNumber }),
          ...(value === undefined ? {} : { value }),
          ...(alias === undefined ? {} : { alias }),
        },
      };
    }
    default:
      return undefined;
  }
}

/** The family's fields of a stored record; undefined when a seed left them out (no person, no change). */
export function amrDataOf(record: Pick<ConfirmableRecord, 'data'>): AmrData | undefined {
  const personId = text(record.data, 'person_id');
  const change = changeOf(record.data.change);
  return personId === undefined || change === undefined ? undefined : { personId, change };
}

/*
 * A seed through the control API (POST /__control/requests/authentication_method_request). The
 * request belongs to a person, whose path parameter the suite fills from `data.person_id`
 * (conformance/scenarios/confirmable.ts `requestPath`): `data.person_id` naming a person the
 * target knows keeps that person; otherwise a placeholder person is made whose primary method is
 * the seeded `authentication_method_current`, so the generated resend and approve scenarios run
 * without a person request flow. `data.change` (as the create call stores it) is what approve
 * applies; absent, approve re-aliases the person's primary method to `seeded`, which changes
 * nothing a scenario reads.
 */

const placeholder = (id: string, methods: readonly PersonAuthMethod[]): Person => ({
  id,
  authenticationMethods: methods,
  documents: ['PASSPORT'],
  firstName: 'Seeded',
  lastName: 'Person',
  birthDate: '1990-01-01',
});

/** The placeholder's primary method for the seeded current method (a THIRD_PERSON gets a third person of its own). */
async function primaryFor(
  store: Store,
  uuid: () => string,
  method: Exclude<CurrentMethod, { type: 'NA' }>,
): Promise<PersonAuthMethod> {
  switch (method.type) {
    case 'OTP':
      return { id: uuid(), type: 'OTP', phoneNumber: method.phoneNumber };
    case 'OFFLINE':
      return { id: uuid(), type: 'OFFLINE' };
    case 'THIRD_PERSON': {
      const third = placeholder(uuid(), [
        method.phoneNumber === undefined
          ? { id: uuid(), type: 'OFFLINE' }
          : { id: uuid(), type: 'OTP', phoneNumber: method.phoneNumber },
      ]);
      await store.putPerson(third);
      return { id: uuid(), type: 'THIRD_PERSON', value: third.id, alias: 'third_person' };
    }
  }
}

/** The family's {@link FamilyRules.seedData}: the seed's person (kept or made) and the change approve applies. */
export async function seedAmrData(
  store: Store,
  given: ConfirmableRecord['data'],
  uuid: () => string,
  method: CurrentMethod,
): Promise<SeedData> {
  // Refused before any person is made, so a refused seed leaves nothing behind.
  if (method.type === 'NA')
    return {
      refused:
        "an authentication method request is confirmed by one of the person's methods: OTP, OFFLINE or THIRD_PERSON, not NA",
    };
  const named = typeof given.person_id === 'string' ? given.person_id : undefined;
  let person = named === undefined ? undefined : await store.getPerson(named);
  if (person === undefined) {
    person = placeholder(named ?? uuid(), [await primaryFor(store, uuid, method)]);
    await store.putPerson(person);
  }
  const primary = person.authenticationMethods[0];
  const change: MethodChange = amrDataOf({ data: given })?.change ?? {
    action: 'UPDATE',
    id: primary?.id ?? '',
    alias: 'seeded',
  };
  return { data: { ...given, ...amrDataJson({ personId: person.id, change }) } };
}

export function authenticationMethodRequestFamily(store: Store): FamilyRules<ConfirmableRecord> {
  return {
    family: AMR_FAMILY,
    access: recordAccess(store, AMR_FAMILY),
    ...recordFields,
    errors: genericErrors('Authentication method request'),
    // Create refuses a current method that sends no code (DIV-AMR-OFFLINE-NOT-MODELLED); only a
    // control-API seed makes such a request, and it cannot be approved: the same 409 as resend's.
    approveWithoutCode: () => ({ code: 'auth_method_not_otp' }),
    // No open-source implementation exists to imitate (research §0): the running-service switches
    // of the declaration twin do not apply.
    twinResend: { conflict422: false, statusFirst: false },
    seedData: (given, uuid, method) => seedAmrData(store, given, uuid, method),
  };
}
