import { methodOf, pathOf } from '../operations.js';
import { requestLine } from '../runner/expect.js';
import type { ApiRequest, Scenario, ScenarioContext } from '../scenario.js';
import { complete, initialize } from './api.js';
import {
  expectCompleted,
  expectInitialized,
  expectValidVerification,
  expectVerification,
  ISSUES_CODE,
  issueCode,
  newestCode,
  wrongCodeFor,
} from './flows.js';
import { MESSAGES } from './messages.js';
import type { OperationTarget } from './target.js';

const operation = 'completeVerification';

/** A complete of `phone` with `token` and no body yet. */
function request(token: string, phone: string): ApiRequest {
  return { method: methodOf(operation), path: pathOf(operation, { phone_number: phone }), token };
}

/** Body schema errors come before the lookup (reference §3.2 step 1), so a fresh phone will do. */
function validationScenario(id: string, title: string, body: unknown, entry: string, rule: string): Scenario {
  return {
    id,
    title,
    operation,
    contract: `completeVerification body {"code": <number>}, no other properties (422 otherwise); 422 entry ${entry}, rule ${rule}`,
    needs: [],
    required: true,
    tags: ['body:422'],
    async run(ctx: ScenarioContext) {
      const { token } = await ctx.credentials(operation);
      const exchange = await ctx.call(operation, { ...request(token, ctx.phone()), json: body });
      ctx.expect(exchange, {
        status: 422,
        type: 'validation_failed',
        message: MESSAGES.validation,
        invalid: [{ entry, entryType: 'json_data_property', rule }],
      });
    },
  };
}

/**
 * DIV-WRONG-CODE-ATTEMPTS is the running service's policy only with its lock: two wrong tries leave
 * the code usable, the third locks it, and then even the right code answers 403 Maximum attempts
 * exceed (docs/ehealth-behaviour.md, completeVerification). Without the lock a 4-digit code falls
 * to guessing, so a target that never locks fails. The phone's first code was just used, so a
 * second initialize gives a fresh one.
 */
async function expectLockAfterThirdTry(ctx: ScenarioContext, token: string, phone: string): Promise<void> {
  expectInitialized(ctx, await initialize(ctx, token, phone));
  const code = await newestCode(ctx, phone, 2, 'after a second initialize');
  for (let attempt = 1; attempt <= 3; attempt++) {
    // A lock before the third try would already answer Maximum attempts exceed here.
    const wrong = await complete(ctx, token, phone, wrongCodeFor(code));
    ctx.expect(wrong, { status: 403, type: 'forbidden', message: MESSAGES.invalidCode });
  }
  await newestCode(ctx, phone, 2, 'after three wrong codes under the attempts policy');
  const right = await complete(ctx, token, phone, code);
  ctx.check(
    right.status !== 200,
    `${requestLine(right)}: after three wrong codes the right one still completed: the code never locks (the attempts policy locks after the third wrong try)`,
  );
  ctx.expect(right, { status: 403, type: 'forbidden', message: MESSAGES.maxAttempts });
}

