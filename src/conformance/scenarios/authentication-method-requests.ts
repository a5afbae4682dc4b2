import { isObject } from '../json.js';
import { methodOf, pathOf } from '../operations.js';
import type {
  Alternative,
  ApiRequest,
  Credentials,
  Exchange,
  Scenario,
  ScenarioContext,
} from '../scenario.js';
import { unknownUuid } from './api.js';
import { codeRequiredScenario, requestOn, ruleTargets } from './confirmable-rules.js';
import { dataOf, expectVerification, ISSUES_CODE, newestCode, verifyPhone } from './flows.js';
import { expectedError } from './messages.js';
import {
  createRequest,
  expectMaskedCurrent,
  expectRequest,
  personBody,
  signedOtpPerson,
} from './person-request-flows.js';
import type { OperationTarget } from './target.js';

/*
 * Authentication method requests (openapi/ehealth-otp.yaml, tag "Authentication method requests";
 * research docs/research/authentication-method-requests.md). The generated families
 * (confirmable.ts: resend's new code and 404, approve's code, twice, another request's and
 * family's code; families.ts: 401/403 and the body families) come from the spec; these are the
 * family's own rules: create's code goes to the person's CURRENT phone and needs a verified new
 * phone, an approved phone change is the phone of the person's next person request, a new
 * request cancels the person's pending one, a request is only its person's.
 */

type AmrOperation =
  | 'createAuthenticationMethodRequest'
  | 'approveAuthenticationMethodRequest'
  | 'resendAuthenticationMethodRequestOtp';

const FAMILY = 'authentication_method_request';
const NOUN = 'Authentication method request';
const CONTRACT = 'createAuthenticationMethodRequest / approve / resend descriptions (UA:2145-2279)';
/** The blueprint's approve answers 201 (UA:2237); COMPLETED is its `to` (x-confirmable). */
const APPROVED = { status: 201 } as const;

const insertOtp = (phone: string) => ({
  action: 'INSERT',
  authentication_method: { type: 'OTP', phone_number: phone },
});

/** The operation's path for a person and (approve, resend) a request. */
function pathFor(operation: AmrOperation, personId: string, requestId = ''): string {
  return operation === 'createAuthenticationMethodRequest'
    ? pathOf(operation, { person_id: personId })
    : pathOf(operation, { person_id: personId, request_id: requestId });
}

async function to(
  ctx: ScenarioContext,
  operation: AmrOperation,
  params: { readonly person_id: string; readonly request_id?: string },
  json?: unknown,
): Promise<Exchange> {
  const creds = await ctx.credentials(operation);
  const request: ApiRequest = {
    method: methodOf(operation),
    path: pathFor(operation, params.person_id, params.request_id),
    token: creds.token,
    apiKey: creds.apiKey,
  };
  return ctx.call(operation, json === undefined ? request : { ...request, json });
}

const create = (ctx: ScenarioContext, personId: string, json: unknown) =>
  to(ctx, 'createAuthenticationMethodRequest', { person_id: personId }, json);
const approve = (ctx: ScenarioContext, personId: string, requestId: string, code?: string) =>
  to(
    ctx,
    'approveAuthenticationMethodRequest',
    { person_id: personId, request_id: requestId },
    code === undefined ? {} : { verification_code: Number(code) },
  );

/** A harmless request: an unknown person (nothing exists to change), a well-formed body. */
function unknownTo(operation: AmrOperation, creds: Credentials): ApiRequest {
  return {
    method: methodOf(operation),
    path: pathFor(operation, unknownUuid(), unknownUuid()),
    token: creds.token,
    apiKey: creds.apiKey,
  };
}

const rule = ruleTargets(
  { otherParams: () => ({ person_id: unknownUuid() }) },
  {
    operation: 'approveAuthenticationMethodRequest',
    prefix: 'AMR-APPROVE',
    label: 'Approve authentication method request',
  },
  {
    operation: 'resendAuthenticationMethodRequestOtp',
    prefix: 'AMR-RESEND',
    label: 'Resend on an authentication method request',
  },
);

export const authMethodRequestTargets: { readonly [Op in AmrOperation]: OperationTarget } = {
  createAuthenticationMethodRequest: {
    prefix: 'AMR-CREATE',
    label: 'Create authentication method request',
    authRequest: (_ctx, creds) => unknownTo('createAuthenticationMethodRequest', creds),
    bodyRequest: {
      needs: [],
      build: async (ctx) => ({
        request: unknownTo(
          'createAuthenticationMethodRequest',
          await ctx.credentials('createAuthenticationMethodRequest'),
        ),
        json: insertOtp('+380501234567'),
      }),
    },
  },
  approveAuthenticationMethodRequest: rule.approve,
  resendAuthenticationMethodRequestOtp: rule.resend,
};

