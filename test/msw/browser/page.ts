import { setupWorker } from 'msw/browser';
import { createEhealthOtpClient } from '../../../src/client/index.js';
import { createHandlers } from '../../../src/msw/index.js';

/**
 * The browser test page: the msw handlers run in the page, msw's service worker routes the page's
 * own fetch calls to them. Bundled by bundle.ts as it is: no shims, no specs to hand over.
 */
const { handlers, state } = createHandlers();
const worker = setupWorker(...handlers);

export interface FlowResult {
  readonly initialize: number;
  readonly wrongCode: { readonly status: number; readonly message: string | undefined };
  readonly complete: { readonly status: number; readonly verification: string | undefined };
  readonly verified: unknown;
}

/** initialize → a wrong code (403, a new code is sent: seeds/002) → the new code → VERIFIED. */
async function runFlow(): Promise<FlowResult> {
  const { token } = await state.createToken(['otp:write', 'otp:read']);
  // The page's own origin, so msw's service worker sees the calls.
  const client = createEhealthOtpClient({ baseUrl: location.origin, token });
  const phone = '+380501234567';
  const initialize = await client.initializeVerification(phone);
  const first = await state.lastCode(phone);
  const wrong = await client.completeVerification(phone, first === 1116 ? 1232 : 1116);
  const complete = await client.completeVerification(phone, await state.lastCode(phone));
  const verified = await client.getVerifiedPhone(phone);
  return {
    initialize: initialize.response.status,
    wrongCode: { status: wrong.response.status, message: wrong.error?.error.message },
    complete: { status: complete.response.status, verification: complete.data?.data.status },
    verified: verified.data?.data,
  };
}

declare global {
  interface Window {
    kitReady: Promise<void>;
    runFlow: () => Promise<FlowResult>;
  }
}

window.runFlow = runFlow;
window.kitReady = worker.start({ quiet: true, onUnhandledRequest: 'bypass' }).then(() => undefined);
