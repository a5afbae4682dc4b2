import { describe, expect, it } from 'vitest';
import { AuthenticationMethodRequests } from '../../../src/reference-impl/domain/authentication-method-requests.js';
import { ConfirmableRequests } from '../../../src/reference-impl/domain/confirmable.js';
import { domain, errorOf, storedPerson, unwrap } from '../support/domain.js';
import { sequenceRandom } from '../support/random.js';

/*
 * AuthenticationMethodRequests, the domain service behind createAuthenticationMethodRequest and its
 * approve and resend (openapi/ehealth-otp.yaml; UA:2145-2279;
 * docs/research/authentication-method-requests.md): the create call's refusals in the spec's
 * order, where the code goes (the person's primary OTP phone, or its third person's), the earlier
 * NEW requests canceled, and what an approve does to the stored person.
 */

const OLD = '+380501000001';
const NEW = '+380501000002';
const HELPER_PHONE = '+380501000009';

const alice = storedPerson('alice', [
  { id: 'm-otp', type: 'OTP', phoneNumber: OLD },
  { id: 'm-off', type: 'OFFLINE', alias: 'paper' },
]);
const bob = storedPerson('bob', [{ id: 'b-otp', type: 'OTP', phoneNumber: '+380501000003' }]);
const helper = storedPerson('helper', [{ id: 'h-otp', type: 'OTP', phoneNumber: HELPER_PHONE }]);
const paperOnly = storedPerson('paper-only', [{ id: 'p-off', type: 'OFFLINE' }]);
// The model lets an OTP method lack its phone (PersonAuthMethod.phoneNumber is optional).
const noPhone = storedPerson('no-phone', [{ id: 'n-otp', type: 'OTP' }]);
const ward = (id: string, third: string) =>
  storedPerson(id, [{ id: `${id}-3p`, type: 'THIRD_PERSON', value: third, alias: 'mother' }]);

async function service() {
  const d = domain();
  const confirmable = new ConfirmableRequests(d);
  const amr = new AuthenticationMethodRequests({ ...d, random: sequenceRandom(), confirmable });
  for (const p of [
    alice,
    bob,
    helper,
    paperOnly,
    ward('ward', 'helper'),
    ward('ward-of-paper', 'paper-only'),
    ward('ward-of-nobody', 'gone'),
    noPhone,
    ward('ward-of-no-phone', 'no-phone'),
  ])
    await d.store.putPerson(p);
  return { ...d, amr };
}

const deactivateOff = { action: 'DEACTIVATE', authentication_method: { id: 'm-off' } } as const;

