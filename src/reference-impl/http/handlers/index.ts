import { approvePersonRequest, approvePersonRequestV2 } from './approve-person-request.js';
import {
  approveAuthenticationMethodRequest,
  createAuthenticationMethodRequest,
  resendAuthenticationMethodRequestOtp,
} from './authentication-method-requests.js';
import { completeVerification } from './complete-verification.js';
import {
  approveConfidantPersonRelationshipRequest,
  resendConfidantPersonRelationshipRequestOtp,
} from './confidant-person-relationship-requests.js';
import { createPersonRequest, createPersonRequestV2 } from './create-person-request.js';
import {
  approveDeclarationRequest,
  approveDeclarationRequestV1,
  resendDeclarationRequestOtp,
  resendDeclarationRequestOtpV1,
} from './declaration-requests.js';
import { getPersonRequest, getPersonRequestV2 } from './get-person-request.js';
import { getVerifiedPhone } from './get-verified-phone.js';
import type { HandlerTable } from './handler.js';
import { initializeVerification } from './initialize-verification.js';
import { listPersonRequests } from './list-person-requests.js';
import { approveMergeRequest, resendMergeRequestOtp } from './merge-requests.js';
import { rejectPersonRequest, rejectPersonRequestV2 } from './reject-person-request.js';
import { resendPersonRequestOtp } from './resend-person-request-otp.js';
import { signPersonRequest, signPersonRequestV2 } from './sign-person-request.js';

export const handlers: HandlerTable = {
  resendPersonRequestOtp,
  createPersonRequest,
  createPersonRequestV2,
  listPersonRequests,
  getPersonRequest,
  getPersonRequestV2,
  approvePersonRequest,
  approvePersonRequestV2,
  signPersonRequest,
  signPersonRequestV2,
  rejectPersonRequest,
  rejectPersonRequestV2,
  initializeVerification,
  completeVerification,
  getVerifiedPhone,
  approveDeclarationRequest,
  resendDeclarationRequestOtp,
  approveDeclarationRequestV1,
  resendDeclarationRequestOtpV1,
  createAuthenticationMethodRequest,
  approveAuthenticationMethodRequest,
  resendAuthenticationMethodRequestOtp,
  approveConfidantPersonRelationshipRequest,
  resendConfidantPersonRelationshipRequestOtp,
  approveMergeRequest,
  resendMergeRequestOtp,
};
