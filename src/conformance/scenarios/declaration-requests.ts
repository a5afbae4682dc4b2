import { methodOf } from '../operations.js';
import type {
  Alternative,
  ApiRequest,
  Credentials,
  Expectation,
  Scenario,
  ScenarioContext,
} from '../scenario.js';
import { unknownUuid } from './api.js';
import { expectedError, MESSAGES } from './messages.js';
import { requestPath } from './request-path.js';
import type { BodyRequest, OperationTarget } from './target.js';

/*
 * Declaration requests (openapi/ehealth-otp.yaml, tag "Declaration requests"; research
 * docs/research/declaration-requests.md). The generated families (confirmable.ts: resend's new
 * code and 404, approve's code, twice, other request's and family's code; families.ts: 401/403,
 * body) come from the spec; these are the family's own rules: resend's conflicts and their
 * order (findings §2.2 E2-E4), approve without a code for NA and OFFLINE (EH approve.ex:43), the
 * status machine's 409, the required code.
 */

type DeclarationOperation =
  | 'approveDeclarationRequest'
  | 'resendDeclarationRequestOtp'
  | 'approveDeclarationRequestV1'
  | 'resendDeclarationRequestOtpV1';

const FAMILY = 'declaration_request';
const CONTRACT =
  'approveDeclarationRequest / resendDeclarationRequestOtp descriptions (AP:4088-4153, 4335-4357)';

function requestTo(operation: DeclarationOperation, creds: Credentials, id: string): ApiRequest {
  return {
    method: methodOf(operation),
    path: requestPath(operation, { id, data: {} }),
    token: creds.token,
    apiKey: creds.apiKey,
  };
}

const approveOn = (operation: DeclarationOperation): BodyRequest => ({
  needs: [],
  build: async (ctx) => ({
    request: requestTo(operation, await ctx.credentials(operation), unknownUuid()),
    json: { verification_code: 1234 },
  }),
});

export const declarationRequestTargets: { readonly [Op in DeclarationOperation]: OperationTarget } = {
  approveDeclarationRequest: {
    prefix: 'DR-APPROVE',
    label: 'Approve declaration request',
    authRequest: (_ctx, creds) => requestTo('approveDeclarationRequest', creds, unknownUuid()),
    bodyRequest: approveOn('approveDeclarationRequest'),
  },
  resendDeclarationRequestOtp: {
    prefix: 'DR-RESEND',
    label: 'Resend on a declaration request',
    authRequest: (_ctx, creds) => requestTo('resendDeclarationRequestOtp', creds, unknownUuid()),
  },
  approveDeclarationRequestV1: {
    prefix: 'DR-APPROVE-V1',
    label: 'Approve declaration request v1',
    authRequest: (_ctx, creds) => requestTo('approveDeclarationRequestV1', creds, unknownUuid()),
    bodyRequest: approveOn('approveDeclarationRequestV1'),
  },
  resendDeclarationRequestOtpV1: {
    prefix: 'DR-RESEND-V1',
    label: 'Resend on a declaration request v1',
    authRequest: (_ctx, creds) => requestTo('resendDeclarationRequestOtpV1', creds, unknownUuid()),
  },
};

async function on(
  ctx: ScenarioContext,
  operation: DeclarationOperation,
  kind: Parameters<ScenarioContext['request']>[1],
  json?: unknown,
) {
  const request = await ctx.request(FAMILY, kind);
  const api = requestTo(operation, await ctx.credentials(operation), request.id);
  return ctx.call(operation, json === undefined ? api : { ...api, json });
}

const NOT_OTP: Expectation = { status: 409, type: 'request_conflict', message: MESSAGES.notOtp };
/** The twin's 422 for the two conflicts (EH resend_otp.ex:20-30; DIV-RESEND-CONFLICT-422). */
const TWIN_NOT_OTP: Alternative = {
  divergence: 'DIV-RESEND-CONFLICT-422',
  expect: { status: 422, type: 'validation_failed', invalid: [{ entry: '$.authentication_method_current' }] },
};
const TWIN_STATUS: Expectation = { status: 422, type: 'validation_failed', invalid: [{ entry: '$.status' }] };
const statusConflict = (status: string) =>
  expectedError('request_status_conflict', { noun: 'Declaration request', status, expected: 'NEW' });
