import { describe, expect, it } from 'vitest';
import {
  applyChange,
  checkAction,
  type MethodChange,
} from '../../../src/reference-impl/domain/authentication-method-request-rules.js';
import type { Person } from '../../../src/reference-impl/domain/models.js';
import { MemoryStore } from '../../../src/reference-impl/store/memory-store.js';

/*
 * The rules of an authentication method request (docs/research/authentication-method-requests.md
 * §1.1, §3): the fields each action needs or refuses, the verified new phone, and what an approved
 * change does to the person's methods.
 */

const NOW = Date.UTC(2026, 11, 1);
const person: Person = {
  id: 'p-1',
  authenticationMethods: [
    { id: 'm-otp', type: 'OTP', phoneNumber: '+380501110001' },
    { id: 'm-off', type: 'OFFLINE', alias: 'paper' },
  ],
  documents: ['PASSPORT'],
  firstName: 'Петро',
  lastName: 'Іванов',
  birthDate: '1991-08-19',
};
const third = (id: string, birthDate: string, type: 'OTP' | 'OFFLINE' | 'THIRD_PERSON'): Person => ({
  ...person,
  id,
  birthDate,
  authenticationMethods: [
    { id: `${id}-m`, type, ...(type === 'OTP' ? { phoneNumber: '+380501119999' } : {}) },
  ],
});

async function storeWith(...persons: Person[]): Promise<MemoryStore> {
  const store = new MemoryStore(10);
  for (const p of persons) await store.putPerson(p);
  return store;
}

type BodyMethod = Parameters<typeof checkAction>[2]['authentication_method'];
const insertOf = (store: MemoryStore, method: BodyMethod) =>
  checkAction(store, person, { action: 'INSERT', authentication_method: method }, NOW);
/** An INSERT of a THIRD_PERSON method for the person `value`, otherwise well formed. */
const thirdPersonInsert = (store: MemoryStore, value: string) =>
  insertOf(store, { type: 'THIRD_PERSON', value, alias: 'son' });

const entries = (result: Awaited<ReturnType<typeof checkAction>>) =>
  result.ok || result.error.code !== 'amr_invalid'
    ? []
    : result.error.invalid.map((e) => `${e.entry} ${e.rules[0]?.rule}: ${e.rules[0]?.description}`);

describe('checkAction', () => {
  it('INSERT of OTP needs a verified phone: unverified → phone_unverified, verified → the change', async () => {
    const store = await storeWith(person);
    const body = {
      action: 'INSERT',
      authentication_method: { type: 'OTP', phone_number: '+380502220002' },
    } as const;
    const before = await checkAction(store, person, body, NOW);
    expect(before).toEqual({ ok: false, error: { code: 'phone_unverified' } });
    await store.addVerifiedPhone('+380502220002');
    expect(await checkAction(store, person, body, NOW)).toEqual({
      ok: true,
      value: { action: 'INSERT', method: { type: 'OTP', phoneNumber: '+380502220002' } },
    });
  });

  it('names every field an action needs or refuses, all at once', async () => {
    const store = await storeWith(person);
    expect(
      entries(
        await checkAction(
          store,
          person,
          { action: 'INSERT', authentication_method: { id: 'x', value: 'v' } },
          NOW,
        ),
      ),
    ).toEqual([
      '$.authentication_method.id invalid: Must not be present for INSERT',
      '$.authentication_method.type required: required property type was not present',
    ]);
    expect(
      entries(
        await checkAction(
          store,
          person,
          { action: 'INSERT', authentication_method: { type: 'OTP', value: 'v' } },
          NOW,
        ),
      ),
    ).toEqual([
      '$.authentication_method.value invalid: Must not be present for type OTP',
      '$.authentication_method.phone_number required: required property phone_number was not present',
    ]);
    expect(
      entries(
        await checkAction(
          store,
          person,
          { action: 'DEACTIVATE', authentication_method: { id: 'm-otp', alias: 'a', type: 'OTP' } },
          NOW,
        ),
      ),
    ).toEqual([
      '$.authentication_method.type invalid: Must not be present for DEACTIVATE',
      '$.authentication_method.alias invalid: Must not be present for DEACTIVATE',
    ]);
    expect(
      entries(await checkAction(store, person, { action: 'UPDATE', authentication_method: {} }, NOW)),
    ).toEqual(['$.authentication_method.id required: required property id was not present']);
    expect(
      entries(
        await checkAction(store, person, { action: 'UPDATE', authentication_method: { id: 'nope' } }, NOW),
      ),
    ).toEqual(['$.authentication_method.id invalid: No authentication method of the person has this id']);
  });

  it("refuses to deactivate the person's last method, and allows it while another is left", async () => {
    const alone: Person = {
      ...person,
      authenticationMethods: [{ id: 'm-otp', type: 'OTP', phoneNumber: '+380501110001' }],
    };
    const store = await storeWith(alone);
    const body = { action: 'DEACTIVATE', authentication_method: { id: 'm-otp' } } as const;
    expect(entries(await checkAction(store, alone, body, NOW))).toEqual([
      "$.authentication_method.id invalid: The person's last authentication method cannot be deactivated",
    ]);
    expect(await checkAction(store, person, body, NOW)).toEqual({
      ok: true,
      value: { action: 'DEACTIVATE', id: 'm-otp' },
    });
  });

  it('INSERT of THIRD_PERSON: the third person exists, is adult and confirms by OTP or OFFLINE', async () => {
    const store = await storeWith(
      person,
      third('adult', '1980-01-01', 'OTP'),
      third('minor', '2015-01-01', 'OTP'),
      third('chain', '1980-01-01', 'THIRD_PERSON'),
    );
    const insert = (value: string) => thirdPersonInsert(store, value);
    expect(entries(await insert('missing'))).toEqual([
      "$.authentication_method.value invalid: such person doesn't exist",
    ]);
    expect(entries(await insert('minor'))).toEqual([
      '$.authentication_method.value invalid: third person must be adult',
    ]);
    expect(entries(await insert('chain'))).toEqual([
      '$.authentication_method.value invalid: third person must has auth method OTP or OFFLINE',
    ]);
    expect(await insert('adult')).toEqual({
      ok: true,
      value: { action: 'INSERT', method: { type: 'THIRD_PERSON', value: 'adult', alias: 'son' } },
    });
  });
});

