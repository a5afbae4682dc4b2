import { ok } from '../../domain/errors.js';
import { dataOf } from '../../domain/person-request-view.js';
import type { Handler } from './handler.js';
import { bodyV1, bodyV2 } from './person-request-wire.js';

/** PATCH /api/person_requests/{id}/actions/reject (AP:3262-3341). */
export const rejectPersonRequest: Handler<'rejectPersonRequest'> = async (ctx) => {
  const result = await ctx.personRequests.reject(ctx.params.id, 1);
  return result.ok ? ok({ data: dataOf(result.value, bodyV1(result.value)) }) : result;
};

/** PATCH /api/v2/person_requests/{id}/actions/reject (UA:945-979). */
export const rejectPersonRequestV2: Handler<'rejectPersonRequestV2'> = async (ctx) => {
  const result = await ctx.personRequests.reject(ctx.params.id, 2);
  return result.ok ? ok({ data: dataOf(result.value, bodyV2(result.value)) }) : result;
};
