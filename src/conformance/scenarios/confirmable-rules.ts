import { confirmableOf } from '../../contract/confirmable.js';
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
 * families of issue 15 (declaration, confidant person relationship, merge requests; the
 * authentication method requests take the code rules); each family passes its ids, its noun, the
 * divergences a target shows when it answers as the open-source twin does (422, status first),
 * and where its documents say more, what else a target may answer and the sources it quotes.
 */

export type Kind = Parameters<ScenarioContext['request']>[1];

/** The rules whose answers or sources a family may add to. */
type RuleName = 'approveNa' | 'approveOffline' | 'approveStatus' | 'codeRequired';

export interface FamilyRuleSpec {
  readonly family: string;
  /** The family in the 409 message: `<Noun> status is APPROVED, expected NEW`. */
  readonly noun: string;
  readonly approve: { readonly operation: OperationId; readonly target: OperationTarget };
  readonly resend: { readonly operation: OperationId; readonly target: OperationTarget };
  /** The operations' description, quoted in `contract`. */
  readonly contract: string;
  /** The divergence of a resend conflict answered as the twin does (422 at `$.status` / method). */
  readonly resendConflict: DivergenceId;
  /** The divergence of a resend that checks the status first; default `resendConflict` (one names both). */
  readonly resendCheckOrder?: DivergenceId;
  /** The path parameters besides the request id, for a request that does not exist (e.g. a person). */
  readonly otherParams?: () => Readonly<Record<string, string>>;
  /** What else a target may answer to a rule, each with the divergence that names it. */
  readonly alternatives?: Readonly<Partial<Record<RuleName, readonly Alternative[]>>>;
  /** The family's own source of a rule, quoted in that scenario's contract. */
  readonly sources?: Readonly<Partial<Record<RuleName, string>>>;
}

/** The divergences a scenario's alternatives name, each once (the scenario's `divergences`). */
function divergencesOf(alternatives: readonly Alternative[]): Pick<Scenario, 'divergences'> {
  const ids = [...new Set(alternatives.flatMap((a) => a.divergence))];
  return ids.length === 0 ? {} : { divergences: ids };
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

/** `operation`'s code sent as a JSON string: 422 cast at $.verification_code (the schema types it a number). */
export function castScenario(
  spec: Pick<FamilyRuleSpec, 'otherParams'>,
  operation: OperationId,
  target: Pick<OperationTarget, 'prefix' | 'label'>,
): Scenario {
  return {
    id: `${target.prefix}-422-CODE-CAST`,
    title: `${target.label} with verification_code as a string answers 422 at $.verification_code, rule cast.`,
    operation,
    contract: `${operation}: the body's schema types verification_code a number; 422 rule cast`,
    needs: [],
    required: true,
    tags: ['body:422'],
    async run(ctx: ScenarioContext) {
      const api = await requestOn(ctx, operation, unknownRequest(spec), { verification_code: '1234' });
      ctx.expect(await ctx.call(operation, api), {
        status: 422,
        type: 'validation_failed',
        message: MESSAGES.validation,
        invalid: [{ entry: '$.verification_code', entryType: 'json_data_property', rule: 'cast' }],
      });
    },
  };
}

/** Approve of a seeded OTP request without `verification_code`: 422 required. */
export function codeRequiredScenario(
  spec: Pick<FamilyRuleSpec, 'family' | 'approve' | 'contract' | 'sources'>,
): Scenario {
  const { operation, target } = spec.approve;
  const source = spec.sources?.codeRequired;
  return {
    id: `${target.prefix}-422-CODE-REQUIRED`,
    title: `${target.label} of an OTP request without verification_code answers 422 required.`,
    operation,
    contract: `${spec.contract}: verification_code is required for OTP${source === undefined ? '' : ` (${source})`}`,
    needs: [`fixture:requests.${spec.family}.otp`],
    required: true,
    tags: ['body:422'],
    async run(ctx: ScenarioContext) {
      const request = await ctx.request(spec.family, 'otp');
      const exchange = await ctx.call(operation, await requestOn(ctx, operation, request, {}));
      // The message is compared as MESSAGES.validation does (findings C5: the link changed in 2026).
      ctx.expect(exchange, {
        status: 422,
        type: 'validation_failed',
        message: MESSAGES.validation,
        invalid: [{ entry: '$.verification_code', entryType: 'json_data_property', rule: 'required' }],
      });
    },
  };
}

/** The rule scenarios of one family, split by operation as scenarios/index.ts keys them. */
export function familyRuleScenarios(spec: FamilyRuleSpec): {
  readonly approve: readonly Scenario[];
  readonly resend: readonly Scenario[];
} {
  const { family, noun, contract, resendConflict } = spec;
  const checkOrder = spec.resendCheckOrder ?? resendConflict;
  const resendOp = spec.resend.operation;
  const approveOp = spec.approve.operation;
  const R = spec.resend.target;
  const A = spec.approve.target;
  const also = (rule: RuleName) => spec.alternatives?.[rule] ?? [];
  const quoting = (rule: RuleName) => {
    const source = spec.sources?.[rule];
    return source === undefined ? '' : ` (${source})`;
  };
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
  const approvedTo = confirmableOf(approveOp)?.to ?? 'APPROVED';
  const success = operationInfo(approveOp).successStatus;

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
    contract: `${contract}: seeds/001's checks, method first; the twin's answers as divergences`,
    needs: needs(kind),
    required: true,
    ...divergencesOf(alternatives),
    async run(ctx: ScenarioContext) {
      ctx.expect((await callOn(ctx, spec, resendOp, kind)).exchange, primary, alternatives);
    },
  });

  const approvedWithoutCode = (kind: 'na' | 'offline', method: string): Scenario => {
    const rule = kind === 'na' ? 'approveNa' : 'approveOffline';
    return {
      id: `${A.prefix}-${kind.toUpperCase()}-${success}`,
      title: `${A.label} of a NEW request whose method is ${method}, without a body, approves it.`,
      operation: approveOp,
      contract: `${contract}: ${method} approves without verification_code${quoting(rule)}`,
      needs: needs(kind),
      required: true,
      ...divergencesOf(also(rule)),
      async run(ctx: ScenarioContext) {
        const { exchange } = await callOn(ctx, spec, approveOp, kind);
        ctx.expect(exchange, { status: success }, also(rule));
        // An approved answer shows approve's `to`; an alternative refusal has no status to show.
        if (exchange.status < 300) {
          const status = dataOf(ctx, exchange).status;
          ctx.check(
            status === approvedTo,
            `data.status is ${JSON.stringify(status)}, expected ${approvedTo}`,
          );
        }
        ctx.expectValid(exchange);
      },
    };
  };

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
        { divergence: checkOrder, expect: statusConflict('APPROVED') },
        {
          divergence: checkOrder === resendConflict ? resendConflict : [resendConflict, checkOrder],
          expect: twinStatus,
        },
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
      contract: `${contract}: only NEW is approved (x-confirmable from: [NEW])${quoting('approveStatus')}`,
      needs: needs('approved_offline'),
      required: true,
      ...divergencesOf(also('approveStatus')),
      async run(ctx: ScenarioContext) {
        ctx.expect(
          (await callOn(ctx, spec, approveOp, 'approved_offline')).exchange,
          statusConflict('APPROVED'),
          also('approveStatus'),
        );
      },
    },
    codeRequiredScenario(spec),
    castScenario(spec, approveOp, A),
  ];
  return { approve, resend };
}
