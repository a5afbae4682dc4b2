import type { Scenario } from '../scenario.js';
import { completeVerificationScenarios } from './complete-verification.js';
import { envelopeScenarios } from './envelope.js';
import { getVerifiedPhoneScenarios } from './get-verified-phone.js';
import { initializeVerificationScenarios } from './initialize-verification.js';
import { lifecycleScenarios } from './lifecycle.js';
import { resendPersonRequestOtpScenarios } from './resend-person-request-otp.js';
import { smsCapScenarios } from './sms-cap.js';

/** Every scenario, in report order. Ids are unique and stable (a test holds them to it). */
export const allScenarios: readonly Scenario[] = [
  ...resendPersonRequestOtpScenarios,
  ...initializeVerificationScenarios,
  ...completeVerificationScenarios,
  ...getVerifiedPhoneScenarios,
  ...lifecycleScenarios,
  ...smsCapScenarios,
  ...envelopeScenarios,
];
