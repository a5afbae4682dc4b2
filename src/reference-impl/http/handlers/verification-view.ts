import type { components } from '../../../generated/ehealth-otp.js';
import type { VerificationView } from '../../domain/models.js';
import type { Settings } from '../../settings.js';
import { isoMicros } from '../envelope.js';

/** The wire form of a verification: `{ id, status, code_expired_at, active }`, never the code. */
export function toVerification(
  view: VerificationView,
  statusCase: Settings['statusCase'] = 'upper',
): components['schemas']['Verification'] {
  return {
    id: view.id,
    // DIV-STATUS-LOWERCASE: the running service writes `new`, `verified` (reference §3.1); the
    // cast is the one place the wire leaves the spec's enum, and only under that setting.
    status: (statusCase === 'lower' ? view.status.toLowerCase() : view.status) as VerificationView['status'],
    code_expired_at: isoMicros(view.codeExpiredAt),
    active: view.active,
  };
}