interface Created {
  readonly personId: string;
  /** The person's (current) OTP phone. */
  readonly phone: string;
  /** The new phone the request inserts, verified beforehand. */
  readonly newPhone: string;
  readonly requestId: string;
  /** The code the create sent to the current phone. */
  readonly code: string;
  readonly exchange: Exchange;
}

/**
 * A person the target created by signing (OTP phone P), a new phone N verified through the API,
 * and a 201 create inserting N: the code goes to P (DIV-AMR-CODE-TO-CURRENT), N receives nothing.
 */
async function createdInsert(ctx: ScenarioContext): Promise<Created> {
  const { personId, phone } = await signedOtpPerson(ctx);
  const newPhone = ctx.phone();
  await verifyPhone(ctx, newPhone);
  const [before, newBefore] = [(await ctx.sms(phone)).length, (await ctx.sms(newPhone)).length];
  const exchange = await create(ctx, personId, insertOtp(newPhone));
  ctx.expect(exchange, { status: 201 });
  const requestId = expectRequest(ctx, exchange, 'NEW');
  const sentNew = (await ctx.sms(newPhone)).length - newBefore;
  if (sentNew === 1 && (await ctx.sms(phone)).length === before) {
    ctx.divergence('DIV-AMR-CODE-TO-CURRENT');
    ctx.skip(
      'the target sent the code to the new phone (DIV-AMR-CODE-TO-CURRENT); the rest assumes the current phone',
    );
  }
  ctx.check(
    sentNew === 0,
    `the create sent ${sentNew} SMS to the new phone, expected none (it confirms nothing)`,
  );
  const code = await newestCode(ctx, phone, before + 1, 'after one create (the current phone confirms)');
  return { personId, phone, newPhone, requestId, code, exchange };
}

const statusConflict = (status: string) =>
  expectedError('request_status_conflict', { noun: NOUN, status, expected: 'NEW' });

const PERSON_422: Alternative = {
  divergence: 'DIV-AMR-PERSON-NOT-FOUND',
  expect: { status: 422, message: "Such person doesn't exist" },
};

