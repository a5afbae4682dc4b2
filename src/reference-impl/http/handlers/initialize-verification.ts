import type { components } from '../../../generated/ehealth-otp.js';
import { ok } from '../../domain/errors.js';
import type { Handler } from './handler.js';
import { toVerification } from './verification-view.js';

/** POST /api/verifications: cancel the phone's active code, issue and send a new one. */
export const initializeVerification: Handler<'initializeVerification'> = async (ctx) => {
  const { phone_number } = ctx.body as components['schemas']['InitializeVerificationRequest'];
  const result = await ctx.verifications.initialize(phone_number);
  return result.ok ? ok({ data: toVerification(result.value) }) : result;
};
