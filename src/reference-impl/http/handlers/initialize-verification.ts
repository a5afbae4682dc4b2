import { ok } from '../../domain/errors.js';
import type { Handler } from './handler.js';
import { toVerification } from './verification-view.js';

/** POST /api/verifications: cancel the phone's active code, issue and send a new one. */
export const initializeVerification: Handler<'initializeVerification'> = async (ctx) => {
  const result = await ctx.verifications.initialize(ctx.body.phone_number);
  return result.ok ? ok({ data: toVerification(result.value) }) : result;
};
