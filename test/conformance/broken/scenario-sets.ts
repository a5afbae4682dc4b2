/**
 * Scenario ids that several defects fail together, because they fail at the same step of the
 * scenarios (each list sorted, as `Defect.expectedFailures` must be).
 */

function sorted(ids: readonly string[]): readonly string[] {
  return [...ids].sort();
}

/**
 * The person-request scenarios that verify a phone through the API first (initialize, read the
 * SMS, complete: flows.ts verifyPhone), so every defect of those steps fails them too.
 */
export const VERIFIES_PHONE: readonly string[] = sorted([
  // Authentication method requests that first make a person by the person-request flow (signedOtpPerson).
  'AMR-APPROVE-PHONE-CHANGE',
  'AMR-CREATE-201-CURRENT-PHONE',
  'AMR-CREATE-422-RULE',
  'AMR-CREATE-422-UNVERIFIED',
  'AMR-CREATE-CANCELS-PENDING',
  'AMR-RESEND-409-STATUS',
  'PR-APPROVE-201',
  'PR-APPROVE-409-CHECK-ORDER',
  'PR-APPROVE-422-CODE-REQUIRED',
  'PR-APPROVE-422-CODE-STRING',
  'PR-APPROVE-422-EXPIRED',
  'PR-APPROVE-422-WRONG-CODE',
  'PR-APPROVE-CONCURRENT-ONCE',
  'PR-APPROVE-CREATE-REPLACES-CODE',
  'PR-APPROVE-RESEND-CODE',
  'PR-APPROVE-V2-201',
  'PR-CREATE-201',
  'PR-CREATE-429-SMS-CAP',
  'PR-CREATE-OFFLINE-NO-SMS',
  'PR-CREATE-SMS-SENT',
  'PR-CREATE-THIRD-PERSON-SMS',
  'PR-CREATE-V2-201',
  'PR-FLOW-OTP',
  'PR-GET-200',
  'PR-GET-V2-200',
]);

/** The scenarios that initialize and then read the code from the outbox (issueCode). */
export const READS_SENT_CODE: readonly string[] = sorted([
  ...VERIFIES_PHONE,
  'COMPLETE-200',
  'COMPLETE-200-LOCATION',
  'COMPLETE-403-EXPIRED',
  'COMPLETE-403-INACTIVE',
  'COMPLETE-403-WRONG-CODE',
  'COMPLETE-429-SMS-CAP',
  'COMPLETE-CONCURRENT-ONCE',
  'INIT-200-PROVIDER',
  'INIT-429-SMS-CAP',
  'INIT-REINIT-CANCELS',
  'INIT-SMS-SENT',
  'LIFECYCLE-VERIFY-PHONE',
  'RESEND-429-SMS-CAP',
  'RESEND-SMS-REPLACES-CODE',
  'VERIFIED-PHONE-200',
]);

/** The scenarios that see a successful initialize answer: those that read the code, and two more. */
export const SEES_INITIALIZE_ANSWER: readonly string[] = sorted([
  ...READS_SENT_CODE,
  'INIT-200',
  'INIT-CODE-LIFETIME',
]);

/** The scenarios that complete a code successfully and check the answer. */
export const COMPLETES_SUCCESSFULLY: readonly string[] = sorted([
  ...VERIFIES_PHONE,
  'COMPLETE-200',
  'COMPLETE-200-LOCATION',
  'COMPLETE-403-INACTIVE',
  'COMPLETE-403-WRONG-CODE',
  'COMPLETE-CONCURRENT-ONCE',
  'INIT-REINIT-CANCELS',
  'LIFECYCLE-VERIFY-PHONE',
  'RESEND-SMS-REPLACES-CODE',
  'VERIFIED-PHONE-200',
]);