/** The twin's approve answers 200 (DIV-DR-APPROVE-201). */
const APPROVE_200: Alternative = { divergence: 'DIV-DR-APPROVE-201', expect: { status: 200 } };

function resendConflict(
  id: string,
  title: string,
  kind: Parameters<ScenarioContext['request']>[1],
  primary: Expectation,
  alternatives: readonly Alternative[],
  divergences: Scenario['divergences'],
): Scenario {
  return {
    id,
    title,
    operation: 'resendDeclarationRequestOtp',
    contract: `${CONTRACT}: seeds/001's checks, the twin's answers as divergences (findings §2.2 E2-E4)`,
    needs: [`fixture:requests.${FAMILY}.${kind}`],
    required: true,
    ...(divergences === undefined ? {} : { divergences }),
    async run(ctx: ScenarioContext) {
      ctx.expect(await on(ctx, 'resendDeclarationRequestOtp', kind), primary, alternatives);
    },
  };
}

const declarationScenarios: readonly Scenario[] = [
  resendConflict(
    'DR-RESEND-409-STATUS',
    'Resend on an APPROVED declaration request answers 409 request_conflict naming the status.',
    'approved',
    statusConflict('APPROVED'),
    [{ divergence: 'DIV-RESEND-CONFLICT-422', expect: TWIN_STATUS }],
    ['DIV-RESEND-CONFLICT-422'],
  ),
  resendConflict(
    'DR-RESEND-409-AUTH-METHOD',
    'Resend on a declaration request whose method is OFFLINE answers 409 Auth method is not OTP.',
    'offline',
    NOT_OTP,
    [TWIN_NOT_OTP],
    ['DIV-RESEND-CONFLICT-422'],
  ),
  resendConflict(
    'DR-RESEND-409-NA',
    'Resend on a declaration request whose method is NA answers 409 Auth method is not OTP.',
    'na',
    NOT_OTP,
    [TWIN_NOT_OTP],
    ['DIV-RESEND-CONFLICT-422'],
  ),
  resendConflict(
    'DR-RESEND-409-CHECK-ORDER',
    'Resend on an APPROVED OFFLINE declaration request answers Auth method is not OTP (method checked first).',
    'approved_offline',
    NOT_OTP,
    [
      TWIN_NOT_OTP,
      { divergence: 'DIV-RESEND-CHECK-ORDER', expect: statusConflict('APPROVED') },
      { divergence: ['DIV-RESEND-CONFLICT-422', 'DIV-RESEND-CHECK-ORDER'], expect: TWIN_STATUS },
    ],
    ['DIV-RESEND-CONFLICT-422', 'DIV-RESEND-CHECK-ORDER'],
  ),
  {
    id: 'DR-APPROVE-NA-201',
    title: 'Approve of a NEW declaration request whose method is NA, without a body, answers 201 APPROVED.',
    operation: 'approveDeclarationRequest',
    contract: `${CONTRACT}: "In case if authentication_method is OFFLINE or N/A, request body should be empty" (AP:4107); EH approve.ex:43`,
    needs: [`fixture:requests.${FAMILY}.na`],
    required: true,
    divergences: ['DIV-DR-APPROVE-201'],
    async run(ctx: ScenarioContext) {
      const exchange = await on(ctx, 'approveDeclarationRequest', 'na');
      ctx.expect(exchange, { status: 201 }, [APPROVE_200]);
      ctx.expectValid(exchange);
    },
  },
  {
    id: 'DR-APPROVE-OFFLINE-201',
    title:
      'Approve of a NEW OFFLINE declaration request without a body answers 201: the documents are not modelled.',
    operation: 'approveDeclarationRequest',
    contract: `${CONTRACT}: OFFLINE approves without a code (DIV-DR-OFFLINE-DOCUMENTS)`,
    needs: [`fixture:requests.${FAMILY}.offline`],
    required: true,
    divergences: ['DIV-DR-APPROVE-201', 'DIV-DR-OFFLINE-DOCUMENTS'],
    async run(ctx: ScenarioContext) {
      const exchange = await on(ctx, 'approveDeclarationRequest', 'offline');
      ctx.expect(exchange, { status: 201 }, [
        APPROVE_200,
        {
          divergence: 'DIV-DR-OFFLINE-DOCUMENTS',
          expect: { status: 409, type: 'request_conflict', message: /^Documents .* is not uploaded$/ },
        },
      ]);
    },
  },
  {
    id: 'DR-APPROVE-409-STATUS',
    title: 'Approve of an APPROVED declaration request answers 409 request_conflict naming the status.',
    operation: 'approveDeclarationRequest',
    contract: `${CONTRACT}: only NEW is approved (x-confirmable from: [NEW]; the twin's transitions, EH declaration_requests.ex:191-205)`,
    needs: [`fixture:requests.${FAMILY}.approved_offline`],
    required: true,
    divergences: ['DIV-DR-TRANSITION-MESSAGE'],
    async run(ctx: ScenarioContext) {
      ctx.expect(await on(ctx, 'approveDeclarationRequest', 'approved_offline'), statusConflict('APPROVED'), [
        {
          divergence: 'DIV-DR-TRANSITION-MESSAGE',
          expect: { status: 409, type: 'request_conflict', message: 'Invalid transition' },
        },
      ]);
    },
  },
  {
    id: 'DR-APPROVE-422-CODE-REQUIRED',
    title: 'Approve of an OTP declaration request without verification_code answers 422 required.',
    operation: 'approveDeclarationRequest',
    contract: `${CONTRACT}: verification_code "required if authentication_method is OTP" (AP:4122)`,
    needs: [`fixture:requests.${FAMILY}.otp`],
    required: true,
    tags: ['body:422'],
    async run(ctx: ScenarioContext) {
      // The message is compared as MESSAGES.validation does (findings C5: the link changed in 2026).
      ctx.expect(await on(ctx, 'approveDeclarationRequest', 'otp', {}), {
        status: 422,
        type: 'validation_failed',
        message: MESSAGES.validation,
        invalid: [{ entry: '$.verification_code', rule: 'required' }],
      });
    },
  },
];