describe('create', () => {
  it('refuses an unknown person, an invalid action and a person whose method sends no code, sending nothing', async () => {
    const { amr, store, smsCount } = await service();
    expect(errorOf(await amr.create('nobody', deactivateOff))).toBe('amr_person_not_found');
    expect(
      errorOf(await amr.create('alice', { action: 'UPDATE', authentication_method: { id: 'nope' } })),
    ).toBe('amr_invalid');
    expect(
      await amr.create('paper-only', { action: 'UPDATE', authentication_method: { id: 'p-off' } }),
    ).toEqual({ ok: false, error: { code: 'auth_method_not_otp' } });
    // An OTP method without a phone, a THIRD_PERSON whose third person confirms OFFLINE or has no
    // phone, or whose third person the target does not know (a store written by other means).
    expect(
      errorOf(await amr.create('no-phone', { action: 'UPDATE', authentication_method: { id: 'n-otp' } })),
    ).toBe('auth_method_not_otp');
    for (const ward of ['ward-of-paper', 'ward-of-nobody', 'ward-of-no-phone'])
      expect(
        errorOf(await amr.create(ward, { action: 'UPDATE', authentication_method: { id: `${ward}-3p` } })),
      ).toBe('auth_method_not_otp');
    expect(await smsCount()).toBe(0);
    expect(await store.listRequests('authentication_method_request')).toEqual([]);
  });

  it("sends one SMS to the person's primary OTP phone and stores the request NEW with its change", async () => {
    const { amr, store, smsCount, clock } = await service();
    const record = unwrap(await amr.create('alice', deactivateOff));
    expect(record).toEqual({
      kind: 'authentication_method_request',
      id: expect.any(String),
      status: 'NEW',
      method: { type: 'OTP', phoneNumber: OLD },
      data: { person_id: 'alice', change: { action: 'DEACTIVATE', id: 'm-off' } },
      insertedAt: clock.now(),
      updatedAt: clock.now(),
    });
    expect(await store.getRequest('authentication_method_request', record.id)).toEqual(record);
    expect(await smsCount(OLD)).toBe(1);
  });

  it("a THIRD_PERSON primary: the code goes to the third person's OTP phone", async () => {
    const { amr, smsCount } = await service();
    const record = unwrap(
      await amr.create('ward', { action: 'UPDATE', authentication_method: { id: 'ward-3p', alias: 'mum' } }),
    );
    expect(record.method).toEqual({ type: 'THIRD_PERSON', phoneNumber: HELPER_PHONE });
    expect(await smsCount(HELPER_PHONE)).toBe(1);
  });

  it('past the SMS cap of the phone nothing is created and no earlier request is canceled', async () => {
    const { amr, store, settings } = await service();
    const first = unwrap(await amr.create('alice', deactivateOff));
    for (let i = 1; i < settings.smsCapLimit; i++) unwrap(await amr.resend('alice', first.id));
    expect(errorOf(await amr.create('alice', deactivateOff))).toBe('sms_cap_reached');
    expect(await store.listRequests('authentication_method_request')).toEqual([first]);
  });

  it("cancels the person's earlier NEW requests, not another person's nor a finished one", async () => {
    const { amr, store, lastCode, clock } = await service();
    const done = unwrap(await amr.create('alice', deactivateOff));
    unwrap(await amr.approve('alice', done.id, await lastCode(OLD)));
    const pending = unwrap(
      await amr.create('alice', { action: 'UPDATE', authentication_method: { id: 'm-otp', alias: 'a' } }),
    );
    const bobs = unwrap(
      await amr.create('bob', { action: 'UPDATE', authentication_method: { id: 'b-otp', alias: 'b' } }),
    );
    clock.advance(5);
    const latest = unwrap(
      await amr.create('alice', { action: 'UPDATE', authentication_method: { id: 'm-otp', alias: 'c' } }),
    );
    const status = async (id: string) =>
      (await store.getRequest('authentication_method_request', id))?.status;
    expect(await status(done.id)).toBe('COMPLETED');
    expect(await store.getRequest('authentication_method_request', pending.id)).toEqual({
      ...pending,
      status: 'CANCELED',
      updatedAt: clock.now(),
    });
    expect(await status(bobs.id)).toBe('NEW');
    expect(await status(latest.id)).toBe('NEW');
  });
  it('a request approved while a new create cancels the earlier ones stays COMPLETED (the atomic cancel checks again)', async () => {
    const { amr, store, lastCode } = await service();
    const pending = unwrap(await amr.create('alice', deactivateOff));
    // The race made deterministic: the approve lands between the create's list and its cancel.
    const update = store.updateRequest.bind(store);
    let raced = false;
    store.updateRequest = async (kind, id, decide) => {
      if (!raced && id === pending.id) {
        raced = true;
        // One code per phone: the create has just sent the code that is active now.
        unwrap(await amr.approve('alice', pending.id, await lastCode(OLD)));
      }
      return update(kind, id, decide);
    };
    unwrap(
      await amr.create('alice', { action: 'UPDATE', authentication_method: { id: 'm-otp', alias: 'a' } }),
    );
    expect(raced).toBe(true);
    expect((await store.getRequest('authentication_method_request', pending.id))?.status).toBe('COMPLETED');
  });
});

