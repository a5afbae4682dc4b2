import type { components } from '../../../generated/ehealth-otp.js';
import { ok, type Result } from '../../domain/errors.js';
import { recordData, resendRecord } from './confirmable-wire.js';
import type { Handler, HandlerServices } from './handler.js';

/*
 * Declaration requests (AP:4088-4153, 4335-4357; UA:8697-8797): the model's approve and resend on
 * the `declaration_request` family. v3 and the deprecated v1 behave alike (EH router.ex:230-232).
 */

const FAMILY = 'declaration_request';
type Approved = components['schemas']['ApprovedDeclarationRequest'];

async function approve(
  services: HandlerServices,
  id: string,
  code: number | undefined,
): Promise<Result<{ data: Approved }>> {
  const result = await services.confirmable.approve(services.families.get(FAMILY), id, code);
  if (!result.ok) return result;
  const data = recordData(result.value);
  // The spec's `to` of approve (x-confirmable) is APPROVED, a DeclarationRequestStatus.
  return ok({ data: { ...data, status: data.status as Approved['status'] } });
}

/** PATCH /api/v3/declaration_requests/{id}/actions/approve (AP:4088-4153). */
export const approveDeclarationRequest: Handler<'approveDeclarationRequest'> = (ctx) =>
  approve(ctx, ctx.params.id, ctx.body?.verification_code);
/** PATCH /api/declaration_requests/{id}/actions/approve (deprecated, UA:8697-8749). */
export const approveDeclarationRequestV1: Handler<'approveDeclarationRequestV1'> = (ctx) =>
  approve(ctx, ctx.params.id, ctx.body?.verification_code);

/** POST /api/v3/declaration_requests/{id}/actions/resend_otp (AP:4335-4357). */
export const resendDeclarationRequestOtp: Handler<'resendDeclarationRequestOtp'> = (ctx) =>
  resendRecord(ctx, FAMILY, ctx.params.id);
/** POST /api/declaration_requests/{id}/actions/resend_otp (deprecated, UA:8780-8797). */
export const resendDeclarationRequestOtpV1: Handler<'resendDeclarationRequestOtpV1'> = (ctx) =>
  resendRecord(ctx, FAMILY, ctx.params.id);
