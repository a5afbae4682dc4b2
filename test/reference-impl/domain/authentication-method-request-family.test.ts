import { describe, expect, it } from 'vitest';
import {
  AMR_FAMILY,
  amrDataJson,
  amrDataOf,
  authenticationMethodRequestFamily,
  seedAmrData,
} from '../../../src/reference-impl/domain/authentication-method-request-family.js';
import type { MethodChange } from '../../../src/reference-impl/domain/authentication-method-request-rules.js';
import { AuthenticationMethodRequests } from '../../../src/reference-impl/domain/authentication-method-requests.js';
import { ConfirmableRequests } from '../../../src/reference-impl/domain/confirmable.js';
import type {
  ConfirmableRecord,
  CurrentMethod,
  JsonValue,
  Person,
} from '../../../src/reference-impl/domain/models.js';
import type { SettingsInput } from '../../../src/reference-impl/settings.js';
import { MemoryStore } from '../../../src/reference-impl/store/memory-store.js';
import { domain, errorOf, storedPerson, unwrap } from '../support/domain.js';
import { sequenceRandom } from '../support/random.js';

/*
 * The authentication method request family (authentication-method-request-family.ts;
 * docs/research/authentication-method-requests.md): the `data` a request keeps between create and
 * approve, read back from what the store holds (a seed through the control API may hold anything),
 * the control API's seed (the person of its path kept or made), and the family's answers.
 */

const PHONE = '+380501112233';

/** A person the target knows, whose one method is an OTP phone. */
const otpPerson = (id: string, methodId: string): Person =>
  storedPerson(id, [{ id: methodId, type: 'OTP', phoneNumber: PHONE }]);

describe('amrDataJson and amrDataOf', () => {
  it('stores the wire’s snake case and reads every change back as it was, no field added', () => {
    // Only INSERT's method differs on the wire (phone_number); the other changes are stored as they are.
    const changes: MethodChange[] = [
      { action: 'INSERT', method: { type: 'OTP', phoneNumber: PHONE, alias: 'mobile' } },
      { action: 'INSERT', method: { type: 'OFFLINE' } },
      { action: 'INSERT', method: { type: 'THIRD_PERSON', value: 'p-3', alias: 'son' } },
      { action: 'UPDATE', id: 'm-1', alias: 'work' },
      { action: 'UPDATE', id: 'm-1' },
      { action: 'DEACTIVATE', id: 'm-2' },
    ];
    const stored = changes.map((change) => amrDataJson({ personId: 'p-1', change }));
    expect(stored[0]?.change).toStrictEqual({
      action: 'INSERT',
      method: { type: 'OTP', phone_number: PHONE, alias: 'mobile' },
    });
    expect(stored.slice(1).map((data) => data.change)).toStrictEqual(changes.slice(1));
    expect(stored.map((data) => amrDataOf({ data }))).toStrictEqual(
      changes.map((change) => ({ personId: 'p-1', change })),
    );
  });

  it('reads nothing from data without a person or a well-formed change', () => {
    const of = (data: { readonly [k: string]: JsonValue }) => amrDataOf({ data });
    const deactivate = { action: 'DEACTIVATE', id: 'm-1' };
    expect(of({ change: deactivate })).toBeUndefined();
    expect(of({ person_id: 7, change: deactivate })).toBeUndefined();
    for (const change of [
      undefined,
      null,
      'DEACTIVATE',
      [deactivate],
      { action: 'REPLACE', id: 'm-1' },
      { action: 'UPDATE' },
      { action: 'UPDATE', id: 3, alias: 'x' },
      { action: 'DEACTIVATE' },
      { action: 'INSERT' },
      { action: 'INSERT', method: null },
      { action: 'INSERT', method: [{ type: 'OTP' }] },
      { action: 'INSERT', method: { type: 'NA' } },
    ])
      expect(of({ person_id: 'p-1', ...(change === undefined ? {} : { change }) })).toBeUndefined();
  });

  it('keeps only the text fields of a stored method and alias', () => {
    expect(
      amrDataOf({
        data: {
          person_id: 'p-1',
          change: { action: 'INSERT', method: { type: 'OTP', phone_number: 380, value: 'v', alias: false } },
        },
      }),
    ).toStrictEqual({ personId: 'p-1', change: { action: 'INSERT', method: { type: 'OTP', value: 'v' } } });
    expect(
      amrDataOf({ data: { person_id: 'p-1', change: { action: 'UPDATE', id: 'm-1', alias: 1 } } }),
    ).toStrictEqual({ personId: 'p-1', change: { action: 'UPDATE', id: 'm-1' } });
  });
});