describe('approve and resend', () => {
  it('approve applies an OTP INSERT: the new phone replaces the old one, with a new id, once', async () => {
    const { amr, store, lastCode } = await service();
    await store.addVerifiedPhone(NEW);
    const created = unwrap(
      await amr.create('alice', {
        action: 'INSERT',
        authentication_method: { type: 'OTP', phone_number: NEW, alias: 'mobile' },
      }),
    );
    const code = await lastCode(OLD);
    expect(unwrap(await amr.approve('alice', created.id, code)).status).toBe('COMPLETED');
    const methods = (await store.getPerson('alice'))?.authenticationMethods;
    expect(methods).toEqual([
      { id: expect.any(String), type: 'OTP', phoneNumber: NEW, alias: 'mobile' },
      { id: 'm-off', type: 'OFFLINE', alias: 'paper' },
    ]);
    expect(methods?.[0]?.id).not.toBe('m-otp');
    expect(errorOf(await amr.approve('alice', created.id, code))).toBe('request_status_conflict');
    expect((await store.getPerson('alice'))?.authenticationMethods).toEqual(methods);
  });

  it('approve applies a THIRD_PERSON INSERT (its person and alias kept), an UPDATE and a DEACTIVATE', async () => {
    const { amr, store, lastCode } = await service();
    const approveNext = async (body: Parameters<typeof amr.create>[1]) => {
      const created = unwrap(await amr.create('alice', body));
      unwrap(await amr.approve('alice', created.id, await lastCode(OLD)));
      return (await store.getPerson('alice'))?.authenticationMethods;
    };
    expect(
      await approveNext({
        action: 'INSERT',
        authentication_method: { type: 'THIRD_PERSON', value: 'helper', alias: 'sister' },
      }),
    ).toEqual([
      alice.authenticationMethods[0],
      alice.authenticationMethods[1],
      { id: expect.any(String), type: 'THIRD_PERSON', value: 'helper', alias: 'sister' },
    ]);
    expect(
      (
        await approveNext({ action: 'UPDATE', authentication_method: { id: 'm-off', alias: 'archive' } })
      )?.[1],
    ).toEqual({ id: 'm-off', type: 'OFFLINE', alias: 'archive' });
    expect((await approveNext(deactivateOff))?.map((m) => m.type)).toEqual(['OTP', 'THIRD_PERSON']);
  });

  it("refuses an unknown person (404) and another person's request, changing nothing", async () => {
    const { amr, store, lastCode, smsCount } = await service();
    const created = unwrap(await amr.create('alice', deactivateOff));
    const code = await lastCode(OLD);
    expect(errorOf(await amr.approve('nobody', created.id, code))).toBe('amr_person_not_found');
    expect(errorOf(await amr.approve('bob', created.id, code))).toBe('request_not_found');
    expect(errorOf(await amr.resend('nobody', created.id))).toBe('amr_person_not_found');
    expect(errorOf(await amr.resend('bob', created.id))).toBe('request_not_found');
    expect(await smsCount(OLD)).toBe(1);
    expect(await store.getPerson('alice')).toEqual(alice);
    expect((await store.getRequest('authentication_method_request', created.id))?.status).toBe('NEW');
  });

  it("resend sends a new code to the request's phone, and approve takes that one", async () => {
    const { amr, store, lastCode, smsCount } = await service();
    const created = unwrap(await amr.create('alice', deactivateOff));
    const first = await lastCode(OLD);
    const resent = unwrap(await amr.resend('alice', created.id));
    expect(resent.kind).toBe('sms');
    expect(await smsCount(OLD)).toBe(2);
    expect(errorOf(await amr.approve('alice', created.id, first))).toBe('approve_code_mismatch');
    unwrap(await amr.approve('alice', created.id, await lastCode(OLD)));
    expect((await store.getPerson('alice'))?.authenticationMethods.map((m) => m.id)).toEqual(['m-otp']);
  });
});
