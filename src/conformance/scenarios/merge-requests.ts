import { isObject } from '../json.js';
import type { Scenario, ScenarioContext } from '../scenario.js';
import { callOn, type FamilyRuleSpec, familyRuleScenarios, ruleTargets } from './confirmable-rules.js';
import { dataOf } from './flows.js';

/*
 * Merge requests (openapi/ehealth-otp.yaml, tag "Merge requests"; research
 * docs/research/merge-requests.md). The generated families (confirmable.ts; families.ts) come
 * from the spec; the shared rules (confirmable-rules.ts) and this family's own: an approve answers
 * `data_to_be_signed`, what the master person signs (UA:3895-3897, 3927-3928).
 */

type MergeOperation = 'approveMergeRequest' | 'resendMergeRequestOtp';

const APPROVE = 'approveMergeRequest';
const RESEND = 'resendMergeRequestOtp';

const targets = ruleTargets(
  {},
  { operation: APPROVE, prefix: 'MR-APPROVE', label: 'Approve merge request' },
  { operation: RESEND, prefix: 'MR-RESEND', label: 'Resend on a merge request' },
);

export const mergeRequestTargets: { readonly [Op in MergeOperation]: (typeof targets)['approve'] } = {
  [APPROVE]: targets.approve,
  [RESEND]: targets.resend,
};

const SPEC: FamilyRuleSpec = {
  family: 'merge_request',
  noun: 'Merge request',
  approve: { operation: APPROVE, target: targets.approve },
  resend: { operation: RESEND, target: targets.resend },
  contract: 'approveMergeRequest / resendMergeRequestOtp descriptions (UA:3873-3898, 3955-3973)',
  resendConflict: 'DIV-MR-RESEND-CONFLICT',
};

const signData: Scenario = {
  id: 'MR-APPROVE-SIGN-DATA',
  title:
    'Approve of an OFFLINE merge request answers data_to_be_signed: the same id, APPROVED, patient_signed false, both persons and the printout.',
  operation: APPROVE,
  contract: `${SPEC.contract}: "Also return a printout form" (UA:3874); data_to_be_signed required (UA:3897; DIV-MR-SIGN-DATA)`,
  needs: ['fixture:requests.merge_request.offline'],
  required: true,
  async run(ctx: ScenarioContext) {
    const { request, exchange } = await callOn(ctx, SPEC, APPROVE, 'offline');
    ctx.expect(exchange, { status: 200 });
    const data = dataOf(ctx, exchange);
    const signed = data.data_to_be_signed;
    ctx.check(isObject(signed), `data.data_to_be_signed is ${JSON.stringify(signed)}, expected an object`);
    if (!isObject(signed)) return;
    const idOf = (v: unknown) => (isObject(v) ? v.id : undefined);
    ctx.check(
      signed.id === request.id,
      `data_to_be_signed.id is ${JSON.stringify(signed.id)}, expected ${request.id}`,
    );
    ctx.check(signed.status === 'APPROVED', `data_to_be_signed.status is ${JSON.stringify(signed.status)}`);
    ctx.check(
      signed.patient_signed === false,
      'data_to_be_signed.patient_signed is not false before the person signs',
    );
    ctx.check(
      idOf(signed.master_person) === data.master_person_id &&
        idOf(signed.merge_person) === data.merge_person_id,
      'data_to_be_signed names other persons than master_person_id / merge_person_id',
    );
    ctx.check(
      typeof signed.content === 'string' && signed.content !== '',
      'data_to_be_signed.content is empty',
    );
    ctx.expectValid(exchange);
  },
};

const rules = familyRuleScenarios(SPEC);

export const mergeRequestScenarios: { readonly [Op in MergeOperation]: readonly Scenario[] } = {
  [APPROVE]: [...rules.approve, signData],
  [RESEND]: rules.resend,
};
