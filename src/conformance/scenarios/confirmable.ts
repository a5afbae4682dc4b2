import {
  type ConfirmableAction,
  confirmableOf,
  listConfirmableFamilies,
} from '../../contract/confirmable.js';
import { operationInfo } from '../operations.js';
import { requestLine } from '../runner/expect.js';
import type { Exchange, OperationId, ProvisionedRequest, Scenario, ScenarioContext } from '../scenario.js';
import { unknownUuid } from './api.js';
import { requestOn } from './confirmable-rules.js';
import { dataOf, expectVerification, ISSUES_CODE, newestCode, wrongCodeFor } from './flows.js';
import { expectedError } from './messages.js';
import { pathParamsBesideId } from './request-path.js';
import type { Tag } from './tags.js';
import type { OperationTarget } from './target.js';

/*
 * The scenario families every confirmable family gets (issue 15), generated from the spec's
 * `x-confirmable` (src/contract/confirmable.ts) as the auth and body families are generated from
 * `security` and `requestBody` (families.ts): per resend operation, a resend answers 200 with a
 * new code that replaces the old one, and 404 for an unknown id; per approve operation, the right
 * code approves (to the spec's `to` status), a wrong code, a second approve, and the code sent for
 * another request of the family or of another family are refused. A family's own rules are its
 * own scenarios on top. The requests are seeded through the control API's one generic operation
 * (or are the vendor's fixtures); the code is read from the SMS outbox.
 */

/** The tags of the generated families; broken deployments name them (test/conformance/broken/confirmable.ts). */
export const CONFIRMABLE_TAGS = {
  resendNewCode: 'confirm:resend-new-code',
  resend404: 'confirm:resend-404',
  approveCode: 'confirm:approve-code',
  approveWrongCode: 'confirm:approve-wrong-code',
  approveTwice: 'confirm:approve-twice',
  otherRequestCode: 'confirm:approve-other-request-code',
  otherFamilyCode: 'confirm:approve-other-family-code',
} as const satisfies Record<string, Tag>;

/**
 * Families whose generated scenarios are not generated, with the reason: their hand-written
 * scenarios predate the model and certify the same (issue 13's rule: ids and results unchanged).
 */
export const FAMILIES_NOT_GENERATED: Readonly<Record<string, string>> = {
  person_request:
    'RESEND-SMS-REPLACES-CODE, RESEND-404-UNKNOWN, PR-APPROVE-201, PR-APPROVE-422-WRONG-CODE, PR-APPROVE-409-CHECK-ORDER, PR-APPROVE-RESEND-CODE and PR-APPROVE-CREATE-REPLACES-CODE certify these for person requests',
};

async function call(
  ctx: ScenarioContext,
  operation: OperationId,
  request: ProvisionedRequest,
  json?: unknown,
): Promise<Exchange> {
  return ctx.call(operation, await requestOn(ctx, operation, request, json));
}

/** The family's operation of `action` that sits beside `op` (the same path up to `/actions/…`), else its first. */
function sibling(op: ConfirmableAction, action: ConfirmableAction['action']): OperationId | undefined {
  const family = listConfirmableFamilies().find((f) => f.name === op.family);
  const candidates = (family?.actions ?? []).filter((a) => a.action === action);
  const base = (id: string) => operationInfo(id as OperationId).path.replace(/\/actions\/[^/]+$/, '');
  const same = candidates.find((a) => base(a.operationId) === base(op.operationId));
  return (same ?? candidates[0])?.operationId as OperationId | undefined;
}

function phoneOf(ctx: ScenarioContext, request: ProvisionedRequest): string {
  if (request.phone === undefined) ctx.skip('the request fixture has no phone whose SMS the suite can read');
  return request.phone;
}

/** Resends on the request and answers the code it sent (the newest SMS to its phone). */
async function resent(
  ctx: ScenarioContext,
  resendOp: OperationId,
  request: ProvisionedRequest,
): Promise<string> {
  const phone = phoneOf(ctx, request);
  const before = (await ctx.sms(phone)).length;
  const exchange = await call(ctx, resendOp, request);
  ctx.expect(exchange, { status: operationInfo(resendOp).successStatus });
  expectVerification(ctx, exchange, { status: 'NEW', active: true });
  return newestCode(ctx, phone, before + 1, `after one resend on ${request.family} ${request.id}`);
}

