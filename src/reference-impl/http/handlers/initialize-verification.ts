import { ok } from '../../domain/errors.js';
import type { Handler } from './handler.js';
import { toVerification } from './verification-view.js';

/** POST /api/verifications: cancel the phone's active code, issue and send a new one. */
export const initializeVerification: Handler<'initializeVerification'> = async (ctx) => {
  const result = await ctx.verifications.initialize(ctx.body.phone_number);
  if (!result.ok) return result;
  const { statusCase, initializeCreated } = ctx.verifications.settings;
  const data = toVerification(result.value, statusCase);
  // DIV-INIT-201: the service's controller answers `:created` (reference §3.1).
  return ok(initializeCreated ? { data, status: 201 } : { data });
};