const createScenarios: readonly Scenario[] = [
  {
    id: 'AMR-CREATE-201-CURRENT-PHONE',
    tags: ['verification:read'],
    divergences: [...ISSUES_CODE, 'DIV-PR-APPROVE-201', 'DIV-AMR-CODE-TO-CURRENT'],
    title:
      "Create inserting a verified new OTP phone answers 201 NEW, channel MIS, and sends one SMS to the person's current phone (masked in urgent), none to the new one.",
    operation: 'createAuthenticationMethodRequest',
    contract: `${CONTRACT}: "Invoke Initialize OTP … where auth_method_requests.auth_method_current = OTP" (Confluence 681541645); UA:2185-2195`,
    needs: ['sms'],
    required: true,
    async run(ctx: ScenarioContext) {
      const { exchange, phone } = await createdInsert(ctx);
      const { channel } = dataOf(ctx, exchange);
      ctx.check(channel === 'MIS', `data.channel is ${JSON.stringify(channel)}, expected "MIS"`);
      expectMaskedCurrent(ctx, exchange, phone);
      ctx.expectValid(exchange);
    },
  },
  {
    id: 'AMR-CREATE-422-UNVERIFIED',
    tags: ['verification:read'],
    divergences: [...ISSUES_CODE, 'DIV-PR-APPROVE-201'],
    title:
      'Create inserting an OTP phone that was never verified answers 422 unverified "Unverified phone number" and sends no SMS.',
    operation: 'createAuthenticationMethodRequest',
    contract: `${CONTRACT}: 422 {type: unverified, message: Unverified phone number} (UA:2197-2203; Confluence 686751834)`,
    needs: ['sms'],
    required: true,
    async run(ctx: ScenarioContext) {
      const { personId, phone } = await signedOtpPerson(ctx);
      const before = (await ctx.sms(phone)).length;
      ctx.expect(await create(ctx, personId, insertOtp(ctx.phone())), expectedError('phone_unverified'));
      const sent = (await ctx.sms(phone)).length - before;
      ctx.check(sent === 0, `a refused create sent ${sent} SMS to the person's phone`);
    },
  },
  {
    id: 'AMR-CREATE-422-RULE',
    tags: ['body:422', 'verification:read'],
    divergences: [...ISSUES_CODE, 'DIV-PR-APPROVE-201'],
    title:
      'Create of an OTP method without phone_number answers 422 with an invalid item at $.authentication_method.phone_number.',
    operation: 'createAuthenticationMethodRequest',
    contract: `${CONTRACT}: "if type = OTP, phone_number is required" (Confluence 681541645)`,
    needs: ['sms'],
    required: true,
    async run(ctx: ScenarioContext) {
      const { personId } = await signedOtpPerson(ctx);
      const exchange = await create(ctx, personId, {
        action: 'INSERT',
        authentication_method: { type: 'OTP' },
      });
      ctx.expect(exchange, {
        status: 422,
        type: 'validation_failed',
        invalid: [{ entry: '$.authentication_method.phone_number', rule: 'required' }],
      });
    },
  },
  {
    id: 'AMR-CREATE-422-ACTION-CASE',
    tags: ['body:422'],
    divergences: ['DIV-AMR-ACTION-CASE'],
    title: 'Create with a lower-case action ("insert") answers 422 inclusion at $.action.',
    operation: 'createAuthenticationMethodRequest',
    contract: `${CONTRACT}: action is DEACTIVATE, INSERT or UPDATE (UA:2165-2168)`,
    needs: [],
    required: true,
    async run(ctx: ScenarioContext) {
      // An unknown person: the body is checked before the person, so a target that takes the
      // older lower-case actions answers the person's 404 instead (DIV-AMR-ACTION-CASE).
      const exchange = await create(ctx, unknownUuid(), { ...insertOtp('+380501234567'), action: 'insert' });
      ctx.expect(
        exchange,
        { status: 422, type: 'validation_failed', invalid: [{ entry: '$.action', rule: 'inclusion' }] },
        [{ divergence: 'DIV-AMR-ACTION-CASE', expect: { status: 404 } }],
      );
    },
  },
  {
    id: 'AMR-CREATE-404-PERSON',
    divergences: ['DIV-AMR-PERSON-NOT-FOUND'],
    title: 'Create for a person the target does not know answers 404 not_found "Such person doesn\'t exist".',
    operation: 'createAuthenticationMethodRequest',
    contract: `${CONTRACT}: "search person by person.id in MPI … 404, Such person doesn't exist" (Confluence 17354981427)`,
    needs: [],
    required: true,
    async run(ctx: ScenarioContext) {
      ctx.expect(
        await create(ctx, unknownUuid(), insertOtp('+380501234567')),
        expectedError('amr_person_not_found'),
        [PERSON_422],
      );
    },
  },
  {
    id: 'AMR-CREATE-CANCELS-PENDING',
    tags: ['verification:read'],
    divergences: [...ISSUES_CODE, 'DIV-PR-APPROVE-201'],
    title:
      'A second create for the same person cancels the first: approving the first then answers 409 naming CANCELED, the second approves.',
    operation: 'createAuthenticationMethodRequest',
    contract: `${CONTRACT}: "Search requests where person_id = person.id and status = NEW … CANCELED" (Confluence 18216681529)`,
    needs: ['sms'],
    required: true,
    async run(ctx: ScenarioContext) {
      const first = await createdInsert(ctx);
      const before = (await ctx.sms(first.phone)).length;
      const second = await create(ctx, first.personId, insertOtp(first.newPhone));
      ctx.expect(second, { status: 201 });
      const secondId = expectRequest(ctx, second, 'NEW');
      const code = await newestCode(ctx, first.phone, before + 1, 'after the second create');
      ctx.expect(await approve(ctx, first.personId, first.requestId, code), statusConflict('CANCELED'));
      ctx.expect(await approve(ctx, first.personId, secondId, code), APPROVED);
    },
  },
];