/** A code sent as a JSON string: 422 cast at $.verification_code (the spec types it a number, AP:4122). */
function castScenario(operation: 'approveDeclarationRequest' | 'approveDeclarationRequestV1'): Scenario {
  const { prefix, label } = declarationRequestTargets[operation];
  return {
    id: `${prefix}-422-CODE-CAST`,
    title: `${label} with verification_code as a string answers 422 at $.verification_code, rule cast.`,
    operation,
    contract: `${operation}: the body's schema; 422 entry $.verification_code, rule cast`,
    needs: [],
    required: true,
    tags: ['body:422'],
    async run(ctx: ScenarioContext) {
      const api = requestTo(operation, await ctx.credentials(operation), unknownUuid());
      ctx.expect(await ctx.call(operation, { ...api, json: { verification_code: '1234' } }), {
        status: 422,
        type: 'validation_failed',
        message: MESSAGES.validation,
        invalid: [{ entry: '$.verification_code', entryType: 'json_data_property', rule: 'cast' }],
      });
    },
  };
}

/** Each declaration operation's own scenarios, keyed as scenarios/index.ts needs. */
export const declarationRequestScenarios: { readonly [Op in DeclarationOperation]: readonly Scenario[] } = {
  approveDeclarationRequest: [
    castScenario('approveDeclarationRequest'),
    ...declarationScenarios.filter((s) => s.operation === 'approveDeclarationRequest'),
  ],
  resendDeclarationRequestOtp: declarationScenarios.filter(
    (s) => s.operation === 'resendDeclarationRequestOtp',
  ),
  approveDeclarationRequestV1: [castScenario('approveDeclarationRequestV1')],
  resendDeclarationRequestOtpV1: [],
};
