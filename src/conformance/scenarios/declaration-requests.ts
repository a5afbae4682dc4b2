import type { Alternative, Scenario } from '../scenario.js';
import { castScenario, type FamilyRuleSpec, familyRuleScenarios, ruleTargets } from './confirmable-rules.js';
import type { OperationTarget } from './target.js';

/*
 * Declaration requests (openapi/ehealth-otp.yaml, tag "Declaration requests"; research
 * docs/research/declaration-requests.md). The generated families (confirmable.ts: resend's new
 * code and 404, approve's code, twice, other request's and family's code; families.ts: 401/403,
 * body) come from the spec; the shared rules (confirmable-rules.ts) are this family's own too:
 * resend's conflicts and their order (findings §2.2 E2-E4, where the open-source twin's answers
 * are the switchable DIV-RESEND-CONFLICT-422 / DIV-RESEND-CHECK-ORDER), approve without a code
 * for NA and OFFLINE (EH approve.ex:43), the status machine's 409, the required code; the
 * deprecated v1 approve gets the cast rule.
 */

type DeclarationOperation =
  | 'approveDeclarationRequest'
  | 'resendDeclarationRequestOtp'
  | 'approveDeclarationRequestV1'
  | 'resendDeclarationRequestOtpV1';

const v3 = ruleTargets(
  {},
  { operation: 'approveDeclarationRequest', prefix: 'DR-APPROVE', label: 'Approve declaration request' },
  { operation: 'resendDeclarationRequestOtp', prefix: 'DR-RESEND', label: 'Resend on a declaration request' },
);
const v1 = ruleTargets(
  {},
  {
    operation: 'approveDeclarationRequestV1',
    prefix: 'DR-APPROVE-V1',
    label: 'Approve declaration request v1',
  },
  {
    operation: 'resendDeclarationRequestOtpV1',
    prefix: 'DR-RESEND-V1',
    label: 'Resend on a declaration request v1',
  },
);

export const declarationRequestTargets: { readonly [Op in DeclarationOperation]: OperationTarget } = {
  approveDeclarationRequest: v3.approve,
  resendDeclarationRequestOtp: v3.resend,
  approveDeclarationRequestV1: v1.approve,
  resendDeclarationRequestOtpV1: v1.resend,
};

/** The twin's approve answers 200 (DIV-DR-APPROVE-201). */
const APPROVE_200: Alternative = { divergence: 'DIV-DR-APPROVE-201', expect: { status: 200 } };

const SPEC: FamilyRuleSpec = {
  family: 'declaration_request',
  noun: 'Declaration request',
  approve: { operation: 'approveDeclarationRequest', target: v3.approve },
  resend: { operation: 'resendDeclarationRequestOtp', target: v3.resend },
  contract: 'approveDeclarationRequest / resendDeclarationRequestOtp descriptions (AP:4088-4153, 4335-4357)',
  // The twin's 422 for the two conflicts (EH resend_otp.ex:20-30) and its status-first order (12-18).
  resendConflict: 'DIV-RESEND-CONFLICT-422',
  resendCheckOrder: 'DIV-RESEND-CHECK-ORDER',
  alternatives: {
    approveNa: [APPROVE_200],
    approveOffline: [
      APPROVE_200,
      {
        divergence: 'DIV-DR-OFFLINE-DOCUMENTS',
        expect: { status: 409, type: 'request_conflict', message: /^Documents .* is not uploaded$/ },
      },
    ],
    approveStatus: [
      {
        divergence: 'DIV-DR-TRANSITION-MESSAGE',
        expect: { status: 409, type: 'request_conflict', message: 'Invalid transition' },
      },
    ],
  },
  sources: {
    approveNa:
      '"In case if authentication_method is OFFLINE or N/A, request body should be empty" (AP:4107); EH approve.ex:43',
    approveOffline: 'AP:4107; the documents are not modelled, DIV-DR-OFFLINE-DOCUMENTS',
    approveStatus: "the twin's transitions, EH declaration_requests.ex:191-205",
    codeRequired: '"required if authentication_method is OTP", AP:4122',
  },
};

const rules = familyRuleScenarios(SPEC);

/** Each declaration operation's own scenarios, keyed as scenarios/index.ts needs. */
export const declarationRequestScenarios: { readonly [Op in DeclarationOperation]: readonly Scenario[] } = {
  approveDeclarationRequest: rules.approve,
  resendDeclarationRequestOtp: rules.resend,
  approveDeclarationRequestV1: [castScenario(SPEC, 'approveDeclarationRequestV1', v1.approve)],
  resendDeclarationRequestOtpV1: [],
};
