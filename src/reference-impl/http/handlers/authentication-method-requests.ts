import type { components } from '../../../generated/ehealth-otp.js';
import { ok } from '../../domain/errors.js';
import type { ConfirmableRecord } from '../../domain/models.js';
import { maskPhone } from '../../domain/person-request-view.js';
import type { Handler } from './handler.js';
import { toVerification } from './verification-view.js';

/*
 * Authentication method requests (UA:2145-2279): create, approve and resend of
 * ctx.authMethodRequests (domain/authentication-method-requests.ts), answered as the blueprint
 * shows them: `data` `{id, status, channel}` (UA:2189-2192, 2241-2244) and, on create,
 * `urgent.authentication_method_current` with the phone masked (UA:2193-2194).
 */

type Schemas = components['schemas'];

function dataOf(record: ConfirmableRecord): Schemas['AuthenticationMethodRequestData'] {
  // The statuses are the spec's x-confirmable ones (NEW, COMPLETED) and create's cancelling (CANCELED).
  return {
    id: record.id,
    status: record.status as Schemas['AuthenticationMethodRequestStatus'],
    channel: 'MIS',
  };
}

/** The method the code went to; a THIRD_PERSON shows its third person's OTP phone (the enum has OTP and OFFLINE). */
function currentOf(record: ConfirmableRecord): Schemas['AuthenticationMethodForRequest'][] {
  const { method } = record;
  if ((method.type === 'OTP' || method.type === 'THIRD_PERSON') && method.phoneNumber !== undefined)
    return [{ type: 'OTP', phone_number: maskPhone(method.phoneNumber) }];
  return [{ type: 'OFFLINE' }];
}

/** POST /api/persons/{person_id}/authentication_method_requests (UA:2145-2204). */
export const createAuthenticationMethodRequest: Handler<'createAuthenticationMethodRequest'> = async (
  ctx,
) => {
  const result = await ctx.authMethodRequests.create(ctx.params.person_id, ctx.body);
  if (!result.ok) return result;
  return ok({
    data: dataOf(result.value),
    urgent: { authentication_method_current: currentOf(result.value) },
  });
};

/** PATCH …/authentication_method_requests/{request_id}/actions/approve (UA:2206-2253). */
export const approveAuthenticationMethodRequest: Handler<'approveAuthenticationMethodRequest'> = async (
  ctx,
) => {
  const { person_id: personId, request_id: requestId } = ctx.params;
  const result = await ctx.authMethodRequests.approve(personId, requestId, ctx.body?.verification_code);
  return result.ok ? ok({ data: dataOf(result.value) }) : result;
};

/** POST …/authentication_method_requests/{request_id}/actions/resend_otp (UA:2255-2277). */
export const resendAuthenticationMethodRequestOtp: Handler<'resendAuthenticationMethodRequestOtp'> = async (
  ctx,
) => {
  const { person_id: personId, request_id: requestId } = ctx.params;
  const result = await ctx.authMethodRequests.resend(personId, requestId);
  if (!result.ok) return result;
  // The family's resend has no code-less branch: a method without a phone was a 409 above.
  if (result.value.kind !== 'sms')
    throw new Error(`authentication method request ${requestId}: a resend without a code`);
  return ok({ data: toVerification(result.value.verification, ctx.verifications.settings.statusCase) });
};
