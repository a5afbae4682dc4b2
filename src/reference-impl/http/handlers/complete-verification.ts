import { ok } from '../../domain/errors.js';
import type { Handler } from './handler.js';
import { toVerification } from './verification-view.js';

/** PATCH /api/verifications/{phone_number}/actions/complete (seeds/002). */
export const completeVerification: Handler<'completeVerification'> = async (ctx) => {
  const result = await ctx.verifications.complete(ctx.params.phone_number, ctx.body.code);
  return result.ok
    ? ok({ data: toVerification(result.value, ctx.verifications.settings.statusCase) })
    : result;
};
