import { type OperationId, suiteOperations } from '../operations.js';
import type { Scenario } from '../scenario.js';
import { authMethodRequestScenarios, authMethodRequestTargets } from './authentication-method-requests.js';
import { completeVerificationScenarios, completeVerificationTarget } from './complete-verification.js';
import {
  confidantPersonRelationshipRequestScenarios,
  confidantPersonRelationshipRequestTargets,
} from './confidant-person-relationship-requests.js';
import { confirmableScenarios } from './confirmable.js';
import { declarationRequestScenarios, declarationRequestTargets } from './declaration-requests.js';
import { envelopeScenarios } from './envelope.js';
import { familyScenarios } from './families.js';
import { getVerifiedPhoneScenarios, getVerifiedPhoneTarget } from './get-verified-phone.js';
import { initializeVerificationScenarios, initializeVerificationTarget } from './initialize-verification.js';
import { lifecycleScenarios } from './lifecycle.js';
import { mergeRequestScenarios, mergeRequestTargets } from './merge-requests.js';
import { personRequestFlowScenarios } from './person-request-suite.js';
import { personRequestScenarios, personRequestTargets } from './person-requests.js';
import {
  resendPersonRequestOtpScenarios,
  resendPersonRequestOtpTarget,
} from './resend-person-request-otp.js';
import { smsCapScenarios } from './sms-cap.js';
import type { OperationTarget } from './target.js';

/**
 * Per operation of the spec: its own scenarios and what the generated families send it. Keyed by
 * OperationId (the generated types), so a new operation in the spec does not compile until it has
 * both; its 401/403/400/413/415 scenarios are then generated (families.ts).
 */
const OPERATIONS: { readonly [Op in OperationId]: { own: readonly Scenario[]; target: OperationTarget } } = {
  resendPersonRequestOtp: { own: resendPersonRequestOtpScenarios, target: resendPersonRequestOtpTarget },
  initializeVerification: { own: initializeVerificationScenarios, target: initializeVerificationTarget },
  completeVerification: { own: completeVerificationScenarios, target: completeVerificationTarget },
  getVerifiedPhone: { own: getVerifiedPhoneScenarios, target: getVerifiedPhoneTarget },
  createPersonRequest: {
    own: personRequestScenarios.createPersonRequest,
    target: personRequestTargets.createPersonRequest,
  },
  createPersonRequestV2: {
    own: personRequestScenarios.createPersonRequestV2,
    target: personRequestTargets.createPersonRequestV2,
  },
  listPersonRequests: {
    own: personRequestScenarios.listPersonRequests,
    target: personRequestTargets.listPersonRequests,
  },
  getPersonRequest: {
    own: personRequestScenarios.getPersonRequest,
    target: personRequestTargets.getPersonRequest,
  },
  getPersonRequestV2: {
    own: personRequestScenarios.getPersonRequestV2,
    target: personRequestTargets.getPersonRequestV2,
  },
  approvePersonRequest: {
    own: personRequestScenarios.approvePersonRequest,
    target: personRequestTargets.approvePersonRequest,
  },
  approvePersonRequestV2: {
    own: personRequestScenarios.approvePersonRequestV2,
    target: personRequestTargets.approvePersonRequestV2,
  },
  signPersonRequest: {
    own: personRequestScenarios.signPersonRequest,
    target: personRequestTargets.signPersonRequest,
  },
  signPersonRequestV2: {
    own: personRequestScenarios.signPersonRequestV2,
    target: personRequestTargets.signPersonRequestV2,
  },
  rejectPersonRequest: {
    own: personRequestScenarios.rejectPersonRequest,
    target: personRequestTargets.rejectPersonRequest,
  },
  rejectPersonRequestV2: {
    own: personRequestScenarios.rejectPersonRequestV2,
    target: personRequestTargets.rejectPersonRequestV2,
  },
  approveDeclarationRequest: {
    own: declarationRequestScenarios.approveDeclarationRequest,
    target: declarationRequestTargets.approveDeclarationRequest,
  },
  resendDeclarationRequestOtp: {
    own: declarationRequestScenarios.resendDeclarationRequestOtp,
    target: declarationRequestTargets.resendDeclarationRequestOtp,
  },
  approveDeclarationRequestV1: {
    own: declarationRequestScenarios.approveDeclarationRequestV1,
    target: declarationRequestTargets.approveDeclarationRequestV1,
  },
  resendDeclarationRequestOtpV1: {
    own: declarationRequestScenarios.resendDeclarationRequestOtpV1,
    target: declarationRequestTargets.resendDeclarationRequestOtpV1,
  },
  createAuthenticationMethodRequest: {
    own: authMethodRequestScenarios.createAuthenticationMethodRequest,
    target: authMethodRequestTargets.createAuthenticationMethodRequest,
  },
  approveAuthenticationMethodRequest: {
    own: authMethodRequestScenarios.approveAuthenticationMethodRequest,
    target: authMethodRequestTargets.approveAuthenticationMethodRequest,
  },
  resendAuthenticationMethodRequestOtp: {
    own: authMethodRequestScenarios.resendAuthenticationMethodRequestOtp,
    target: authMethodRequestTargets.resendAuthenticationMethodRequestOtp,
  },
  approveConfidantPersonRelationshipRequest: {
    own: confidantPersonRelationshipRequestScenarios.approveConfidantPersonRelationshipRequest,
    target: confidantPersonRelationshipRequestTargets.approveConfidantPersonRelationshipRequest,
  },
  resendConfidantPersonRelationshipRequestOtp: {
    own: confidantPersonRelationshipRequestScenarios.resendConfidantPersonRelationshipRequestOtp,
    target: confidantPersonRelationshipRequestTargets.resendConfidantPersonRelationshipRequestOtp,
  },
  approveMergeRequest: {
    own: mergeRequestScenarios.approveMergeRequest,
    target: mergeRequestTargets.approveMergeRequest,
  },
  resendMergeRequestOtp: {
    own: mergeRequestScenarios.resendMergeRequestOtp,
    target: mergeRequestTargets.resendMergeRequestOtp,
  },
};

/** Every scenario, in report order: per operation in the spec's order, then the cross-operation ones. */
export const allScenarios: readonly Scenario[] = [
  ...suiteOperations().flatMap((op) => {
    const entry: (typeof OPERATIONS)[OperationId] | undefined = OPERATIONS[op.operationId];
    // Only when src/generated is stale (`npm run generate -- --check` says so too).
    if (entry === undefined) throw new Error(`${op.operationId} is in the spec but not in src/generated`);
    const { own, target } = entry;
    return [...own, ...familyScenarios(op, target), ...confirmableScenarios(op.operationId, target)];
  }),
  ...lifecycleScenarios,
  ...smsCapScenarios,
  ...personRequestFlowScenarios,
  ...envelopeScenarios,
];