/** An approve that must succeed: the operation's success status and, where the answer shows one, the `to` status. */
function expectApproved(ctx: ScenarioContext, exchange: Exchange, approve: ConfirmableAction): void {
  ctx.expect(exchange, { status: operationInfo(approve.operationId as OperationId).successStatus });
  const status = dataOf(ctx, exchange).status;
  if (status !== undefined && approve.to !== undefined)
    ctx.check(
      status === approve.to,
      `${requestLine(exchange)}: data.status is ${JSON.stringify(status)}, expected ${approve.to}`,
    );
}

const codeBody = (code: string | number) => ({ verification_code: Number(code) });

function base(op: ConfirmableAction, target: OperationTarget, tag: Tag) {
  return {
    operation: op.operationId as OperationId,
    required: true,
    tags: [tag, 'verification:read'] as const satisfies readonly Tag[],
    contract: `${op.operationId} x-confirmable {family: ${op.family}, action: ${op.action}} (${target.label})`,
  };
}

function resendScenarios(op: ConfirmableAction, target: OperationTarget): Scenario[] {
  const operation = op.operationId as OperationId;
  const approveOp = sibling(op, 'approve');
  const newCode: Scenario[] =
    approveOp === undefined
      ? []
      : [
          {
            ...base(op, target, CONFIRMABLE_TAGS.resendNewCode),
            id: `${target.prefix}-200-NEW-CODE`,
            divergences: [...ISSUES_CODE],
            title: `${target.label} answers 200 with a NEW verification and one SMS; the code sent before stops approving, the new one approves.`,
            needs: ['sms', `fixture:requests.${op.family}.otp`],
            async run(ctx: ScenarioContext) {
              const request = await ctx.request(op.family, 'otp');
              const first = await resent(ctx, operation, request);
              const second = await resent(ctx, operation, request);
              const approve = confirmableOf(approveOp);
              if (approve === undefined) throw new Error(`${approveOp} has no x-confirmable`);
              if (first === second)
                ctx.note('the two codes are equal by chance; only the new one was checked');
              else
                ctx.expect(
                  await call(ctx, approveOp, request, codeBody(first)),
                  expectedError('approve_code_mismatch'),
                );
              // Under seeds/002 the refused code made the target send a new one: the newest approves.
              const [newest] = await ctx.sms(phoneOf(ctx, request));
              ctx.check(newest !== undefined, 'the outbox of the phone is empty');
              expectApproved(ctx, await call(ctx, approveOp, request, codeBody(newest.code)), approve);
            },
          },
        ];
  return [
    ...newCode,
    {
      ...base(op, target, CONFIRMABLE_TAGS.resend404),
      tags: [CONFIRMABLE_TAGS.resend404],
      id: `${target.prefix}-404-UNKNOWN`,
      title: `${target.label} on an id the target never issued answers 404 not_found without a message.`,
      // A path that names more than the request (authentication method requests: the person)
      // takes the rest from a seeded request, so only the request id is unknown.
      needs: pathParamsBesideId(operation).length > 0 ? [`fixture:requests.${op.family}.otp`] : [],
      async run(ctx: ScenarioContext) {
        const data =
          pathParamsBesideId(operation).length > 0 ? (await ctx.request(op.family, 'otp')).data : {};
        const exchange = await call(ctx, operation, { family: op.family, id: unknownUuid(), data });
        ctx.expect(exchange, { status: 404, type: 'not_found', noMessage: true });
      },
    },
  ];
}

/**
 * The code of another request, resent until it differs from `mine` (a 4-digit code repeats by
 * chance about once in 729 sends; a few more resends make a skip practically never happen).
 */
async function differentCode(
  ctx: ScenarioContext,
  resendOp: OperationId,
  other: ProvisionedRequest,
  mine: string,
): Promise<string> {
  let theirs = await resent(ctx, resendOp, other);
  for (let tries = 1; theirs === mine && tries < 4; tries += 1) theirs = await resent(ctx, resendOp, other);
  if (theirs === mine) ctx.skip('the two requests got the same code by chance, four times');
  return theirs;
}

/**
 * Approve with the code sent for another request on another phone: of the same family
 * (`-422-OTHER-REQUEST-CODE`) or of `other.family` (`-422-OTHER-FAMILY-CODE`).
 */
