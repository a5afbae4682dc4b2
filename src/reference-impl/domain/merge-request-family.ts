import { type FamilyRules, genericErrors, recordAccess, recordFields, type SeedData } from './confirmable.js';
import type { ConfirmableRecord } from './models.js';
import type { Store } from './store.js';

/*
 * Merge requests, the merge of a preperson into a person (UA:3847-4029 of the development
 * blueprint; research docs/research/merge-requests.md), as a confirmable family: a generic record
 * seeded through the control API (the preperson and the master person live in MPI, outside the OTP
 * concern), the spec's status machine (x-confirmable: approve NEW → APPROVED, resend from NEW),
 * the generic errors named after the family, and its own rules:
 * - OFFLINE (and NA) approve without a code, "Payload with verification code doesn't needed if
 *   person's athentification method is OFFLINE" (UA:3874);
 * - the answer carries both persons' MPI ids, seeded or defaulted (UA:15061-15062).
 */

export const MERGE_FAMILY = 'merge_request';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const PERSON_FIELDS = ['master_person_id', 'merge_person_id'] as const;

/** A seed's fields: the master person's and the preperson's MPI ids (defaults: fresh UUIDs), nothing else. */
export function seedMergeData(given: ConfirmableRecord['data'], uuid: () => string): SeedData {
  const other = Object.keys(given).find((k) => !(PERSON_FIELDS as readonly string[]).includes(k));
  if (other !== undefined)
    return {
      refused: `$.data.${other} is not a field of a merge request (master_person_id, merge_person_id)`,
    };
  const data: Record<string, string> = {};
  for (const field of PERSON_FIELDS) {
    const value = given[field] ?? uuid();
    if (typeof value !== 'string' || !UUID.test(value))
      return { refused: `$.data.${field} must be a UUID (an MPI person id)` };
    data[field] = value;
  }
  return { data };
}

/** The seeded MPI id of `field` (seedMergeData made it a UUID string). */
export function personIdOf(record: ConfirmableRecord, field: (typeof PERSON_FIELDS)[number]): string {
  const value = record.data[field];
  if (typeof value !== 'string') throw new Error(`merge request ${record.id} has no ${field}`);
  return value;
}

export function mergeRequestFamily(store: Store): FamilyRules<ConfirmableRecord> {
  return {
    family: MERGE_FAMILY,
    access: recordAccess(store, MERGE_FAMILY),
    ...recordFields,
    errors: genericErrors('Merge request'),
    approveWithoutCode: () => undefined,
    // No open code of this family: the twin's answers are a divergence, not a switch (DIV-MR-RESEND-CONFLICT).
    twinResend: { conflict422: false, statusFirst: false },
    seedData: seedMergeData,
  };
}
