import { completeVerification } from './complete-verification.js';
import { getVerifiedPhone } from './get-verified-phone.js';
import type { HandlerTable } from './handler.js';
import { initializeVerification } from './initialize-verification.js';
import { resendPersonRequestOtp } from './resend-person-request-otp.js';

export const handlers: HandlerTable = {
  resendPersonRequestOtp,
  initializeVerification,
  completeVerification,
  getVerifiedPhone,
};