export const completeVerificationScenarios: readonly Scenario[] = [
  {
    id: 'COMPLETE-200',
    tags: ['verification:read'],
    divergences: [...ISSUES_CODE],
    title:
      'Complete with the code from the SMS answers 200 with the same verification, VERIFIED and inactive.',
    operation,
    contract:
      'completeVerification "Match: status VERIFIED, active: false, the phone joins the verified phones; 200 with the verification"',
    needs: ['sms'],
    required: true,
    async run(ctx: ScenarioContext) {
      const { token } = await ctx.credentials(operation);
      const phone = ctx.phone();
      const { verification, code } = await issueCode(ctx, token, phone);
      const done = await expectCompleted(ctx, token, phone, code);
      ctx.check(
        done.id === verification.id,
        `complete answered verification ${done.id}, initialize created ${verification.id}`,
      );
    },
  },
  {
    id: 'COMPLETE-200-LOCATION',
    tags: ['verification:read'],
    divergences: [...ISSUES_CODE],
    title:
      'A successful complete answers the Location header /verifications/<id> of the completed verification.',
    operation,
    contract:
      'completeVerification 200, header Location: "`/verifications/<id>` of the completed verification, as the OTP service\'s controller sets it (VCTRL:38)"',
    needs: ['sms'],
    required: true,
    async run(ctx: ScenarioContext) {
      const { token } = await ctx.credentials(operation);
      const phone = ctx.phone();
      const { code } = await issueCode(ctx, token, phone);
      const exchange = await complete(ctx, token, phone, code);
      ctx.expect(exchange, { status: 200 });
      const { id } = expectValidVerification(ctx, exchange, { status: 'VERIFIED', active: false });
      const location = exchange.headers.get('location');
      ctx.check(
        location === `/verifications/${id}`,
        `${requestLine(exchange)}: Location is ${JSON.stringify(location)}, expected "/verifications/${id}"`,
      );
    },
  },
  {
    id: 'COMPLETE-404-NO-VERIFICATION',
    title: 'Complete on a phone that never had a verification answers 404 not_found without a message.',
    operation,
    contract: 'completeVerification "the phone has a verification (404)"; 404 not_found, no message',
    needs: [],
    required: true,
    async run(ctx: ScenarioContext) {
      const { token } = await ctx.credentials(operation);
      const exchange = await complete(ctx, token, ctx.phone(), 1232);
      ctx.expect(exchange, { status: 404, type: 'not_found', noMessage: true });
    },
  },
  {
    id: 'COMPLETE-403-WRONG-CODE',
    tags: ['verification:read'],
    divergences: [...ISSUES_CODE, 'DIV-WRONG-CODE-ATTEMPTS'],
    title: 'A wrong code answers 403, deactivates the code and sends a new one that works.',
    operation,
    contract:
      'completeVerification "No match (seed 002): the code is deactivated, a new code is sent to the phone, 403 Invalid verification code"; or DIV-WRONG-CODE-ATTEMPTS: the code is kept and locks after 3 wrong tries',
    needs: ['sms'],
    required: true,
    async run(ctx: ScenarioContext) {
      const { token } = await ctx.credentials(operation);
      const phone = ctx.phone();
      const { code } = await issueCode(ctx, token, phone);
      const wrong = await complete(ctx, token, phone, wrongCodeFor(code));
      ctx.expect(wrong, { status: 403, type: 'forbidden', message: MESSAGES.invalidCode });
      const outbox = await ctx.sms(phone);
      if (outbox.length === 1) {
        // No new SMS: the running service's attempts policy keeps the old code usable.
        const retry = await complete(ctx, token, phone, code);
        ctx.check(
          retry.status === 200,
          `no new SMS after a wrong code, and the original code then answered ${retry.status}`,
        );
        ctx.divergence('DIV-WRONG-CODE-ATTEMPTS', retry);
        expectVerification(ctx, retry, { status: 'VERIFIED', active: false });
        return expectLockAfterThirdTry(ctx, token, phone);
      }
      ctx.check(
        outbox.length === 2,
        `expected one new SMS after a wrong code, the outbox grew by ${outbox.length - 1}`,
      );
      const fresh = outbox[0]?.code ?? '';
      if (fresh === code) {
        ctx.note('the new code equals the old one by chance; the old code was not retried');
      } else {
        const old = await complete(ctx, token, phone, code);
        ctx.expect(old, {
          status: 403,
          type: 'forbidden',
          message: new RegExp(`^(${MESSAGES.invalidCode}|${MESSAGES.maxAttempts})$`),
        });
      }
      const [newest] = await ctx.sms(phone);
      if (newest === undefined) return ctx.fail('the outbox of the phone is empty');
      await expectCompleted(ctx, token, phone, newest.code);
    },
  },
  {
    id: 'COMPLETE-403-EXPIRED',
    tags: ['verification:read'],
    divergences: [...ISSUES_CODE],
    title: 'The right code after the code lifetime answers 403 Verification code expired.',
    operation,
    contract:
      'completeVerification "not expired (else 403 Verification code expired)"; 15-minute lifetime by default',
    needs: ['sms', 'clock'],
    required: true,
    async run(ctx: ScenarioContext) {
      const { token } = await ctx.credentials(operation);
      const phone = ctx.phone();
      const { code } = await issueCode(ctx, token, phone);
      await ctx.advanceClock(ctx.limits.codeLifetimeSeconds + 1);
      const exchange = await complete(ctx, token, phone, code);
      ctx.expect(exchange, { status: 403, type: 'forbidden', message: MESSAGES.codeExpired });
    },
  },
  {
    id: 'COMPLETE-403-INACTIVE',
    tags: ['verification:read'],
    divergences: [...ISSUES_CODE],
    title: 'Completing an already verified code again answers 403 Maximum attempts exceed.',
    operation,
    contract: 'completeVerification "it is active (else 403 Maximum attempts exceed)"',
    needs: ['sms'],
    required: true,
    async run(ctx: ScenarioContext) {
      const { token } = await ctx.credentials(operation);
      const phone = ctx.phone();
      const { code } = await issueCode(ctx, token, phone);
      await expectCompleted(ctx, token, phone, code);
      const again = await complete(ctx, token, phone, code);
      ctx.expect(again, { status: 403, type: 'forbidden', message: MESSAGES.maxAttempts });
    },
  },
  validationScenario(
    'COMPLETE-422-REQUIRED',
    'Complete without code answers 422 with entry $.code, rule required.',
    {},
    '$.code',
    'required',
  ),
  validationScenario(
    'COMPLETE-422-CAST',
    'Complete with the code as a string answers 422 with entry $.code, rule cast.',
    { code: '1232' },
    '$.code',
    'cast',
  ),
  validationScenario(
    'COMPLETE-422-ADDITIONAL',
    'Complete with an unknown property answers 422 with entry $.codse, rule schema.',
    { code: 1232, codse: 1232 },
    '$.codse',
    'schema',
  ),
];

/** What the generated families (families.ts) send to complete: a fresh phone, a well-formed code. */
export const completeVerificationTarget: OperationTarget = {
  prefix: 'COMPLETE',
  label: 'Complete',
  authRequest: (ctx, creds) => ({ ...request(creds.token, ctx.phone()), json: { code: 1232 } }),
  bodyRequest: {
    needs: [],
    build: async (ctx) => {
      const { token } = await ctx.credentials(operation);
      return { request: request(token, ctx.phone()), json: { code: 1232 } };
    },
  },
};
