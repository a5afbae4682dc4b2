/**
 * Scenario ids that several defects fail together, because they fail at the same step of the
 * scenarios (each list sorted, as `Defect.expectedFailures` must be).
 */

function sorted(ids: readonly string[]): readonly string[] {
  return [...ids].sort();
}

/** The scenarios that initialize and then read the code from the outbox (issueCode). */
export const READS_SENT_CODE: readonly string[] = [
  'COMPLETE-200',
  'COMPLETE-403-EXPIRED',
  'COMPLETE-403-INACTIVE',
  'COMPLETE-403-WRONG-CODE',
  'COMPLETE-429-SMS-CAP',
  'COMPLETE-CONCURRENT-ONCE',
  'INIT-429-SMS-CAP',
  'INIT-REINIT-CANCELS',
  'INIT-SMS-SENT',
  'LIFECYCLE-VERIFY-PHONE',
  'RESEND-429-SMS-CAP',
  'RESEND-SMS-REPLACES-CODE',
  'VERIFIED-PHONE-200',
];

/** The scenarios that see a successful initialize answer: those that read the code, and two more. */
export const SEES_INITIALIZE_ANSWER: readonly string[] = sorted([
  ...READS_SENT_CODE,
  'INIT-200',
  'INIT-CODE-LIFETIME',
]);

/** The scenarios that complete a code successfully and check the answer. */
export const COMPLETES_SUCCESSFULLY: readonly string[] = [
  'COMPLETE-200',
  'COMPLETE-403-INACTIVE',
  'COMPLETE-403-WRONG-CODE',
  'COMPLETE-CONCURRENT-ONCE',
  'INIT-REINIT-CANCELS',
  'LIFECYCLE-VERIFY-PHONE',
  'RESEND-SMS-REPLACES-CODE',
  'VERIFIED-PHONE-200',
];
