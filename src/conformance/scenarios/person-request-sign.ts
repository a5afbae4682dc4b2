import { isObject } from '../json.js';
import type { Alternative, Scenario, ScenarioContext } from '../scenario.js';
import { unknownUuid } from './api.js';
import { dataOf, ISSUES_CODE } from './flows.js';
import { MESSAGES } from './messages.js';
import {
  act,
  approvedOffline,
  base64Json,
  createdOffline,
  createdOtp,
  createRequest,
  expectRequest,
  personBody,
  signedContentOf,
  statusConflict,
  statusOf,
  V,
  type Version,
} from './person-request-flows.js';

/*
 * Sign (signPersonRequest[V2], AP:3343-3383, 3582-3618) and Reject (rejectPersonRequest[V2],
 * AP:3262-3341; UA:945-979). Sign takes the sandbox's `signed_content` (base64 of the approved
 * `$.data` with patient_signed true, DIV-PR-SIGN-NO-SIGNATURE-CHECK) and creates the person.
 * The OFFLINE flow needs no SMS, so most of these run from a config file too.
 */

const SIGN = 'signPersonRequest description (AP:3343-3383)';
const REJECT = 'rejectPersonRequest description (AP:3262-3341)';
/** A production eHealth would refuse bare base64 (it checks a PKCS#7 signature, AP:3354-3355). */
const NEEDS_SIGNATURE: Alternative = {
  divergence: 'DIV-PR-SIGN-NO-SIGNATURE-CHECK',
  expect: { status: 422, invalid: [{ entry: '$.signed_content' }] },
};
const TWIN_TRANSITION: Alternative = {
  divergence: 'DIV-PR-TRANSITION-MESSAGE',
  expect: { status: 409, type: 'request_conflict', message: 'Invalid transition' },
};

/** 422 validation_failed with one invalid item at `entry`. */
const invalidAt = (entry: string) =>
  ({ status: 422, type: 'validation_failed', message: MESSAGES.validation, invalid: [{ entry }] }) as const;

/** Signs `data` and checks the 200 `Patient_short`: a person id (AP:17908-17913); then the request is SIGNED. */
async function expectSigned(
  ctx: ScenarioContext,
  version: Version,
  id: string,
  data: Record<string, unknown>,
): Promise<string> {
  const exchange = await act(ctx, 'sign', version, id, { signed_content: signedContentOf(data) });
  ctx.expect(exchange, { status: 200 }, [NEEDS_SIGNATURE]);
  const { person_id: personId } = dataOf(ctx, exchange);
  ctx.check(
    typeof personId === 'string' && personId !== '',
    `data.person_id is ${JSON.stringify(personId)}, expected the new person's id`,
  );
  ctx.expectValid(exchange);
  const status = await statusOf(ctx, version, id);
  ctx.check(status === 'SIGNED', `after sign the request is ${JSON.stringify(status)}, expected SIGNED`);
  return personId;
}

function signed200(version: Version): Scenario {
  return {
    id: `PR-SIGN${V[version]}-200`,
    divergences: ['DIV-PR-SIGN-NO-SIGNATURE-CHECK'],
    title: `Sign${version === 2 ? ' v2' : ''} with base64 of the approved data (patient_signed true) answers 200 with a person_id; the request is SIGNED.`,
    operation: version === 1 ? 'signPersonRequest' : 'signPersonRequestV2',
    contract: `${SIGN}: "The content must equal the approved $.data with patient_signed changed to true" (AP:3358-3359)`,
    needs: [],
    required: true,
    async run(ctx: ScenarioContext) {
      const { id, data } = await approvedOffline(ctx, version);
      await expectSigned(ctx, version, id, data);
    },
  };
}

function rejected200(version: Version): Scenario {
  return {
    id: `PR-REJECT${V[version]}-200`,
    divergences:
      version === 1 ? ['DIV-PR-REJECT-STATUS'] : ['DIV-PR-REJECT-STATUS', 'DIV-PR-REJECT-V2-MISSING'],
    title: `Reject${version === 2 ? ' v2' : ''} of a NEW request answers 200 with status REJECTED.`,
    operation: version === 1 ? 'rejectPersonRequest' : 'rejectPersonRequestV2',
    contract: `${REJECT}: NEW → REJECTED, 200 (DIV-PR-REJECT-STATUS)`,
    needs: [],
    required: true,
    async run(ctx: ScenarioContext) {
      const { id } = await createdOffline(ctx, version);
      const exchange = await act(ctx, 'reject', version, id);
      const alternatives: Alternative[] = [{ divergence: 'DIV-PR-REJECT-STATUS', expect: { status: 201 } }];
      if (version === 2)
        alternatives.push({
          divergence: 'DIV-PR-REJECT-V2-MISSING',
          expect: { status: 404, type: 'not_found' },
        });
      if (ctx.expect(exchange, { status: 200 }, alternatives)?.includes('DIV-PR-REJECT-V2-MISSING')) return;
      expectRequest(ctx, exchange, 'REJECTED');
      ctx.expectValid(exchange);
    },
  };
}

