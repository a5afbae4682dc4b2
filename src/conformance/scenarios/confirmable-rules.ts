import type { DivergenceId } from '../divergences.js';
import { methodOf, operationInfo } from '../operations.js';
import type {
  Alternative,
  ApiRequest,
  Exchange,
  Expectation,
  OperationId,
  ProvisionedRequest,
  Scenario,
  ScenarioContext,
} from '../scenario.js';
import { unknownUuid } from './api.js';
import { dataOf } from './flows.js';
import { expectedError, MESSAGES } from './messages.js';
import { requestPath } from './request-path.js';
import type { BodyRequest, OperationTarget } from './target.js';

/*
 * The rules a confirmable family of generic records shares beyond the generated scenarios
 * (confirmable.ts): resend refuses a method without a code and a status outside resend's `from`
 * (seeds/001's order: method first), approve takes OFFLINE and NA without a code, refuses a status
 * outside approve's `from`, needs the code for OTP and types it a number. Written once for the
 * families of issue 15 whose documents say nothing of their own here (confidant person
 * relationship requests, merge requests); each family passes its ids, its noun, and the divergence
 * a target shows when it answers as the open-source twin does (422, status first).
 */

export type Kind = Parameters<ScenarioContext['request']>[1];

export interface FamilyRuleSpec {
  readonly family: string;
  /** The family in the 409 message: `<Noun> status is APPROVED, expected NEW`. */
  readonly noun: string;
  readonly approve: { readonly operation: OperationId; readonly target: OperationTarget };
  readonly resend: { readonly operation: OperationId; readonly target: OperationTarget };
  /** The operations' description, quoted in `contract`. */
  readonly contract: string;
  /** The divergence of a resend conflict answered as the twin does (422 at `$.status` / method, status first). */
  readonly resendConflict: DivergenceId;
  /** The path parameters besides the request id, for a request that does not exist (e.g. a person). */
  readonly otherParams?: () => Readonly<Record<string, string>>;
}

/** An authenticated request of `operation` on `request` (seeded, or an unknown id). */
export async function requestOn(
  ctx: ScenarioContext,
  operation: OperationId,
  request: Pick<ProvisionedRequest, 'id' | 'data'>,
  json?: unknown,
): Promise<ApiRequest> {
  const creds = await ctx.credentials(operation);
  return {
    method: methodOf(operation),
    path: requestPath(operation, request),
    token: creds.token,
    apiKey: creds.apiKey,
    ...(json === undefined ? {} : { json }),
  };
}

/** `operation` on a fresh request of `kind`, with `json` as its body if given. */
export async function callOn(
  ctx: ScenarioContext,
  spec: FamilyRuleSpec,
  operation: OperationId,
  kind: Kind,
  json?: unknown,
): Promise<{ readonly request: ProvisionedRequest; readonly exchange: Exchange }> {
  const request = await ctx.request(spec.family, kind);
  return { request, exchange: await ctx.call(operation, await requestOn(ctx, operation, request, json)) };
}

/** An id the target never issued, with the other path parameters the family needs. */
export function unknownRequest(
  spec: Pick<FamilyRuleSpec, 'otherParams'>,
): Pick<ProvisionedRequest, 'id' | 'data'> {
  return { id: unknownUuid(), data: spec.otherParams?.() ?? {} };
}

/** The generated families' targets: an unknown request, and for approve a code body. */
export function ruleTargets(
  spec: Pick<FamilyRuleSpec, 'otherParams'>,
  approve: { readonly operation: OperationId; readonly prefix: string; readonly label: string },
  resend: { readonly operation: OperationId; readonly prefix: string; readonly label: string },
): { readonly approve: OperationTarget; readonly resend: OperationTarget } {
  const auth =
    (operation: OperationId): OperationTarget['authRequest'] =>
    (_ctx, creds) => ({
      method: methodOf(operation),
      path: requestPath(operation, unknownRequest(spec)),
      token: creds.token,
      apiKey: creds.apiKey,
    });
  const bodyRequest: BodyRequest = {
    needs: [],
    build: async (ctx) => ({
      request: await requestOn(ctx, approve.operation, unknownRequest(spec)),
      json: { verification_code: 1234 },
    }),
  };
  return {
    approve: {
      prefix: approve.prefix,
      label: approve.label,
      authRequest: auth(approve.operation),
      bodyRequest,
    },
    resend: { prefix: resend.prefix, label: resend.label, authRequest: auth(resend.operation) },
  };
}

