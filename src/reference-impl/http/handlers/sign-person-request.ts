import type { components } from '../../../generated/ehealth-otp.js';
import { ok } from '../../domain/errors.js';
import type { CreatedPersonRequest } from '../../domain/person-requests.js';
import { isoMicros } from '../envelope.js';
import type { Handler } from './handler.js';

/** `Patient_short` (AP:17908-17913): the request and the person it created. */
function patientShort(request: CreatedPersonRequest): components['schemas']['PatientShort'] {
  if (request.personId === undefined) throw new Error('a signed person request has no person');
  return {
    id: request.id,
    status: request.status,
    person_id: request.personId,
    inserted_at: isoMicros(request.insertedAt ?? 0),
    updated_at: isoMicros(request.updatedAt ?? 0),
  };
}

/** PATCH /api/person_requests/{id}/actions/sign (AP:3343-3383). */
export const signPersonRequest: Handler<'signPersonRequest'> = async (ctx) => {
  const result = await ctx.personRequests.sign(ctx.params.id, 1, ctx.body.signed_content);
  return result.ok ? ok({ data: patientShort(result.value) }) : result;
};

/** PATCH /api/v2/person_requests/{id}/actions/sign (AP:3582-3618). */
export const signPersonRequestV2: Handler<'signPersonRequestV2'> = async (ctx) => {
  const result = await ctx.personRequests.sign(ctx.params.id, 2, ctx.body.signed_content);
  return result.ok ? ok({ data: patientShort(result.value) }) : result;
};
