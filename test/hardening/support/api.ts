import { getOperation } from '../../../src/contract/operations.js';
import type { operations } from '../../../src/generated/ehealth-otp.js';
import { DEMO_API_KEY } from '../../../src/reference-impl/demo.js';
import type { Engine } from '../../../src/reference-impl/engine.js';
import { ORIGIN } from './fixture.js';
import { ALL_SCOPES_TOKEN } from './hostile-requests.js';

export interface Reply {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly json: { meta?: unknown; data?: unknown; error?: { type?: string; message?: string } };
  readonly body: string;
}

const utf8 = new TextEncoder();

/** The operations in-process (method and path from the spec), with the demo token that holds every scope. */
export function api(engine: Engine) {
  const send = async (operationId: keyof operations, param?: string, body?: unknown): Promise<Reply> => {
    const op = getOperation(operationId);
    const res = await engine.handle({
      method: op.method,
      target: op.path.replace(/\{[^}]+\}/, encodeURIComponent(param ?? '')),
      origin: ORIGIN,
      headers: {
        authorization: `Bearer ${ALL_SCOPES_TOKEN}`,
        'api-key': DEMO_API_KEY,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : utf8.encode(JSON.stringify(body)),
    });
    return {
      status: res.status,
      headers: res.headers,
      json: JSON.parse(res.body) as Reply['json'],
      body: res.body,
    };
  };
  return {
    initialize: (phone: string) => send('initializeVerification', undefined, { phone_number: phone }),
    complete: (phone: string, code: number) => send('completeVerification', phone, { code }),
    resend: (personRequestId: string) => send('resendPersonRequestOtp', personRequestId),
    verified: (phone: string) => send('getVerifiedPhone', phone),
    /** Codes sent to the phone, newest first (the SMS outbox). */
    codes: async (phone: string) => (await engine.outbox.list(phone)).map((sms) => Number(sms.code)),
  };
}
