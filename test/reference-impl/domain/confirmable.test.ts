import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  CONFIDANT_FAMILY,
  ofPerson,
} from '../../../src/reference-impl/domain/confidant-person-relationship-request-family.js';
import {
  ConfirmableRequests,
  codePhoneOf,
  type FamilyRules,
} from '../../../src/reference-impl/domain/confirmable.js';
import { createFamilies } from '../../../src/reference-impl/domain/families.js';
import { MERGE_FAMILY } from '../../../src/reference-impl/domain/merge-request-family.js';
import type { ConfirmableRecord, CurrentMethod } from '../../../src/reference-impl/domain/models.js';
import type { SettingsInput } from '../../../src/reference-impl/settings.js';
import { domain, T0, unwrap } from '../support/domain.js';

/*
 * The generic steps of the confirmable families (domain/confirmable.ts) on the generic-record
 * families, as the handlers call them: approve's answers to a code that cannot be spent, the
 * resend order of the families without a twin switch, and the atomic step deciding on the stored
 * record rather than the one read before it.
 */

const PHONE = '+380501234567';
const DECLARATION = 'declaration_request';
const OTP: CurrentMethod = { type: 'OTP', phoneNumber: PHONE };

function model(overrides: SettingsInput = {}) {
  const d = domain(overrides);
  const families = createFamilies(d.store);
  const confirmable = new ConfirmableRequests(d);
  async function seed(
    kind: string,
    status: string,
    method: CurrentMethod,
    data: ConfirmableRecord['data'] = {},
  ) {
    const id = randomUUID();
    await d.store.putRequest({ kind, id, status, method, data, insertedAt: T0, updatedAt: T0 });
    return id;
  }
  return { ...d, families, confirmable, seed };
}

describe('approve with a code that cannot be spent', () => {
  it('no code was ever sent to the phone: 422 approve_code_inactive, the request stays NEW', async () => {
    const m = model();
    const id = await m.seed(DECLARATION, 'NEW', OTP);
    const rules = m.families.get(DECLARATION);
    expect(await m.confirmable.approve(rules, id, 1232)).toEqual({
      ok: false,
      error: { code: 'approve_code_inactive' },
    });
    expect((await m.store.getRequest(DECLARATION, id))?.status).toBe('NEW');
  });

  it('the code already approved another request on the phone: approve_code_inactive', async () => {
    const m = model();
    const rules = m.families.get(DECLARATION);
    const first = await m.seed(DECLARATION, 'NEW', OTP);
    const second = await m.seed(DECLARATION, 'NEW', OTP);
    unwrap(await m.confirmable.resend(rules, first));
    const code = await m.lastCode(PHONE);
    expect(unwrap(await m.confirmable.approve(rules, second, code)).status).toBe('APPROVED');
    expect(await m.confirmable.approve(rules, first, code)).toEqual({
      ok: false,
      error: { code: 'approve_code_inactive' },
    });
  });

  it('a wrong code at a full SMS cap: the cap’s 429, no new code, the old one deactivated', async () => {
    // wrongCodePolicy resend (docs): a wrong code deactivates the code and sends a new one (seeds/002).
    const m = model({ smsCapLimit: 1 });
    const rules = m.families.get(DECLARATION);
    const id = await m.seed(DECLARATION, 'NEW', OTP);
    unwrap(await m.confirmable.resend(rules, id));
    const code = await m.lastCode(PHONE);
    expect(await m.confirmable.approve(rules, id, code + 1)).toEqual({
      ok: false,
      error: { code: 'sms_cap_reached', retryAfterSeconds: 3600 },
    });
    expect(await m.smsCount(PHONE)).toBe(1);
    expect(await m.store.getPhone(PHONE)).toMatchObject({ status: 'UNVERIFIED', active: false, attempts: 1 });
    expect(await m.confirmable.approve(rules, id, code)).toEqual({
      ok: false,
      error: { code: 'approve_code_inactive' },
    });
  });
});

describe('a request id the family does not hold', () => {
  it('resend and approve answer request_not_found', async () => {
    const m = model();
    for (const family of m.families.names) {
      const rules = m.families.get(family);
      const id = randomUUID();
      expect(await m.confirmable.resend(rules, id), family).toEqual({
        ok: false,
        error: { code: 'request_not_found' },
      });
      expect(await m.confirmable.approve(rules, id, 1232), family).toEqual({
        ok: false,
        error: { code: 'request_not_found' },
      });
    }
  });
});

