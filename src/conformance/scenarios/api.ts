import { methodOf, pathOf } from '../operations.js';
import type { ApiRequest, Credentials, Exchange, ScenarioContext } from '../scenario.js';

/*
 * Well-formed calls of the spec's operations; method and path come from the spec (operations.ts),
 * a phone goes into the path with its `+` as is.
 */

export function initialize(ctx: ScenarioContext, token: string, phone: string): Promise<Exchange> {
  return ctx.call('initializeVerification', {
    method: methodOf('initializeVerification'),
    path: pathOf('initializeVerification', {}),
    token,
    json: { phone_number: phone },
  });
}

/** The code goes as a JSON number (seeds/002: `code` is a Number). */
export function complete(
  ctx: ScenarioContext,
  token: string,
  phone: string,
  code: string | number,
): Promise<Exchange> {
  return ctx.call('completeVerification', {
    method: methodOf('completeVerification'),
    path: pathOf('completeVerification', { phone_number: phone }),
    token,
    json: { code: Number(code) },
  });
}

export function verifiedPhoneRequest(token: string, phone: string): ApiRequest {
  return {
    method: methodOf('getVerifiedPhone'),
    path: pathOf('getVerifiedPhone', { phone_number: phone }),
    token,
  };
}

export function verifiedPhone(ctx: ScenarioContext, token: string, phone: string): Promise<Exchange> {
  return ctx.call('getVerifiedPhone', verifiedPhoneRequest(token, phone));
}

/** A resend of person request `id` with `creds`, without a body. */
export function resendRequest(creds: Credentials, id: string): ApiRequest {
  return {
    method: methodOf('resendPersonRequestOtp'),
    path: pathOf('resendPersonRequestOtp', { id }),
    token: creds.token,
    apiKey: creds.apiKey,
  };
}

export function resend(
  ctx: ScenarioContext,
  creds: Credentials,
  id: string,
  body?: unknown,
): Promise<Exchange> {
  const request = resendRequest(creds, id);
  return ctx.call('resendPersonRequestOtp', body === undefined ? request : { ...request, json: body });
}

/** A well-formed UUID that no target has issued. */
export function unknownUuid(): string {
  return crypto.randomUUID();
}
