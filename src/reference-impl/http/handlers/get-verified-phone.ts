import { ok } from '../../domain/errors.js';
import type { Handler } from './handler.js';

/** GET /api/verifications/{phone_number}: 200 when the phone was ever verified, else 404. */
export const getVerifiedPhone: Handler<'getVerifiedPhone'> = async (ctx) => {
  const result = await ctx.verifications.verifiedPhone(ctx.params.phone_number);
  return result.ok ? ok({ data: { phone_number: result.value.phoneNumber } }) : result;
};
