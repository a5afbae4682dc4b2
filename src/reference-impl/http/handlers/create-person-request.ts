import { ok } from '../../domain/errors.js';
import { dataOf, urgentOf } from '../../domain/person-request-view.js';
import type { Handler } from './handler.js';

/** POST /api/person_requests (AP:3118-3194): the rules and the one SMS are the domain's. */
export const createPersonRequest: Handler<'createPersonRequest'> = async (ctx) => {
  const result = await ctx.personRequests.create({ version: 1, body: ctx.body }, ctx.origin);
  return result.ok ? ok({ data: dataOf(result.value, ctx.body), urgent: urgentOf(result.value) }) : result;
};

/** POST /api/v2/person_requests (AP:3434-3513): the v2 person (confidant by MPI id). */
export const createPersonRequestV2: Handler<'createPersonRequestV2'> = async (ctx) => {
  const result = await ctx.personRequests.create({ version: 2, body: ctx.body }, ctx.origin);
  return result.ok ? ok({ data: dataOf(result.value, ctx.body), urgent: urgentOf(result.value) }) : result;
};
