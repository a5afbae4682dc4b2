import type { ApiRequest, Credentials, Exchange, ScenarioContext } from '../scenario.js';

/** Paths of CONTRACT.md "Operations"; a phone goes into the path with its `+` as is. */
export const paths = {
  resend: (id: string) => `/api/person_requests/${id}/actions/resend_otp`,
  initialize: '/api/verifications',
  complete: (phone: string) => `/api/verifications/${phone}/actions/complete`,
  verifiedPhone: (phone: string) => `/api/verifications/${phone}`,
} as const;

export function initialize(ctx: ScenarioContext, token: string, phone: string): Promise<Exchange> {
  return ctx.call('initializeVerification', {
    method: 'POST',
    path: paths.initialize,
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
    method: 'PATCH',
    path: paths.complete(phone),
    token,
    json: { code: Number(code) },
  });
}

export function verifiedPhone(ctx: ScenarioContext, token: string, phone: string): Promise<Exchange> {
  return ctx.call('getVerifiedPhone', { method: 'GET', path: paths.verifiedPhone(phone), token });
}

export function resend(
  ctx: ScenarioContext,
  creds: Credentials,
  id: string,
  body?: unknown,
): Promise<Exchange> {
  const request: ApiRequest = {
    method: 'POST',
    path: paths.resend(id),
    token: creds.token,
    apiKey: creds.apiKey,
  };
  return ctx.call('resendPersonRequestOtp', body === undefined ? request : { ...request, json: body });
}

/** A well-formed UUID that no target has issued. */
export function unknownUuid(): string {
  return crypto.randomUUID();
}
