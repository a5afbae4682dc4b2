import { ok } from '../../domain/errors.js';
import type { ResendChoice } from '../../domain/person-requests.js';
import type { Handler } from './handler.js';
import { toVerification } from './verification-view.js';

/**
 * POST /api/person_requests/{id}/actions/resend_otp (seeds/000, 001). With the optional
 * "resend auth method" body the SMS goes to the chosen method; choosing OFFLINE answers new
 * upload URLs under `urgent.documents` (a kit extension: the documents leave it open).
 */
export const resendPersonRequestOtp: Handler<'resendPersonRequestOtp'> = async (ctx) => {
  const { body } = ctx;
  // `type` and `alias` are both optional (DIV-RESEND-EMPTY-BODY); the domain treats `{}` as no body.
  const choice: ResendChoice | undefined =
    body === undefined
      ? undefined
      : {
          ...(body.type === undefined ? {} : { type: body.type }),
          ...(body.alias === undefined ? {} : { alias: body.alias }),
        };
  const result = await ctx.personRequests.resendOtp(ctx.params.id, choice, ctx.origin);
  if (!result.ok) return result;
  const outcome = result.value;
  if (outcome.kind === 'sms')
    return ok({ data: toVerification(outcome.verification, ctx.verifications.settings.statusCase) });
  return ok({
    data: { id: outcome.personRequest.id, status: outcome.personRequest.status },
    urgent: { documents: outcome.documents.map((d) => ({ type: d.type, url: d.url })) },
  });
};
