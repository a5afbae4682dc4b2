import { ok } from '../../domain/errors.js';
import { dataOf, urgentOf } from '../../domain/person-request-view.js';
import type { Handler } from './handler.js';
import { bodyV1, bodyV2 } from './person-request-wire.js';

/** GET /api/person_requests/{id} (AP:3621-3660). */
export const getPersonRequest: Handler<'getPersonRequest'> = async (ctx) => {
  const result = await ctx.personRequests.get(ctx.params.id, 1);
  if (!result.ok) return result;
  return ok({ data: dataOf(result.value, bodyV1(result.value)), urgent: urgentOf(result.value) });
};

/** GET /api/v2/person_requests/{id} (AP:3662-3701). */
export const getPersonRequestV2: Handler<'getPersonRequestV2'> = async (ctx) => {
  const result = await ctx.personRequests.get(ctx.params.id, 2);
  if (!result.ok) return result;
  return ok({ data: dataOf(result.value, bodyV2(result.value)), urgent: urgentOf(result.value) });
};
