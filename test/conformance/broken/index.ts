import { bodyDefects } from './body.js';
import { codeLeakDefects } from './code-leaks.js';
import { completeDefects } from './complete-verification.js';
import { confirmableDefects, generatedFamilies } from './confirmable.js';
import type { Defect } from './defect.js';
import { envelopeDefects } from './envelope.js';
import { gatewayDefects } from './gateway.js';
import { otpCodeDefects } from './otp-codes.js';
import { personRequestDefects } from './person-requests.js';
import { resendDefects } from './resend.js';
import { smsCapDefects } from './sms-cap.js';
import { verifiedPhoneDefects } from './verified-phone.js';

/** Every deliberately broken deployment, by family; docs/testing-the-tester.md lists them. */
export const defects: readonly Defect[] = [
  ...gatewayDefects,
  ...envelopeDefects,
  ...bodyDefects,
  ...otpCodeDefects,
  ...codeLeakDefects,
  ...completeDefects,
  ...resendDefects,
  ...smsCapDefects,
  ...verifiedPhoneDefects,
  ...personRequestDefects,
  // The four templates of every confirmable family the spec has (issue 15), by family.
  ...generatedFamilies().flatMap((family) => confirmableDefects(family)),
];
