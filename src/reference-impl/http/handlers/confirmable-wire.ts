import type { components } from '../../../generated/ehealth-otp.js';
import type { ResendTarget } from '../../domain/confirmable.js';
import { ok, type Result } from '../../domain/errors.js';
import type { ConfirmableRecord } from '../../domain/models.js';
import type { HandlerServices } from './handler.js';
import { toVerification } from './verification-view.js';

/*
 * What every confirmable family of generic records answers (domain/confirmable.ts): a resend's
 * verification, and a record's `data` (id, status and the fields it was seeded with). A family's
 * handler is then one call of the model and one of these.
 */

/** Resend on a record of `family` (the model's checks and one SMS), answered as the new verification. */
export async function resendRecord(
  services: HandlerServices,
  family: string,
  id: string,
  /** The family's own check before the model's (a confidant request's person, DIV-CPRR-PERSON-MISMATCH). */
  pick?: (record: ConfirmableRecord) => Result<ResendTarget>,
): Promise<Result<{ data: components['schemas']['Verification'] }>> {
  const result = await services.confirmable.resend(services.families.get(family), id, pick);
  if (!result.ok) return result;
  // A family of generic records without a code-less resend branch: no phone was a conflict above.
  if (result.value.kind !== 'sms') throw new Error(`${family} ${id}: a resend without a code`);
  return ok({ data: toVerification(result.value.verification, services.verifications.settings.statusCase) });
}

/** `data` of a record: the seeded fields, then id and status (which they cannot override). */
export function recordData(record: ConfirmableRecord): { id: string; status: string; [k: string]: unknown } {
  return { ...record.data, id: record.id, status: record.status };
}