describe('checkAction: the fields of each type and action', () => {
  it('INSERT of OFFLINE refuses a phone and a value, and keeps an alias only when given', async () => {
    const store = await storeWith(person);
    const insert = (method: BodyMethod) => insertOf(store, method);
    expect(entries(await insert({ type: 'OFFLINE', phone_number: '+380502220002', value: 'v' }))).toEqual([
      '$.authentication_method.phone_number invalid: Must not be present for type OFFLINE',
      '$.authentication_method.value invalid: Must not be present for type OFFLINE',
    ]);
    expect(await insert({ type: 'OFFLINE', alias: 'paper' })).toStrictEqual({
      ok: true,
      value: { action: 'INSERT', method: { type: 'OFFLINE', alias: 'paper' } },
    });
    // No `alias: undefined` on the change: the change is stored as plain JSON (exactOptionalPropertyTypes).
    expect(await insert({ type: 'OFFLINE' })).toStrictEqual({
      ok: true,
      value: { action: 'INSERT', method: { type: 'OFFLINE' } },
    });
  });

  it('INSERT of THIRD_PERSON needs a value and an alias and refuses a phone', async () => {
    const store = await storeWith(person, third('adult', '1980-01-01', 'OTP'));
    const insert = (method: BodyMethod) => insertOf(store, method);
    expect(entries(await insert({ type: 'THIRD_PERSON', phone_number: '+380502220002' }))).toEqual([
      '$.authentication_method.phone_number invalid: Must not be present for type THIRD_PERSON',
      '$.authentication_method.alias required: required property alias was not present',
      '$.authentication_method.value required: required property value was not present',
    ]);
    expect(entries(await insert({ type: 'THIRD_PERSON', value: 'adult' }))).toEqual([
      '$.authentication_method.alias required: required property alias was not present',
    ]);
  });

  it('the third person is adult from the 18th birthday on, and may confirm OFFLINE', async () => {
    // NOW is 2026-12-01: born 2008-12-01 is 18 today, born 2008-12-02 is 17.
    const noMethods: Person = { ...third('none', '1980-01-01', 'OTP'), authenticationMethods: [] };
    const store = await storeWith(
      person,
      third('today18', '2008-12-01', 'OTP'),
      third('tomorrow18', '2008-12-02', 'OTP'),
      third('paper', '1980-01-01', 'OFFLINE'),
      noMethods,
    );
    const insert = (value: string) => thirdPersonInsert(store, value);
    expect((await insert('today18')).ok).toBe(true);
    expect(entries(await insert('tomorrow18'))).toEqual([
      '$.authentication_method.value invalid: third person must be adult',
    ]);
    expect((await insert('paper')).ok).toBe(true);
    expect(entries(await insert('none'))).toEqual([
      '$.authentication_method.value invalid: third person must has auth method OTP or OFFLINE',
    ]);
  });

  it("UPDATE takes an alias and may name a person's only method; it stays an UPDATE", async () => {
    const alone: Person = {
      ...person,
      authenticationMethods: [{ id: 'm-otp', type: 'OTP', phoneNumber: '+380501110001' }],
    };
    const store = await storeWith(alone);
    const update = (method: BodyMethod) =>
      checkAction(store, alone, { action: 'UPDATE', authentication_method: method }, NOW);
    expect(await update({ id: 'm-otp', alias: 'main' })).toStrictEqual({
      ok: true,
      value: { action: 'UPDATE', id: 'm-otp', alias: 'main' },
    });
    expect(await update({ id: 'm-otp' })).toStrictEqual({
      ok: true,
      value: { action: 'UPDATE', id: 'm-otp' },
    });
  });
});