export const personRequestSignScenarios: readonly Scenario[] = [
  signed200(1),
  signed200(2),
  {
    id: 'PR-FLOW-OTP',
    tags: ['verification:read'],
    divergences: [...ISSUES_CODE, 'DIV-PR-APPROVE-201', 'DIV-PR-SIGN-NO-SIGNATURE-CHECK'],
    title:
      "The integrator's flow through the API alone: verify the phone, create, read the SMS, approve with its code, sign; the request is SIGNED.",
    operation: 'signPersonRequestV2',
    contract: 'docs/research/person-requests.md §3.9 (seeds/000, AP:3118-3618)',
    needs: ['sms'],
    required: true,
    async run(ctx: ScenarioContext) {
      const { id, code } = await createdOtp(ctx, 2);
      const approved = await act(ctx, 'approve', 2, id, { verification_code: Number(code) });
      ctx.expect(approved, { status: 201 }, [{ divergence: 'DIV-PR-APPROVE-201', expect: { status: 200 } }]);
      await expectSigned(ctx, 2, id, dataOf(ctx, approved));
    },
  },
  {
    id: 'PR-SIGN-CREATES-PERSON',
    title: 'The person a sign created can be updated: a create with its person.id answers 201.',
    operation: 'signPersonRequestV2',
    contract: `${SIGN}: the person is created in MPI (AP:3129-3132); an update sends person.id (AP:3134-3142)`,
    needs: [],
    required: true,
    async run(ctx: ScenarioContext) {
      const { id, data } = await approvedOffline(ctx, 2);
      const personId = await expectSigned(ctx, 2, id, data);
      const body = personBody({ type: 'OFFLINE' });
      const { authentication_methods: _methods, ...person } = isObject(body.person) ? body.person : {};
      const update = await createRequest(ctx, 2, { ...body, person: { ...person, id: personId } });
      ctx.expect(update, { status: 201 });
      expectRequest(ctx, update, 'NEW');
    },
  },
  {
    id: 'PR-UPDATE-422-AUTHORIZE-WITH',
    title:
      "An update of a signed person with an authorize_with that names none of the person's methods answers 422 at $.authorize_with.",
    operation: 'createPersonRequestV2',
    contract:
      'createPersonRequest "an update\'s authorize_with names one of the person\'s methods (AP:3162)"; 422 validation_failed, rule invalid',
    needs: [],
    required: true,
    tags: ['body:422'],
    async run(ctx: ScenarioContext) {
      const { id, data } = await approvedOffline(ctx, 2);
      const personId = await expectSigned(ctx, 2, id, data);
      const body = personBody({ type: 'OFFLINE' });
      const { authentication_methods: _methods, ...person } = isObject(body.person) ? body.person : {};
      const update = { ...body, person: { ...person, id: personId }, authorize_with: unknownUuid() };
      ctx.expect(await createRequest(ctx, 2, update), {
        ...invalidAt('$.authorize_with'),
        invalid: [{ entry: '$.authorize_with', rule: 'invalid' }],
      });
    },
  },
  {
    id: 'PR-SIGN-422-CONTENT-MISMATCH',
    title: 'Sign with content that differs from the approved data in one value answers 422 at $.content.',
    operation: 'signPersonRequestV2',
    contract: `${SIGN}: "checks it equals the approved data"; the twin "Signed content does not match the previously created content"`,
    needs: [],
    required: true,
    tags: ['body:422'],
    async run(ctx: ScenarioContext) {
      const { id, data } = await approvedOffline(ctx, 2);
      const person = isObject(data.person) ? data.person : {};
      const changed = { ...data, person: { ...person, first_name: `${String(person.first_name)}о` } };
      const exchange = await act(ctx, 'sign', 2, id, { signed_content: signedContentOf(changed) });
      ctx.expect(exchange, invalidAt('$.content'));
      const status = await statusOf(ctx, 2, id);
      ctx.check(status === 'APPROVED', `after a refused sign the request is ${JSON.stringify(status)}`);
    },
  },
  {
    id: 'PR-SIGN-422-PATIENT-NOT-SIGNED',
    divergences: ['DIV-PR-SIGN-PATIENT-SIGNED'],
    title: 'Sign with the approved data as is (patient_signed false) answers 422 at $.patient_signed.',
    operation: 'signPersonRequestV2',
    contract: `${SIGN}: "patient_signed should be changed to TRUE" (AP:3359)`,
    needs: [],
    required: true,
    tags: ['body:422'],
    async run(ctx: ScenarioContext) {
      const { id, data } = await approvedOffline(ctx, 2);
      const verbatim = base64Json(data);
      ctx.expect(await act(ctx, 'sign', 2, id, { signed_content: verbatim }), invalidAt('$.patient_signed'), [
        { divergence: 'DIV-PR-SIGN-PATIENT-SIGNED', expect: { status: 200 } },
      ]);
    },
  },
  {
    id: 'PR-SIGN-422-NOT-BASE64',
    title: 'Sign with signed_content that is not base64 answers 422 at $.signed_content.',
    operation: 'signPersonRequestV2',
    contract: `${SIGN}: the twin "Not a base64 string" (422 $.signed_content)`,
    needs: [],
    required: true,
    tags: ['body:422'],
    async run(ctx: ScenarioContext) {
      const { id } = await approvedOffline(ctx, 2);
      ctx.expect(
        await act(ctx, 'sign', 2, id, { signed_content: 'not base64 at all!' }),
        invalidAt('$.signed_content'),
      );
    },
  },
  {
    id: 'PR-SIGN-409-STATUS',
    divergences: ['DIV-PR-SIGN-STATUS-422', 'DIV-PR-TRANSITION-MESSAGE'],
    title: 'Sign of a NEW (not approved) request answers 409 request_conflict naming the status.',
    operation: 'signPersonRequestV2',
    contract: `${SIGN}: "APPROVED (409)"; DIV-PR-SIGN-STATUS-422`,
    needs: [],
    required: true,
    async run(ctx: ScenarioContext) {
      const { id } = await createdOffline(ctx, 2);
      ctx.expect(
        await act(ctx, 'sign', 2, id, { signed_content: 'e30=' }),
        statusConflict('NEW', 'APPROVED'),
        [
          TWIN_TRANSITION,
          { divergence: 'DIV-PR-SIGN-STATUS-422', expect: { status: 422, invalid: [{ entry: '$.status' }] } },
        ],
      );
    },
  },
  {
    id: 'PR-SIGN-409-TWICE',
    divergences: ['DIV-PR-SIGN-STATUS-422', 'DIV-PR-TRANSITION-MESSAGE'],
    title: 'A second sign of a SIGNED request answers 409 request_conflict.',
    operation: 'signPersonRequestV2',
    contract: `${SIGN}: "APPROVED (409)" — one transition, so one person`,
    needs: [],
    required: true,
    async run(ctx: ScenarioContext) {
      const { id, data } = await approvedOffline(ctx, 2);
      await expectSigned(ctx, 2, id, data);
      const again = await act(ctx, 'sign', 2, id, { signed_content: signedContentOf(data) });
      ctx.expect(again, statusConflict('SIGNED', 'APPROVED'), [
        TWIN_TRANSITION,
        { divergence: 'DIV-PR-SIGN-STATUS-422', expect: { status: 422, invalid: [{ entry: '$.status' }] } },
      ]);
    },
  },
  rejected200(1),
  rejected200(2),
  {
    id: 'PR-REJECT-200-APPROVED',
    title: 'Reject of an APPROVED request answers 200 with status REJECTED.',
    operation: 'rejectPersonRequestV2',
    contract: `${REJECT}: NEW or APPROVED → REJECTED (CONF 17377919020)`,
    needs: [],
    required: true,
    async run(ctx: ScenarioContext) {
      const { id } = await approvedOffline(ctx, 2);
      const exchange = await act(ctx, 'reject', 2, id);
      ctx.expect(exchange, { status: 200 });
      expectRequest(ctx, exchange, 'REJECTED');
    },
  },
  {
    id: 'PR-REJECT-409-STATUS',
    divergences: ['DIV-PR-TRANSITION-MESSAGE'],
    title: 'Reject of a SIGNED request answers 409 request_conflict naming the status.',
    operation: 'rejectPersonRequestV2',
    contract: `${REJECT}: "else 409"`,
    needs: [],
    required: true,
    async run(ctx: ScenarioContext) {
      const { id, data } = await approvedOffline(ctx, 2);
      await expectSigned(ctx, 2, id, data);
      ctx.expect(
        await act(ctx, 'reject', 2, id),
        { status: 409, type: 'request_conflict', message: /\bSIGNED\b/ },
        [TWIN_TRANSITION],
      );
    },
  },
  {
    id: 'PR-REJECT-404-UNKNOWN',
    title: 'Reject of a person request id the target never issued answers 404 not_found without a message.',
    operation: 'rejectPersonRequest',
    contract: `${REJECT}: 404 not_found, no message`,
    needs: [],
    required: true,
    async run(ctx: ScenarioContext) {
      ctx.expect(await act(ctx, 'reject', 1, unknownUuid()), {
        status: 404,
        type: 'not_found',
        noMessage: true,
      });
    },
  },
];