function foreignCode(
  op: ConfirmableAction,
  target: OperationTarget,
  resendOp: OperationId,
  other: { readonly family: string; readonly resend: OperationId },
): Scenario {
  const sameFamily = other.family === op.family;
  return {
    ...base(op, target, sameFamily ? CONFIRMABLE_TAGS.otherRequestCode : CONFIRMABLE_TAGS.otherFamilyCode),
    id: `${target.prefix}-422-OTHER-${sameFamily ? 'REQUEST' : 'FAMILY'}-CODE`,
    divergences: [...ISSUES_CODE],
    title: `${target.label} with the code sent for ${sameFamily ? 'another' : 'a'} ${other.family} (another phone) answers 422 Invalid verification code.`,
    needs: [
      'sms',
      `fixture:requests.${op.family}.otp`,
      ...(sameFamily ? [] : ([`fixture:requests.${other.family}.otp`] as const)),
    ],
    async run(ctx: ScenarioContext) {
      const request = await ctx.request(op.family, 'otp');
      const mine = await resent(ctx, resendOp, request);
      const theirs = await differentCode(ctx, other.resend, await ctx.request(other.family, 'otp'), mine);
      ctx.expect(
        await call(ctx, op.operationId as OperationId, request, codeBody(theirs)),
        expectedError('approve_code_mismatch'),
      );
    },
  };
}

function approveScenarios(op: ConfirmableAction, target: OperationTarget): Scenario[] {
  const operation = op.operationId as OperationId;
  const resendOp = sibling(op, 'resend');
  if (resendOp === undefined) return [];
  const needs = ['sms', `fixture:requests.${op.family}.otp`] as const;
  const divergences = [...ISSUES_CODE];
  // The code of a request of another family, on another phone: the first other family with a resend.
  const other = listConfirmableFamilies().find(
    (f) => f.name !== op.family && f.actions.some((a) => a.action === 'resend'),
  );
  const otherResend = other?.actions.find((a) => a.action === 'resend')?.operationId as
    | OperationId
    | undefined;
  const scenarios: Scenario[] = [
    {
      ...base(op, target, CONFIRMABLE_TAGS.approveCode),
      id: `${target.prefix}-RIGHT-CODE`,
      divergences,
      title: `${target.label} with the code of the request's SMS approves it (${op.to ?? 'the next status'}).`,
      needs,
      async run(ctx: ScenarioContext) {
        const request = await ctx.request(op.family, 'otp');
        const code = await resent(ctx, resendOp, request);
        expectApproved(ctx, await call(ctx, operation, request, codeBody(code)), op);
      },
    },
    {
      ...base(op, target, CONFIRMABLE_TAGS.approveWrongCode),
      id: `${target.prefix}-422-WRONG-CODE`,
      divergences,
      title: `${target.label} with a wrong code answers 422 forbidden "Invalid verification code".`,
      needs,
      async run(ctx: ScenarioContext) {
        const request = await ctx.request(op.family, 'otp');
        const code = await resent(ctx, resendOp, request);
        const exchange = await call(ctx, operation, request, codeBody(wrongCodeFor(code)));
        ctx.expect(exchange, expectedError('approve_code_mismatch'));
      },
    },
    {
      ...base(op, target, CONFIRMABLE_TAGS.approveTwice),
      id: `${target.prefix}-TWICE`,
      divergences,
      title: `${target.label} a second time with the same code answers 409 request_conflict: a request is approved once.`,
      needs,
      async run(ctx: ScenarioContext) {
        const request = await ctx.request(op.family, 'otp');
        const code = await resent(ctx, resendOp, request);
        expectApproved(ctx, await call(ctx, operation, request, codeBody(code)), op);
        const again = await call(ctx, operation, request, codeBody(code));
        ctx.expect(again, { status: 409, type: 'request_conflict' });
      },
    },
    foreignCode(op, target, resendOp, { family: op.family, resend: resendOp }),
  ];
  if (other !== undefined && otherResend !== undefined)
    scenarios.push(foreignCode(op, target, resendOp, { family: other.name, resend: otherResend }));
  return scenarios;
}

/** The generated confirmable scenarios of one operation (none when it is in no family, or its family is excepted). */
export function confirmableScenarios(operation: OperationId, target: OperationTarget): Scenario[] {
  const op = confirmableOf(operation);
  if (op === undefined || FAMILIES_NOT_GENERATED[op.family] !== undefined) return [];
  if (op.action === 'resend') return resendScenarios(op, target);
  if (op.action === 'approve') return approveScenarios(op, target);
  return [];
}

/** The family of a scenario's operation, for the per-family broken deployments and reports. */
export function familyOfScenario(scenario: Scenario): string | undefined {
  return confirmableOf(scenario.operation)?.family;
}