describe('seedAmrData', () => {
  const uuids = () => {
    let n = 0;
    return () => `id-${++n}`;
  };
  const seed = async (method: CurrentMethod, given: { readonly [k: string]: JsonValue } = {}) => {
    const store = new MemoryStore(10);
    const seeded = await seedAmrData(store, given, uuids(), method);
    const data = 'data' in seeded ? seeded.data : {};
    const person = await store.getPerson(String(data.person_id));
    return { store, seeded, data, person };
  };

  it('an OFFLINE seed makes a placeholder person whose one method is OFFLINE, re-aliased on approve', async () => {
    const { data, person } = await seed({ type: 'OFFLINE' });
    expect(person).toEqual({
      id: 'id-1',
      authenticationMethods: [{ id: 'id-2', type: 'OFFLINE' }],
      documents: ['PASSPORT'],
      firstName: 'Seeded',
      lastName: 'Person',
      birthDate: '1990-01-01',
    });
    expect(data).toEqual({ person_id: 'id-1', change: { action: 'UPDATE', id: 'id-2', alias: 'seeded' } });
  });

  it('a THIRD_PERSON seed without a phone gives its third person an OFFLINE method', async () => {
    const { store, person } = await seed({ type: 'THIRD_PERSON' });
    const primary = person?.authenticationMethods[0];
    expect(primary).toMatchObject({ type: 'THIRD_PERSON', alias: 'third_person' });
    expect((await store.getPerson(primary?.value ?? ''))?.authenticationMethods).toEqual([
      { id: expect.any(String), type: 'OFFLINE' },
    ]);
  });

  it('a person_id that is no text is not a person: a placeholder of a new id is made', async () => {
    const { data, person } = await seed({ type: 'OTP', phoneNumber: PHONE }, { person_id: 42 });
    expect(data.person_id).toBe('id-1');
    expect(person?.authenticationMethods).toEqual([{ id: 'id-2', type: 'OTP', phoneNumber: PHONE }]);
  });

  it("keeps a known person as is; a change that does not parse becomes the primary's re-alias", async () => {
    const store = new MemoryStore(10);
    const known = otpPerson('known', 'k-otp');
    await store.putPerson(known);
    const seeded = await seedAmrData(
      store,
      { person_id: 'known', change: { action: 'DEACTIVATE' } },
      uuids(),
      { type: 'OTP', phoneNumber: '+380509990000' },
    );
    expect(seeded).toEqual({
      data: { person_id: 'known', change: { action: 'UPDATE', id: 'k-otp', alias: 'seeded' } },
    });
    expect(await store.getPerson('known')).toEqual(known);
  });
});

describe('the family’s answers', () => {
  /** The service, and seeds stored as the control API stores them (ControlState.seedRequest). */
  function target(settings: SettingsInput = {}) {
    const d = domain(settings);
    const confirmable = new ConfirmableRequests(d);
    const amr = new AuthenticationMethodRequests({ ...d, random: sequenceRandom(), confirmable });
    const family = authenticationMethodRequestFamily(d.store);
    const seed = async (
      id: string,
      method: CurrentMethod,
      status: string,
      given: ConfirmableRecord['data'],
    ) => {
      const result = await family.seedData?.(given, sequenceRandom().uuid, method);
      const data = result !== undefined && 'data' in result ? result.data : {};
      const now = d.clock.now();
      await d.store.putRequest({
        kind: AMR_FAMILY,
        id,
        status,
        method,
        data,
        insertedAt: now,
        updatedAt: now,
      });
      return data;
    };
    return { ...d, amr, seed };
  }

  /** One seeded request `r-1` of a placeholder person. */
  async function seeded(method: CurrentMethod, status: string, settings: SettingsInput = {}) {
    const t = target(settings);
    const data = await t.seed('r-1', method, status, {});
    return { ...t, personId: String(data.person_id) };
  }

  it('an OFFLINE request cannot be approved: 409 auth_method_not_otp, the person unchanged', async () => {
    const { amr, store, personId } = await seeded({ type: 'OFFLINE' }, 'NEW');
    const before = await store.getPerson(personId);
    expect(await amr.approve(personId, 'r-1', undefined)).toEqual({
      ok: false,
      error: { code: 'auth_method_not_otp' },
    });
    expect(await store.getPerson(personId)).toEqual(before);
  });

  it('a finished request is a conflict named "Authentication method request"', async () => {
    const { amr, personId } = await seeded({ type: 'OTP', phoneNumber: PHONE }, 'COMPLETED');
    const resent = await amr.resend(personId, 'r-1');
    expect(resent).toEqual({
      ok: false,
      error: {
        code: 'request_status_conflict',
        noun: 'Authentication method request',
        status: 'COMPLETED',
        expected: 'NEW',
      },
    });
  });

  it("the service profile's resend switches do not apply: the seeds' 409s in the seeds' order", async () => {
    const twin = { resendConflict422: true, resendStatusFirst: true };
    const offline = await seeded({ type: 'OFFLINE' }, 'COMPLETED', twin);
    expect(errorOf(await offline.amr.resend(offline.personId, 'r-1'))).toBe('auth_method_not_otp');
    const otp = await seeded({ type: 'OTP', phoneNumber: PHONE }, 'COMPLETED', twin);
    expect(errorOf(await otp.amr.resend(otp.personId, 'r-1'))).toBe('request_status_conflict');
  });

  it('a seeded change is applied as is: the last method deactivated leaves a person create refuses', async () => {
    const { amr, store, seed, lastCode } = target();
    await store.putPerson(otpPerson('solo', 'o-1'));
    const otp: CurrentMethod = { type: 'OTP', phoneNumber: PHONE };
    const deactivate = { person_id: 'solo', change: { action: 'DEACTIVATE', id: 'o-1' } };
    const approveSeed = async (id: string) => {
      unwrap(await amr.resend('solo', id));
      return amr.approve('solo', id, await lastCode(PHONE));
    };
    await seed('r-1', otp, 'NEW', deactivate);
    expect(unwrap(await approveSeed('r-1')).status).toBe('COMPLETED');
    expect((await store.getPerson('solo'))?.authenticationMethods).toEqual([]);
    // No method sends the code now (create's own rules pass for an OFFLINE insert).
    expect(
      errorOf(await amr.create('solo', { action: 'INSERT', authentication_method: { type: 'OFFLINE' } })),
    ).toBe('auth_method_not_otp');
    // A seed without a change re-aliases the primary method, of which there is none.
    expect((await seed('r-2', otp, 'NEW', { person_id: 'solo' })).change).toEqual({
      action: 'UPDATE',
      id: '',
      alias: 'seeded',
    });
    await seed('r-3', otp, 'NEW', deactivate);
    unwrap(await approveSeed('r-3'));
    expect((await store.getPerson('solo'))?.authenticationMethods).toEqual([]);
  });
});