describe('merge and confidant requests: no twin switch (DIV-MR-RESEND-CONFLICT, DIV-CPRR-RESEND-CONFLICT)', () => {
  const nouns = [
    [MERGE_FAMILY, 'Merge request'],
    [CONFIDANT_FAMILY, 'Confidant person relationship request'],
  ] as const;

  it.each(nouns)('%s: a status conflict names the family', async (family, noun) => {
    const m = model();
    const id = await m.seed(family, 'APPROVED', { type: 'OFFLINE' });
    expect(await m.confirmable.approve(m.families.get(family), id, undefined)).toEqual({
      ok: false,
      error: { code: 'request_status_conflict', noun, status: 'APPROVED', expected: 'NEW' },
    });
  });

  it.each(nouns)(
    '%s: under profile service resend still checks method first, with the 409s',
    async (family, noun) => {
      const m = model({ profile: 'service' });
      const rules = m.families.get(family);
      const both = await m.seed(family, 'APPROVED', { type: 'OFFLINE' });
      expect(await m.confirmable.resend(rules, both)).toEqual({
        ok: false,
        error: { code: 'auth_method_not_otp' },
      });
      const approved = await m.seed(family, 'APPROVED', OTP);
      expect(await m.confirmable.resend(rules, approved)).toEqual({
        ok: false,
        error: { code: 'request_status_conflict', noun, status: 'APPROVED', expected: 'NEW' },
      });
      // The declaration family, which has the switches, answers the twin's 422 there.
      const declaration = await m.seed(DECLARATION, 'APPROVED', { type: 'OFFLINE' });
      expect(await m.confirmable.resend(m.families.get(DECLARATION), declaration)).toEqual({
        ok: false,
        error: { code: 'resend_status_invalid' },
      });
    },
  );
});

describe('the atomic step decides on the stored record, not on the one read before it', () => {
  /** The family's rules with `between` run after each read: a concurrent change lands there. */
  function racing(rules: FamilyRules<ConfirmableRecord>, between: () => Promise<void>) {
    return {
      ...rules,
      access: {
        get: async (id: string) => {
          const read = await rules.access.get(id);
          await between();
          return read;
        },
        update: rules.access.update,
      },
    };
  }

  it('a request removed after the checks (a control reset) is not found, and stays gone', async () => {
    const m = model();
    const id = await m.seed(DECLARATION, 'NEW', { type: 'NA' });
    const rules = racing(m.families.get(DECLARATION), () => m.store.reset());
    expect(await m.confirmable.approve(rules, id, undefined)).toEqual({
      ok: false,
      error: { code: 'request_not_found' },
    });
    expect(await m.store.getRequest(DECLARATION, id)).toBeUndefined();
  });

  it('a confidant request re-seeded for another person after the checks is not approved under the first', async () => {
    const m = model();
    const [mine, theirs] = [randomUUID(), randomUUID()];
    const id = await m.seed(CONFIDANT_FAMILY, 'NEW', { type: 'OFFLINE' }, { person_id: mine });
    const reseeded = async () => {
      const current = await m.store.getRequest(CONFIDANT_FAMILY, id);
      if (current !== undefined) await m.store.putRequest({ ...current, data: { person_id: theirs } });
    };
    const rules = racing(m.families.get(CONFIDANT_FAMILY), reseeded);
    expect(await m.confirmable.approve(rules, id, undefined, { guard: ofPerson(mine) })).toEqual({
      ok: false,
      error: { code: 'request_not_found' },
    });
    expect((await m.store.getRequest(CONFIDANT_FAMILY, id))?.status).toBe('NEW');
  });
});

describe('codePhoneOf', () => {
  it('is the OTP phone, or a THIRD_PERSON’s third person’s, and nothing for the other methods', () => {
    expect(codePhoneOf(OTP)).toBe(PHONE);
    expect(codePhoneOf({ type: 'THIRD_PERSON', phoneNumber: PHONE })).toBe(PHONE);
    expect(codePhoneOf({ type: 'THIRD_PERSON' })).toBeUndefined();
    expect(codePhoneOf({ type: 'OFFLINE' })).toBeUndefined();
    expect(codePhoneOf({ type: 'NA' })).toBeUndefined();
    // A person request whose methods name no current one (FamilyRules.method's undefined).
    expect(codePhoneOf(undefined)).toBeUndefined();
  });
});

describe('createFamilies', () => {
  it('holds the rules of the four generic-record families by name, and throws on any other', () => {
    const { families } = model();
    expect([...families.names].sort()).toEqual(
      ['authentication_method_request', CONFIDANT_FAMILY, DECLARATION, MERGE_FAMILY].sort(),
    );
    for (const name of families.names) expect(families.get(name).family).toBe(name);
    expect(() => families.get('person_request')).toThrow(
      'the engine has no rules for the confirmable family person_request',
    );
  });
});