const approveScenarios: readonly Scenario[] = [
  {
    id: 'AMR-APPROVE-PHONE-CHANGE',
    tags: ['verification:read'],
    divergences: [...ISSUES_CODE, 'DIV-PR-APPROVE-201'],
    title:
      "Approve with the current phone's code answers 201 COMPLETED, and the person's next person request sends its SMS to the new phone, none to the old.",
    operation: 'approveAuthenticationMethodRequest',
    contract: `${CONTRACT}: "person's auth method that was before becomes inactive … set new auth_method" (Confluence 676823099, 18217074707); issue 15`,
    needs: ['sms'],
    required: true,
    async run(ctx: ScenarioContext) {
      const { personId, phone, newPhone, requestId, code } = await createdInsert(ctx);
      const approved = await approve(ctx, personId, requestId, code);
      ctx.expect(approved, APPROVED);
      expectRequest(ctx, approved, 'COMPLETED');
      ctx.expectValid(approved);
      // An update of the person (person.id, no methods: AP:3134-3142) is confirmed by its methods.
      const base = personBody({ type: 'OFFLINE' });
      const { authentication_methods: _none, ...person } = isObject(base.person) ? base.person : {};
      const [oldBefore, newBefore] = [(await ctx.sms(phone)).length, (await ctx.sms(newPhone)).length];
      const update = await createRequest(ctx, 2, { ...base, person: { ...person, id: personId } });
      ctx.expect(update, { status: 201 });
      expectMaskedCurrent(ctx, update, newPhone);
      await newestCode(ctx, newPhone, newBefore + 1, "after the person's next person request");
      const old = (await ctx.sms(phone)).length - oldBefore;
      ctx.check(old === 0, `the person request sent ${old} SMS to the old phone, expected none`);
    },
  },
  {
    id: 'AMR-APPROVE-404-OTHER-PERSON',
    tags: ['verification:read'],
    divergences: [...ISSUES_CODE],
    title:
      "Approve of a request through another person's path answers 404 not_found, and the request stays approvable.",
    operation: 'approveAuthenticationMethodRequest',
    contract: `${CONTRACT}: the request is one of the path's person's requests`,
    needs: ['sms', `fixture:requests.${FAMILY}.otp`],
    required: true,
    async run(ctx: ScenarioContext) {
      const mine = await ctx.request(FAMILY, 'otp');
      const theirs = await ctx.request(FAMILY, 'otp');
      const personId = theirs.data.person_id;
      ctx.check(typeof personId === 'string', 'the seeded request has no data.person_id');
      const wrong = await to(
        ctx,
        'approveAuthenticationMethodRequest',
        {
          person_id: String(personId),
          request_id: mine.id,
        },
        { verification_code: 1234 },
      );
      ctx.expect(wrong, expectedError('request_not_found'));
      const resend = 'resendAuthenticationMethodRequestOtp';
      const resent = await ctx.call(resend, await requestOn(ctx, resend, mine));
      ctx.expect(resent, { status: 200 });
      expectVerification(ctx, resent, { status: 'NEW', active: true });
    },
  },
  codeRequiredScenario({
    family: FAMILY,
    approve: { operation: 'approveAuthenticationMethodRequest', target: rule.approve },
    contract: CONTRACT,
    sources: { codeRequired: '"required if authentication_method is OTP", UA:2235' },
  }),
];

const resendScenarios: readonly Scenario[] = [
  {
    id: 'AMR-RESEND-409-STATUS',
    tags: ['verification:read'],
    divergences: [...ISSUES_CODE, 'DIV-PR-APPROVE-201', 'DIV-AMR-RESEND-CONFLICT'],
    title:
      'Resend on a COMPLETED authentication method request answers 409 request_conflict naming the status, and sends nothing.',
    operation: 'resendAuthenticationMethodRequestOtp',
    contract: `${CONTRACT}: "Check that authentication_method_request.status = NEW" (Confluence 17354981427)`,
    needs: ['sms'],
    required: true,
    async run(ctx: ScenarioContext) {
      const { personId, phone, requestId, code } = await createdInsert(ctx);
      ctx.expect(await approve(ctx, personId, requestId, code), APPROVED);
      const before = (await ctx.sms(phone)).length;
      const exchange = await to(ctx, 'resendAuthenticationMethodRequestOtp', {
        person_id: personId,
        request_id: requestId,
      });
      ctx.expect(exchange, statusConflict('COMPLETED'), [
        {
          // The twin names `$.status` or, checking the method first, `$.authentication_method_current`.
          divergence: 'DIV-AMR-RESEND-CONFLICT',
          expect: { status: 422, type: 'validation_failed' },
        },
      ]);
      const sent = (await ctx.sms(phone)).length - before;
      ctx.check(sent === 0, `a refused resend sent ${sent} SMS`);
    },
  },
  {
    id: 'AMR-RESEND-404-PERSON',
    divergences: ['DIV-AMR-PERSON-NOT-FOUND'],
    title:
      'Resend through a person the target does not know answers 404 not_found "Such person doesn\'t exist".',
    operation: 'resendAuthenticationMethodRequestOtp',
    contract: `${CONTRACT}: "search person by person.id in MPI … 404, Such person doesn't exist" (Confluence 17354981427)`,
    needs: [],
    required: true,
    async run(ctx: ScenarioContext) {
      const exchange = await to(ctx, 'resendAuthenticationMethodRequestOtp', {
        person_id: unknownUuid(),
        request_id: unknownUuid(),
      });
      ctx.expect(exchange, expectedError('amr_person_not_found'), [PERSON_422]);
    },
  },
];

export const authMethodRequestScenarios: { readonly [Op in AmrOperation]: readonly Scenario[] } = {
  createAuthenticationMethodRequest: createScenarios,
  approveAuthenticationMethodRequest: approveScenarios,
  resendAuthenticationMethodRequestOtp: resendScenarios,
};
