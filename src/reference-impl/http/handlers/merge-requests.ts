import type { components } from '../../../generated/ehealth-otp.js';
import { ok } from '../../domain/errors.js';
import { MERGE_FAMILY, personIdOf } from '../../domain/merge-request-family.js';
import type { ConfirmableRecord } from '../../domain/models.js';
import { isoMicros } from '../envelope.js';
import { resendRecord } from './confirmable-wire.js';
import type { Handler } from './handler.js';

/*
 * Merge requests (UA:3847-4029): the model's approve and resend on the `merge_request` family.
 * Approve answers `Merge_request_response` with `data_to_be_signed` (UA:3895-3897), whose persons
 * the kit knows only by their MPI ids (DIV-MR-SIGN-DATA).
 */

type Approved = components['schemas']['ApprovedMergeRequestData'];
type Status = components['schemas']['MergeRequestStatus'];

/** The printout the master person reads and signs (UA:3874 "a printout form", UA:15109 `content`). */
function printout(master: string, merge: string): string {
  return `<html><body><p>Merge of preperson ${merge} into person ${master}</p></body></html>`;
}

function approvedView(record: ConfirmableRecord): Approved {
  const master = personIdOf(record, 'master_person_id');
  const merge = personIdOf(record, 'merge_person_id');
  // The spec's `to` of approve (x-confirmable) is APPROVED, a MergeRequestStatus.
  const status = record.status as Status;
  return {
    id: record.id,
    master_person_id: master,
    merge_person_id: merge,
    status,
    inserted_at: isoMicros(record.insertedAt),
    updated_at: isoMicros(record.updatedAt),
    data_to_be_signed: {
      id: record.id,
      status,
      master_person: { id: master },
      patient_signed: false,
      merge_person: { id: merge },
      content: printout(master, merge),
    },
  };
}

/** PATCH /api/merge_requests/{id}/actions/approve (UA:3873-3898). */
export const approveMergeRequest: Handler<'approveMergeRequest'> = async (ctx) => {
  const rules = ctx.families.get(MERGE_FAMILY);
  const result = await ctx.confirmable.approve(rules, ctx.params.id, ctx.body?.verification_code);
  return result.ok ? ok({ data: approvedView(result.value) }) : result;
};

/** POST /api/merge_requests/{id}/actions/resend_otp (UA:3955-3973). */
export const resendMergeRequestOtp: Handler<'resendMergeRequestOtp'> = (ctx) =>
  resendRecord(ctx, MERGE_FAMILY, ctx.params.id);