/** The rule scenarios of one family, split by operation as scenarios/index.ts keys them. */
export function familyRuleScenarios(spec: FamilyRuleSpec): {
  readonly approve: readonly Scenario[];
  readonly resend: readonly Scenario[];
} {
  const { family, noun, contract, resendConflict } = spec;
  const resendOp = spec.resend.operation;
  const approveOp = spec.approve.operation;
  const R = spec.resend.target;
  const A = spec.approve.target;
  const notOtp: Expectation = { status: 409, type: 'request_conflict', message: MESSAGES.notOtp };
  const statusConflict = (status: string) =>
    expectedError('request_status_conflict', { noun, status, expected: 'NEW' });
  const twinStatus: Expectation = {
    status: 422,
    type: 'validation_failed',
    invalid: [{ entry: '$.status' }],
  };
  const twinMethod: Alternative = {
    divergence: resendConflict,
    expect: {
      status: 422,
      type: 'validation_failed',
      invalid: [{ entry: '$.authentication_method_current' }],
    },
  };
  const needs = (kind: Kind) => [`fixture:requests.${family}.${kind}`] as const;

  const resendConflictScenario = (
    suffix: string,
    title: string,
    kind: Kind,
    primary: Expectation,
    alternatives: readonly Alternative[],
  ): Scenario => ({
    id: `${R.prefix}-${suffix}`,
    title: `${R.label} ${title}`,
    operation: resendOp,
    contract: `${contract}: seeds/001's checks, method first (${resendConflict})`,
    needs: needs(kind),
    required: true,
    divergences: [resendConflict],
    async run(ctx: ScenarioContext) {
      ctx.expect((await callOn(ctx, spec, resendOp, kind)).exchange, primary, alternatives);
    },
  });

  const approvedWithoutCode = (kind: 'na' | 'offline', method: string): Scenario => ({
    id: `${A.prefix}-${kind.toUpperCase()}-200`,
    title: `${A.label} of a NEW request whose method is ${method}, without a body, approves it.`,
    operation: approveOp,
    contract: `${contract}: ${method} approves without verification_code`,
    needs: needs(kind),
    required: true,
    async run(ctx: ScenarioContext) {
      const { exchange } = await callOn(ctx, spec, approveOp, kind);
      ctx.expect(exchange, { status: operationInfo(approveOp).successStatus });
      const status = dataOf(ctx, exchange).status;
      ctx.check(status === 'APPROVED', `data.status is ${JSON.stringify(status)}, expected APPROVED`);
      ctx.expectValid(exchange);
    },
  });

  const resend: Scenario[] = [
    resendConflictScenario(
      '409-STATUS',
      'on an APPROVED request answers 409 request_conflict naming the status.',
      'approved',
      statusConflict('APPROVED'),
      [{ divergence: resendConflict, expect: twinStatus }],
    ),
    resendConflictScenario(
      '409-AUTH-METHOD',
      'on a request whose method is OFFLINE answers 409 Auth method is not OTP.',
      'offline',
      notOtp,
      [twinMethod],
    ),
    resendConflictScenario(
      '409-NA',
      'on a request whose method is NA answers 409 Auth method is not OTP.',
      'na',
      notOtp,
      [twinMethod],
    ),
    resendConflictScenario(
      '409-CHECK-ORDER',
      'on an APPROVED OFFLINE request answers Auth method is not OTP (the method is checked first).',
      'approved_offline',
      notOtp,
      [
        twinMethod,
        { divergence: resendConflict, expect: statusConflict('APPROVED') },
        { divergence: resendConflict, expect: twinStatus },
      ],
    ),
  ];

  const approve: Scenario[] = [
    approvedWithoutCode('na', 'NA'),
    approvedWithoutCode('offline', 'OFFLINE'),
    {
      id: `${A.prefix}-409-STATUS`,
      title: `${A.label} of an APPROVED request answers 409 request_conflict naming the status.`,
      operation: approveOp,
      contract: `${contract}: only NEW is approved (x-confirmable from: [NEW])`,
      needs: needs('approved_offline'),
      required: true,
      async run(ctx: ScenarioContext) {
        ctx.expect(
          (await callOn(ctx, spec, approveOp, 'approved_offline')).exchange,
          statusConflict('APPROVED'),
        );
      },
    },
    {
      id: `${A.prefix}-422-CODE-REQUIRED`,
      title: `${A.label} of an OTP request without verification_code answers 422 required.`,
      operation: approveOp,
      contract: `${contract}: verification_code is required for OTP`,
      needs: needs('otp'),
      required: true,
      tags: ['body:422'],
      async run(ctx: ScenarioContext) {
        const { exchange } = await callOn(ctx, spec, approveOp, 'otp', {});
        // The message is compared as MESSAGES.validation does (findings C5: the link changed in 2026).
        ctx.expect(exchange, {
          status: 422,
          type: 'validation_failed',
          message: MESSAGES.validation,
          invalid: [{ entry: '$.verification_code', entryType: 'json_data_property', rule: 'required' }],
        });
      },
    },
    {
      id: `${A.prefix}-422-CODE-CAST`,
      title: `${A.label} with verification_code as a string answers 422 at $.verification_code, rule cast.`,
      operation: approveOp,
      contract: `${approveOp}: the body's schema types verification_code a number; 422 rule cast`,
      needs: [],
      required: true,
      tags: ['body:422'],
      async run(ctx: ScenarioContext) {
        const api = await requestOn(ctx, approveOp, unknownRequest(spec), { verification_code: '1234' });
        ctx.expect(await ctx.call(approveOp, api), {
          status: 422,
          type: 'validation_failed',
          message: MESSAGES.validation,
          invalid: [{ entry: '$.verification_code', entryType: 'json_data_property', rule: 'cast' }],
        });
      },
    },
  ];
  return { approve, resend };
}
