import type { Scenario, ScenarioContext } from '../scenario.js';
import { complete, initialize, verifiedPhone } from './api.js';
import {
  dataOf,
  expectCompleted,
  expectInitialized,
  expectOldCodeReplaced,
  expectValidVerification,
  ISSUES_CODE,
  issueCode,
  newestCode,
} from './flows.js';
import { MESSAGES } from './messages.js';

/** Flows across operations: the OTP lifecycle end to end, re-initialize, a race. */
export const lifecycleScenarios: readonly Scenario[] = [
  {
    id: 'LIFECYCLE-VERIFY-PHONE',
    tags: ['verification:read'],
    divergences: [...ISSUES_CODE, 'DIV-VERIFIED-PHONE-422'],
    title: 'Initialize, complete with the SMS code, and the phone is then reported as verified.',
    operation: 'completeVerification',
    contract:
      'completeVerification "Match: … the phone joins the verified phones"; getVerifiedPhone "200 when the phone was ever verified"',
    needs: ['sms'],
    required: true,
    async run(ctx: ScenarioContext) {
      const write = await ctx.credentials('initializeVerification');
      const read = await ctx.credentials('getVerifiedPhone');
      const phone = ctx.phone();
      const before = await verifiedPhone(ctx, read.token, phone);
      ctx.expect(before, { status: 404, type: 'not_found' }, [
        { divergence: 'DIV-VERIFIED-PHONE-422', expect: { status: 422 } },
      ]);
      const { code } = await issueCode(ctx, write.token, phone);
      await expectCompleted(ctx, write.token, phone, code);
      const after = await verifiedPhone(ctx, read.token, phone);
      ctx.expect(after, { status: 200 });
      ctx.check(
        dataOf(ctx, after).phone_number === phone,
        'getVerifiedPhone does not name the phone just verified',
      );
    },
  },
  {
    id: 'INIT-REINIT-CANCELS',
    tags: ['verification:read'],
    divergences: [...ISSUES_CODE],
    title: 'Initializing a phone again cancels its earlier code: the old code answers 403, the new one 200.',
    operation: 'initializeVerification',
    contract:
      'initializeVerification "Cancels the phone\'s active verification, creates a new one … sends one SMS"',
    needs: ['sms'],
    required: true,
    async run(ctx: ScenarioContext) {
      const { token } = await ctx.credentials('initializeVerification');
      const phone = ctx.phone();
      const { code: oldCode } = await issueCode(ctx, token, phone);
      expectInitialized(ctx, await initialize(ctx, token, phone));
      const newCode = await newestCode(ctx, phone, 2, 'after two initializes');
      await expectOldCodeReplaced(ctx, token, phone, oldCode, newCode);
    },
  },
  {
    id: 'COMPLETE-CONCURRENT-ONCE',
    tags: ['verification:read'],
    divergences: [...ISSUES_CODE],
    title: 'The same correct code sent in 10 parallel completes succeeds exactly once.',
    operation: 'completeVerification',
    contract: 'completeVerification "it is active (else 403 Maximum attempts exceed)": a code completes once',
    needs: ['sms'],
    required: true,
    async run(ctx: ScenarioContext) {
      const { token } = await ctx.credentials('initializeVerification');
      const phone = ctx.phone();
      const { code } = await issueCode(ctx, token, phone);
      const answers = await Promise.all(Array.from({ length: 10 }, () => complete(ctx, token, phone, code)));
      const statuses = answers.map((a) => a.status);
      const ok = statuses.filter((s) => s === 200).length;
      ctx.check(
        ok === 1,
        `${ok} of 10 parallel completes with the same code answered 200 (statuses: ${statuses.join(', ')}), expected exactly one`,
      );
      for (const answer of answers) {
        if (answer.status === 200)
          expectValidVerification(ctx, answer, { status: 'VERIFIED', active: false });
        else ctx.expect(answer, { status: 403, type: 'forbidden', message: MESSAGES.maxAttempts });
      }
    },
  },
];
