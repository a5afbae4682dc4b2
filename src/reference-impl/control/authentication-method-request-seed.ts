import { AMR_FAMILY, amrDataJson, amrDataOf } from '../domain/authentication-method-request-family.js';
import type { MethodChange } from '../domain/authentication-method-request-rules.js';
import type { ConfirmableRecord, JsonValue, Person, PersonAuthMethod } from '../domain/models.js';
import type { Store } from '../domain/store.js';
import type { RandomSource } from '../random.js';
import { ControlInvalidError, type SeedRequest, seedStatus, toCurrentMethod } from './request-seeds.js';

/*
 * The control API's seed of an authentication method request (POST
 * /__control/requests/authentication_method_request). The request belongs to a person, whose
 * path parameter the suite fills from `data.person_id` (scenarios/confirmable.ts `requestPath`):
 * `data.person_id` naming a person the target knows keeps that person; otherwise a placeholder
 * person is made whose primary method is the seeded `authentication_method_current`, so the
 * generated resend and approve scenarios run without a person request flow. `data.change` (as
 * the create call stores it) is what approve applies; absent, approve re-aliases the person's
 * primary method to `seeded`, which changes nothing a scenario reads.
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
  random: RandomSource,
  method: ConfirmableRecord['method'],
): Promise<PersonAuthMethod> {
  switch (method.type) {
    case 'OTP':
      return { id: random.uuid(), type: 'OTP', phoneNumber: method.phoneNumber };
    case 'OFFLINE':
      return { id: random.uuid(), type: 'OFFLINE' };
    case 'THIRD_PERSON': {
      const third = placeholder(random.uuid(), [
        method.phoneNumber === undefined
          ? { id: random.uuid(), type: 'OFFLINE' }
          : { id: random.uuid(), type: 'OTP', phoneNumber: method.phoneNumber },
      ]);
      await store.putPerson(third);
      return { id: random.uuid(), type: 'THIRD_PERSON', value: third.id, alias: 'third_person' };
    }
    case 'NA':
      throw new ControlInvalidError(
        "an authentication method request is confirmed by one of the person's methods: OTP, OFFLINE or THIRD_PERSON, not NA",
      );
  }
}

export async function seedAuthMethodRequest(
  deps: { readonly store: Store; readonly random: RandomSource },
  seed: SeedRequest,
  id: string,
  now: number,
): Promise<ConfirmableRecord> {
  const { store, random } = deps;
  const status = seedStatus(AMR_FAMILY, seed);
  const method = toCurrentMethod(seed.authentication_method_current);
  const data = (seed.data ?? {}) as { readonly [k: string]: JsonValue };
  const named = typeof data.person_id === 'string' ? data.person_id : undefined;
  let person = named === undefined ? undefined : await store.getPerson(named);
  if (person === undefined) {
    person = placeholder(named ?? random.uuid(), [await primaryFor(store, random, method)]);
    await store.putPerson(person);
  }
  const primary = person.authenticationMethods[0];
  const given = amrDataOf({ kind: AMR_FAMILY, id, status, method, data, insertedAt: now, updatedAt: now });
  const change: MethodChange = given?.change ?? { action: 'UPDATE', id: primary?.id ?? '', alias: 'seeded' };
  const record: ConfirmableRecord = {
    kind: AMR_FAMILY,
    id,
    status,
    method,
    data: { ...data, ...amrDataJson({ personId: person.id, change }) },
    insertedAt: now,
    updatedAt: now,
  };
  await store.putRequest(record);
  return record;
}
