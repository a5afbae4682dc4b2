import { describe, expect, it, vi } from 'vitest';
import { ControlInvalidError } from '../../../src/reference-impl/control/request-seeds.js';
import { createEngine } from '../../../src/reference-impl/engine.js';

/*
 * ControlState.seedRequest (openapi/control.yaml seedRequest) for the families whose seed does more
 * than store the given `data`: an authentication method request makes the person of its path
 * (FamilyRules.seedData of authentication-method-request-family.ts), a confidant request defaults
 * its fields; every refusal is a ControlInvalidError (the control API's 422) that stores nothing.
 */

const AMR = 'authentication_method_request';
const PHONE = '+380501112233';

function engine() {
  const e = createEngine();
  return { control: e.control, store: e.store, putPerson: vi.spyOn(e.store, 'putPerson') };
}

describe('seedRequest: authentication_method_request', () => {
  it('makes a placeholder person whose primary method is the seeded OTP phone, and re-aliases it on approve', async () => {
    const { control, store } = engine();
    const seeded = await control.seedRequest(AMR, {
      authentication_method_current: { type: 'OTP', phone_number: PHONE },
    });
    const record = await store.getRequest(AMR, seeded?.id ?? '');
    const personId = String(record?.data.person_id);
    const person = await store.getPerson(personId);
    expect(person?.authenticationMethods).toEqual([
      { id: expect.any(String), type: 'OTP', phoneNumber: PHONE },
    ]);
    expect(record).toMatchObject({
      status: 'NEW',
      method: { type: 'OTP', phoneNumber: PHONE },
      data: {
        person_id: personId,
        change: { action: 'UPDATE', id: person?.authenticationMethods[0]?.id, alias: 'seeded' },
      },
    });
  });

  it('keeps the named person when the target knows it, and the seeded change', async () => {
    const { control, store, putPerson } = engine();
    const first = await control.seedRequest(AMR, { authentication_method_current: { type: 'OFFLINE' } });
    const personId = String((await store.getRequest(AMR, first?.id ?? ''))?.data.person_id);
    const made = putPerson.mock.calls.length;
    const change = { action: 'DEACTIVATE', id: 'method-1' };
    const second = await control.seedRequest(AMR, {
      status: 'COMPLETED',
      authentication_method_current: { type: 'OTP', phone_number: PHONE },
      data: { person_id: personId, change, note: 'kept' },
    });
    expect(putPerson.mock.calls.length).toBe(made);
    expect((await store.getRequest(AMR, second?.id ?? ''))?.data).toEqual({
      person_id: personId,
      change,
      note: 'kept',
    });
  });

  it('gives a THIRD_PERSON placeholder a third person of its own with the seeded phone', async () => {
    const { control, store } = engine();
    const named = '5b0c3a56-1f3e-4d7a-9c2b-8e6f4a1d2c3b';
    await control.seedRequest(AMR, {
      authentication_method_current: { type: 'THIRD_PERSON', phone_number: PHONE },
      data: { person_id: named },
    });
    const primary = (await store.getPerson(named))?.authenticationMethods[0];
    expect(primary).toMatchObject({ type: 'THIRD_PERSON', alias: 'third_person' });
    const third = await store.getPerson(primary?.value ?? '');
    expect(third?.authenticationMethods).toEqual([
      { id: expect.any(String), type: 'OTP', phoneNumber: PHONE },
    ]);
  });

  it('refuses an NA method and a status of another family before it makes any person', async () => {
    const { control, putPerson } = engine();
    await expect(control.seedRequest(AMR, { authentication_method_current: { type: 'NA' } })).rejects.toThrow(
      new ControlInvalidError(
        "an authentication method request is confirmed by one of the person's methods: OTP, OFFLINE or THIRD_PERSON, not NA",
      ),
    );
    await expect(
      control.seedRequest(AMR, { status: 'APPROVED', authentication_method_current: { type: 'OFFLINE' } }),
    ).rejects.toThrow(/^\$\.status must be one of .* for authentication_method_request$/);
    await expect(
      control.seedRequest(AMR, { authentication_method_current: { type: 'OTP' } }),
    ).rejects.toThrow('$.authentication_method_current.phone_number is required for OTP');
    expect(putPerson).not.toHaveBeenCalled();
  });
});

describe('seedRequest: a family with pure seedData, and one without', () => {
  it("stores the confidant defaults, refuses what its answer cannot carry, and keeps a declaration's data as is", async () => {
    const { control, store } = engine();
    const confidant = await control.seedRequest('confidant_person_relationship_request', {
      authentication_method_current: { type: 'OFFLINE' },
    });
    const stored = await store.getRequest('confidant_person_relationship_request', confidant?.id ?? '');
    expect(stored?.data).toMatchObject({ action: 'INSERT', channel: 'MIS', person_id: expect.any(String) });
    await expect(
      control.seedRequest('confidant_person_relationship_request', {
        authentication_method_current: { type: 'OFFLINE' },
        data: { person_id: 'me' },
      }),
    ).rejects.toThrow('$.data.person_id must be a UUID (the person of the path)');
    const declaration = await control.seedRequest('declaration_request', {
      authentication_method_current: { type: 'NA' },
      data: { anything: [1, 2] },
    });
    expect((await store.getRequest('declaration_request', declaration?.id ?? ''))?.data).toEqual({
      anything: [1, 2],
    });
  });

  it('answers undefined for a family the spec does not have', async () => {
    expect(
      await engine().control.seedRequest('no_such_request', {
        authentication_method_current: { type: 'OFFLINE' },
      }),
    ).toBeUndefined();
  });
});
