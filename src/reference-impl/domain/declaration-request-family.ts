import { type FamilyRules, genericErrors, recordAccess, recordFields } from './confirmable.js';
import type { ConfirmableRecord } from './models.js';
import type { Store } from './store.js';

/*
 * Declaration requests v3 and the deprecated v1 (AP:4088-4153, 4335-4357; UA:8697-8797), as a
 * confirmable family: a generic record seeded through the control API (employee, division and
 * legal entity lie outside the OTP concern), the spec's status machine (x-confirmable: approve
 * NEW → APPROVED, resend from NEW), the generic errors named "Declaration request", and one rule
 * of its own: a method without a code (NA, OFFLINE) approves as is (EH approve.ex:43; the
 * documents of OFFLINE are not modelled, DIV-DR-OFFLINE-DOCUMENTS). Research:
 * docs/research/declaration-requests.md.
 */
export function declarationRequestFamily(store: Store): FamilyRules<ConfirmableRecord> {
  return {
    family: 'declaration_request',
    access: recordAccess(store, 'declaration_request'),
    ...recordFields,
    errors: genericErrors('Declaration request'),
    approveWithoutCode: () => undefined,
    // The twin of DIV-RESEND-CONFLICT-422 / DIV-RESEND-CHECK-ORDER is this family's (EH resend_otp.ex:12-30).
    twinResend: { conflict422: true, statusFirst: true },
  };
}
