import { describe, expect, it } from 'vitest';
import type { AuthMethod, PersonRequest } from '../../../src/reference-impl/domain/models.js';
import { currentMethodOf } from '../../../src/reference-impl/domain/person-request-family.js';
import { domain, unwrap } from '../support/domain.js';
import { createdBody } from '../support/person-request-bodies.js';

/*
 * Person requests as a confirmable family (issue 15): the current method the model sees (where
 * its code goes, FamilyRules.method) and what approve without a code asks of which method.
 */

const PHONE = '+380501260001';
const third = (methods: AuthMethod[]): AuthMethod => ({
  type: 'THIRD_PERSON',
  alias: 'mother',
  thirdPerson: { authenticationMethods: methods, documents: [] },
});

describe('currentMethodOf', () => {
  it.each<[string, AuthMethod | undefined, ReturnType<typeof currentMethodOf>]>([
    ['no method', undefined, undefined],
    ['OTP', { type: 'OTP', phoneNumber: PHONE }, { type: 'OTP', phoneNumber: PHONE }],
    ['OTP without a phone (NA)', { type: 'OTP' }, { type: 'NA' }],
    ['OFFLINE', { type: 'OFFLINE', alias: 'paper' }, { type: 'OFFLINE' }],
    [
      'THIRD_PERSON with an OTP third person',
      third([{ type: 'OTP', phoneNumber: PHONE }]),
      { type: 'THIRD_PERSON', phoneNumber: PHONE },
    ],
    ['THIRD_PERSON with an OFFLINE third person', third([{ type: 'OFFLINE' }]), { type: 'THIRD_PERSON' }],
  ])('%s', (_what, method, expected) => {
    expect(currentMethodOf(method)).toEqual(expected);
  });
});

describe('approve without a code', () => {
  it('only an OFFLINE current method needs the documents: a method without a phone approves', async () => {
    const d = domain();
    const request: PersonRequest = {
      id: 'r',
      status: 'NEW',
      // The current method is a THIRD_PERSON whose third person has no method: no code, no documents.
      authenticationMethods: [third([]), { type: 'OFFLINE', alias: 'paper' }],
      documents: ['PASSPORT'],
      uploads: [],
      created: createdBody(),
    };
    await d.store.putPersonRequest(request);
    // The OFFLINE alternative was chosen once: its upload URLs exist, nothing was uploaded.
    unwrap(await d.personRequests.resendOtp('r', { type: 'OFFLINE' }));
    expect((await d.store.getPersonRequest('r'))?.uploads).toHaveLength(1);
    expect(unwrap(await d.personRequests.approve('r', 2, undefined)).status).toBe('APPROVED');
  });
});
