import { ok } from '../../domain/errors.js';
import { dataOf } from '../../domain/person-request-view.js';
import type { Handler } from './handler.js';
import { bodyV1, bodyV2 } from './person-request-wire.js';

/** The approved `data` carries the printout (AP:3250); the domain set it, so its absence is a fault. */
function withContent<D extends { content?: string }>(data: D): D & { content: string } {
  if (data.content === undefined) throw new Error('an approved person request has no content');
  return { ...data, content: data.content };
}

/** PATCH /api/person_requests/{id}/actions/approve (AP:3196-3260). */
export const approvePersonRequest: Handler<'approvePersonRequest'> = async (ctx) => {
  const result = await ctx.personRequests.approve(ctx.params.id, 1, ctx.body?.verification_code);
  return result.ok ? ok({ data: withContent(dataOf(result.value, bodyV1(result.value))) }) : result;
};

/** PATCH /api/v2/person_requests/{id}/actions/approve (AP:3515-3579). */
export const approvePersonRequestV2: Handler<'approvePersonRequestV2'> = async (ctx) => {
  const result = await ctx.personRequests.approve(ctx.params.id, 2, ctx.body?.verification_code);
  return result.ok ? ok({ data: withContent(dataOf(result.value, bodyV2(result.value))) }) : result;
};
