import type { components } from '../../../generated/ehealth-otp.js';
import type { VerificationView } from '../../domain/models.js';
import { isoMicros } from '../envelope.js';

/** The wire form of a verification: `{ id, status, code_expired_at, active }`, never the code. */
export function toVerification(view: VerificationView): components['schemas']['Verification'] {
  return {
    id: view.id,
    status: view.status,
    code_expired_at: isoMicros(view.codeExpiredAt),
    active: view.active,
  };
}
