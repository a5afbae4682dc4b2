import type { components } from '../../../generated/ehealth-otp.js';
import { CONFIDANT_FAMILY, ofPerson } from '../../domain/confidant-person-relationship-request-family.js';
import { ok } from '../../domain/errors.js';
import type { ConfirmableRecord } from '../../domain/models.js';
import { resendRecord } from './confirmable-wire.js';
import type { Handler } from './handler.js';

/*
 * Confidant person relationship requests (UA:2485-2630): the model's approve and resend on the
 * `confidant_person_relationship_request` family, each first checking that the request is the
 * path's person's (domain/confidant-person-relationship-request-family.ts).
 */

type Data = components['schemas']['ConfidantPersonRelationshipRequestData'];

/**
 * The answer's `data` (UA:2521-2542): the seeded fields but the person (who is in the path), then id
 * and status. seedConfidantData refused every seed this schema cannot carry, so the cast holds.
 */
function view(record: ConfirmableRecord): Data {
  const { person_id: _person, ...own } = record.data;
  return { ...own, id: record.id, status: record.status } as Data;
}

/** PATCH /api/persons/{person_id}/confidant_person_relationship_requests/{…_id}/actions/approve (UA:2485-2550). */
export const approveConfidantPersonRelationshipRequest: Handler<
  'approveConfidantPersonRelationshipRequest'
> = async (ctx) => {
  const { person_id: personId, confidant_person_relationship_request_id: id } = ctx.params;
  const rules = ctx.families.get(CONFIDANT_FAMILY);
  const code = ctx.body?.verification_code;
  const result = await ctx.confirmable.approve(rules, id, code, { guard: ofPerson(personId) });
  return result.ok ? ok({ data: view(result.value) }) : result;
};

/** POST /api/persons/{person_id}/confidant_person_relationship_requests/{…_id}/actions/resend_otp (UA:2606-2630). */
export const resendConfidantPersonRelationshipRequestOtp: Handler<
  'resendConfidantPersonRelationshipRequestOtp'
> = (ctx) => {
  const { person_id: personId, confidant_person_relationship_request_id: id } = ctx.params;
  return resendRecord(ctx, CONFIDANT_FAMILY, id, (record) => {
    const mine = ofPerson(personId)(record);
    return mine.ok ? ok({ method: record.method }) : mine;
  });
};
