import { requestLine } from '../runner/expect.js';
import type { Exchange, Scenario, ScenarioContext } from '../scenario.js';
import { complete, initialize, resend } from './api.js';
import { expectInitialized, ISSUES_CODE, issueCode, wrongCodeFor } from './flows.js';
import { MESSAGES } from './messages.js';

/*
 * CONTRACT.md completeVerification: "Every SMS to a phone (initialize, resend, the resend after a
 * wrong code) counts against a per-phone cap in a sliding window (configurable; default 10 an
 * hour); past it the call answers 429 with Retry-After and sends nothing, so a code cannot be
 * guessed by brute force and a phone cannot be flooded." One scenario per way of sending an SMS.
 */
const CONTRACT =
  'completeVerification "Every SMS to a phone (initialize, resend, the resend after a wrong code) counts against a per-phone cap … past it the call answers 429 with Retry-After and sends nothing"';

/** Sends initializes until the phone has `cap` SMS in its outbox; each answer must be the usual one. */
export async function fillCap(ctx: ScenarioContext, token: string, phone: string): Promise<void> {
  const sent = (await ctx.sms(phone)).length;
  for (let i = sent; i < ctx.limits.smsPerPhonePerHour; i++)
    expectInitialized(ctx, await initialize(ctx, token, phone));
}

/** 429 too_many_requests (or without type: DIV-429-NO-TYPE) with a usable Retry-After, and no SMS sent. */
export async function expectCapReached(
  ctx: ScenarioContext,
  exchange: Exchange,
  phone: string,
): Promise<void> {
  ctx.expect(exchange, { status: 429, type: 'too_many_requests', header: 'retry-after' }, [
    { divergence: 'DIV-429-NO-TYPE', expect: { status: 429, type: null, header: 'retry-after' } },
  ]);
  const retryAfter = exchange.headers.get('retry-after') ?? '';
  ctx.check(
    /^\d+$/.test(retryAfter) ? Number(retryAfter) > 0 : !Number.isNaN(Date.parse(retryAfter)),
    `Retry-After "${retryAfter}" is neither positive seconds nor an HTTP date`,
  );
  const cap = ctx.limits.smsPerPhonePerHour;
  const outbox = await ctx.sms(phone);
  ctx.check(
    outbox.length === cap,
    `the outbox holds ${outbox.length} SMS with a cap of ${cap}: the call past the cap sent one`,
  );
}

export const smsCapScenarios: readonly Scenario[] = [
  {
    id: 'INIT-429-SMS-CAP',
    tags: ['sms:429-cap', 'verification:read'],
    divergences: [...ISSUES_CODE, 'DIV-429-NO-TYPE'],
    title:
      'Past the per-phone SMS cap, initialize answers 429 too_many_requests with Retry-After and sends nothing.',
    operation: 'initializeVerification',
    contract: CONTRACT,
    needs: ['sms'],
    required: true,
    async run(ctx: ScenarioContext) {
      const { token } = await ctx.credentials('initializeVerification');
      const phone = ctx.phone();
      await fillCap(ctx, token, phone);
      await expectCapReached(ctx, await initialize(ctx, token, phone), phone);
    },
  },
  {
    id: 'COMPLETE-429-SMS-CAP',
    tags: ['sms:429-cap', 'verification:read'],
    divergences: [...ISSUES_CODE, 'DIV-429-NO-TYPE', 'DIV-WRONG-CODE-ATTEMPTS'],
    title:
      'Past the per-phone SMS cap, a wrong code answers 429 with Retry-After instead of sending a new code.',
    operation: 'completeVerification',
    contract: CONTRACT,
    needs: ['sms'],
    required: true,
    async run(ctx: ScenarioContext) {
      const { token } = await ctx.credentials('initializeVerification');
      const phone = ctx.phone();
      const { code } = await issueCode(ctx, token, phone);
      await fillCap(ctx, token, phone);
      // Wrong for the code active now: filling the cap sent newer codes, and one of them may be the
      // very code wrongCodeFor(code) picks (1 in 729), which would verify the phone instead.
      const active = (await ctx.sms(phone))[0]?.code ?? code;
      const wrong = await complete(ctx, token, phone, wrongCodeFor(active));
      if (wrong.status === 429) return expectCapReached(ctx, wrong, phone);
      // The attempts policy sends no new code, so it never meets the cap; but a 403 that did send
      // one past the cap is no policy at all: the target has no cap.
      const cap = ctx.limits.smsPerPhonePerHour;
      const held = (await ctx.sms(phone)).length;
      if (held > cap) {
        ctx.fail(
          `${requestLine(wrong)}: expected status 429, got ${wrong.status} and one more SMS past the cap of ${cap} (the outbox holds ${held}): the wrong code was not capped`,
        );
      }
      ctx.expect(wrong, { status: 429 }, [
        {
          divergence: 'DIV-WRONG-CODE-ATTEMPTS',
          expect: { status: 403, type: 'forbidden', message: MESSAGES.invalidCode },
        },
      ]);
    },
  },
  {
    id: 'RESEND-429-SMS-CAP',
    tags: ['sms:429-cap', 'verification:read'],
    divergences: [...ISSUES_CODE, 'DIV-429-NO-TYPE'],
    title: 'Past the per-phone SMS cap, resend answers 429 with Retry-After and sends nothing.',
    operation: 'resendPersonRequestOtp',
    contract: CONTRACT,
    needs: ['sms', 'fixture:person_request.otp'],
    required: true,
    async run(ctx: ScenarioContext) {
      const creds = await ctx.credentials('resendPersonRequestOtp');
      const { token } = await ctx.credentials('initializeVerification');
      const request = await ctx.personRequest('otp');
      const phone = request.smsPhone;
      if (phone === undefined) return ctx.skip('the person request fixture has no known SMS phone');
      await fillCap(ctx, token, phone);
      await expectCapReached(ctx, await resend(ctx, creds, request.id), phone);
    },
  },
];
