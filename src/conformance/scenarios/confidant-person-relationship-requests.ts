import type { OperationId, Scenario, ScenarioContext } from '../scenario.js';
import { unknownUuid } from './api.js';
import { type FamilyRuleSpec, familyRuleScenarios, requestOn, ruleTargets } from './confirmable-rules.js';

/*
 * Confidant person relationship requests (openapi/ehealth-otp.yaml, tag "Confidant person
 * relationship requests"; research docs/research/confidant-person-relationship-requests.md). The
 * generated families (confirmable.ts; families.ts: 401/403, body) come from the spec; the shared
 * rules (confirmable-rules.ts) and this family's own: the request exists only under its person
 * (DIV-CPRR-PERSON-MISMATCH).
 */

type ConfidantOperation =
  | 'approveConfidantPersonRelationshipRequest'
  | 'resendConfidantPersonRelationshipRequestOtp';

const APPROVE = 'approveConfidantPersonRelationshipRequest';
const RESEND = 'resendConfidantPersonRelationshipRequestOtp';
const otherParams = () => ({ person_id: unknownUuid() });

const targets = ruleTargets(
  { otherParams },
  { operation: APPROVE, prefix: 'CPRR-APPROVE', label: 'Approve confidant person relationship request' },
  { operation: RESEND, prefix: 'CPRR-RESEND', label: 'Resend on a confidant person relationship request' },
);

export const confidantPersonRelationshipRequestTargets: {
  readonly [Op in ConfidantOperation]: (typeof targets)['approve'];
} = { [APPROVE]: targets.approve, [RESEND]: targets.resend };

const SPEC: FamilyRuleSpec = {
  family: 'confidant_person_relationship_request',
  noun: 'Confidant person relationship request',
  approve: { operation: APPROVE, target: targets.approve },
  resend: { operation: RESEND, target: targets.resend },
  contract:
    'approveConfidantPersonRelationshipRequest / resendConfidantPersonRelationshipRequestOtp descriptions (UA:2485-2630)',
  resendConflict: 'DIV-CPRR-RESEND-CONFLICT',
  otherParams,
};

/** The operation on a seeded OTP request, but under another person than its own: 404 (or the list's 403). */
function otherPerson(operation: OperationId, id: string, title: string, json?: unknown): Scenario {
  const resend = operation === RESEND;
  return {
    id,
    title,
    operation,
    contract: `${SPEC.contract}: the request is not found under another person (DIV-CPRR-PERSON-MISMATCH)`,
    needs: [
      ...(resend ? (['sms'] as const) : []),
      'fixture:requests.confidant_person_relationship_request.otp',
    ],
    required: true,
    divergences: ['DIV-CPRR-PERSON-MISMATCH'],
    async run(ctx: ScenarioContext) {
      const request = await ctx.request(SPEC.family, 'otp');
      const before = resend && request.phone !== undefined ? (await ctx.sms(request.phone)).length : 0;
      const elsewhere = { id: request.id, data: { ...request.data, person_id: unknownUuid() } };
      const exchange = await ctx.call(operation, await requestOn(ctx, operation, elsewhere, json));
      ctx.expect(exchange, { status: 404, type: 'not_found', noMessage: true }, [
        {
          divergence: 'DIV-CPRR-PERSON-MISMATCH',
          expect: { status: 403, type: 'forbidden', message: 'Such person not found' },
        },
      ]);
      if (resend && request.phone !== undefined) {
        const sent = (await ctx.sms(request.phone)).length - before;
        ctx.check(sent === 0, `a refused resend sent ${sent} SMS to the request's phone, expected none`);
      }
    },
  };
}

const rules = familyRuleScenarios(SPEC);

export const confidantPersonRelationshipRequestScenarios: {
  readonly [Op in ConfidantOperation]: readonly Scenario[];
} = {
  [APPROVE]: [
    ...rules.approve,
    otherPerson(
      APPROVE,
      'CPRR-APPROVE-404-OTHER-PERSON',
      "Approve of a confidant person relationship request under another person's id answers 404 not_found.",
      { verification_code: 1234 },
    ),
  ],
  [RESEND]: [
    ...rules.resend,
    otherPerson(
      RESEND,
      'CPRR-RESEND-404-OTHER-PERSON',
      "Resend on a confidant person relationship request under another person's id answers 404 not_found and sends nothing.",
    ),
  ],
};