describe('applyChange', () => {
  const ids = () => 'm-new';
  const apply = (change: MethodChange) => applyChange(person, change, ids).authenticationMethods;

  it('an OTP insert replaces the OTP method in its place: the new phone is the primary phone', () => {
    expect(apply({ action: 'INSERT', method: { type: 'OTP', phoneNumber: '+380502220002' } })).toEqual([
      { id: 'm-new', type: 'OTP', phoneNumber: '+380502220002' },
      { id: 'm-off', type: 'OFFLINE', alias: 'paper' },
    ]);
  });

  it('a THIRD_PERSON insert goes last; UPDATE sets the alias only', () => {
    expect(
      apply({ action: 'INSERT', method: { type: 'THIRD_PERSON', value: 'x', alias: 'son' } }).map(
        (m) => m.id,
      ),
    ).toEqual(['m-otp', 'm-off', 'm-new']);
    expect(apply({ action: 'UPDATE', id: 'm-off', alias: 'archive' })[1]).toEqual({
      id: 'm-off',
      type: 'OFFLINE',
      alias: 'archive',
    });
    expect(apply({ action: 'UPDATE', id: 'm-off' })).toEqual(person.authenticationMethods);
  });

  it('DEACTIVATE of the primary makes the method added last primary', () => {
    const three: Person = {
      ...person,
      authenticationMethods: [
        ...person.authenticationMethods,
        { id: 'm-3p', type: 'THIRD_PERSON', value: 'x' },
      ],
    };
    expect(
      applyChange(three, { action: 'DEACTIVATE', id: 'm-otp' }, ids).authenticationMethods.map((m) => m.id),
    ).toEqual(['m-3p', 'm-off']);
    expect(
      applyChange(three, { action: 'DEACTIVATE', id: 'm-off' }, ids).authenticationMethods.map((m) => m.id),
    ).toEqual(['m-otp', 'm-3p']);
  });
});

describe('applyChange: the other methods', () => {
  const four: Person = {
    ...person,
    authenticationMethods: [
      ...person.authenticationMethods,
      { id: 'm-3p', type: 'THIRD_PERSON', value: 'x', alias: 'son' },
      { id: 'm-3q', type: 'THIRD_PERSON', value: 'y', alias: 'daughter' },
    ],
  };
  const ids = (change: MethodChange) =>
    applyChange(four, change, () => 'm-new').authenticationMethods.map((m) => m.id);

  it('a THIRD_PERSON insert keeps the third persons there are; an OFFLINE insert replaces the OFFLINE one', () => {
    expect(ids({ action: 'INSERT', method: { type: 'THIRD_PERSON', value: 'z', alias: 'niece' } })).toEqual([
      'm-otp',
      'm-off',
      'm-3p',
      'm-3q',
      'm-new',
    ]);
    expect(ids({ action: 'INSERT', method: { type: 'OFFLINE' } })).toEqual([
      'm-otp',
      'm-new',
      'm-3p',
      'm-3q',
    ]);
  });

  it('UPDATE changes the alias of the named method only', () => {
    expect(applyChange(four, { action: 'UPDATE', id: 'm-off', alias: 'archive' }, () => 'm-new')).toEqual({
      ...four,
      authenticationMethods: four.authenticationMethods.map((m) =>
        m.id === 'm-off' ? { ...m, alias: 'archive' } : m,
      ),
    });
  });

  it('DEACTIVATE of the primary moves the last method first and keeps the others in order; of another, the order stays', () => {
    expect(ids({ action: 'DEACTIVATE', id: 'm-otp' })).toEqual(['m-3q', 'm-off', 'm-3p']);
    expect(ids({ action: 'DEACTIVATE', id: 'm-3p' })).toEqual(['m-otp', 'm-off', 'm-3q']);
  });
});
