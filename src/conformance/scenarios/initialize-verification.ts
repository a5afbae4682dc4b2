import { methodOf, pathOf } from '../operations.js';
import type { ApiRequest, Exchange, Scenario, ScenarioContext } from '../scenario.js';
import { initialize } from './api.js';
import { expectInitialized, expectValidVerification, ISSUES_CODE, newestCode } from './flows.js';
import { expectedError, MESSAGES } from './messages.js';
import type { OperationTarget } from './target.js';

const operation = 'initializeVerification';

/** An initialize with `token` and no body yet. */
function request(token: string): ApiRequest {
  return { method: methodOf(operation), path: pathOf(operation, {}), token };
}

/** Initialize a fresh phone with further body `fields` and `headers`: the phone and the answer. */
async function initializeFresh(
  ctx: ScenarioContext,
  fields: Readonly<Record<string, unknown>>,
  headers?: Readonly<Record<string, string>>,
): Promise<{ readonly phone: string; readonly exchange: Exchange }> {
  const { token } = await ctx.credentials(operation);
  const phone = ctx.phone();
  const json = { phone_number: phone, ...fields };
  const exchange = await ctx.call(operation, { ...request(token), json, ...(headers && { headers }) });
  return { phone, exchange };
}

/** A 422 for one schema rule (reference §2.3: required → required, type → cast, pattern → format, extra → schema). */
function validationScenario(
  id: string,
  title: string,
  body: (ctx: ScenarioContext) => unknown,
  entry: string,
  rule: string,
): Scenario {
  return {
    id,
    title,
    operation,
    contract: `initializeVerification body {"phone_number": "^\\+380[0-9]{9}$"}, no other properties (422 otherwise); 422 entry ${entry}, rule ${rule}`,
    needs: [],
    required: true,
    tags: ['body:422'],
    async run(ctx: ScenarioContext) {
      const { token } = await ctx.credentials(operation);
      const exchange = await ctx.call(operation, { ...request(token), json: body(ctx) });
      ctx.expect(exchange, {
        status: 422,
        type: 'validation_failed',
        message: MESSAGES.validation,
        invalid: [{ entry, entryType: 'json_data_property', rule }],
      });
    },
  };
}

export const initializeVerificationScenarios: readonly Scenario[] = [
  {
    id: 'INIT-200',
    tags: ['verification:read'],
    divergences: [...ISSUES_CODE],
    title: 'Initialize answers 200 with a NEW, active verification valid against the spec.',
    operation,
    contract:
      'initializeVerification: "creates a new one (status NEW, active: true, code_expired_at = now + the code lifetime) … 200 (Apiary)"',
    needs: ['fixture:phones.sms_recipient'],
    required: true,
    async run(ctx: ScenarioContext) {
      const { token } = await ctx.credentials(operation);
      expectInitialized(ctx, await initialize(ctx, token, ctx.smsPhone()));
    },
  },
  {
    id: 'INIT-CODE-LIFETIME',
    tags: ['verification:read'],
    divergences: [...ISSUES_CODE],
    title: "Initialize sets code_expired_at to the target's time plus the code lifetime.",
    operation,
    contract:
      'initializeVerification "code_expired_at = now + the code lifetime"; 15-minute lifetime by default',
    needs: ['clock'],
    required: true,
    async run(ctx: ScenarioContext) {
      const { token } = await ctx.credentials(operation);
      // The target's clock may have been moved (by earlier runs too), so its own time is the base.
      const now = Date.parse(await ctx.advanceClock(0));
      const { code_expired_at: expiresAt } = expectInitialized(
        ctx,
        await initialize(ctx, token, ctx.phone()),
      );
      const lifetime = (Date.parse(expiresAt) - now) / 1000;
      const want = ctx.limits.codeLifetimeSeconds;
      ctx.check(
        Math.abs(lifetime - want) <= 5,
        `code_expired_at ${expiresAt} is ${lifetime.toFixed(1)} s after the target's time, expected ${want} s (limits.code_lifetime_seconds)`,
      );
    },
  },
  {
    id: 'INIT-SMS-SENT',
    tags: ['verification:read'],
    divergences: [...ISSUES_CODE],
    title: 'Initialize sends exactly one SMS carrying the code, and the code is in no response.',
    operation,
    contract:
      'initializeVerification: "sends one SMS with the code"; "The code itself never appears in any response."',
    needs: ['sms'],
    required: true,
    async run(ctx: ScenarioContext) {
      const { token } = await ctx.credentials(operation);
      const phone = ctx.phone();
      expectInitialized(ctx, await initialize(ctx, token, phone));
      await newestCode(ctx, phone, 1, 'after one initialize');
    },
  },
  {
    id: 'INIT-200-PROVIDER',
    tags: ['verification:read'],
    divergences: [...ISSUES_CODE, 'DIV-INIT-PROVIDER'],
    title: 'Initialize with the optional provider answers as without it: 200, a NEW verification, one SMS.',
    operation,
    contract:
      'InitializeVerificationRequest.provider: "The SMS gateway to send through (the OTP service: `mouth_twilio` by default, `mouth_sms2ip`)" (DIV-INIT-PROVIDER)',
    needs: ['sms'],
    required: true,
    async run(ctx: ScenarioContext) {
      const { phone, exchange } = await initializeFresh(ctx, { provider: 'mouth_sms2ip' });
      // The public docs name only phone_number (UA:487-488): a target that follows them refuses it.
      const refused = ctx.expect(exchange, { status: 200 }, [
        { divergence: 'DIV-INIT-201', expect: { status: 201 } },
        {
          divergence: 'DIV-INIT-PROVIDER',
          expect: { status: 422, type: 'validation_failed', invalid: [{ entry: '$.provider' }] },
        },
      ]);
      if (refused?.includes('DIV-INIT-PROVIDER') === true) return;
      expectValidVerification(ctx, exchange, { status: 'NEW', active: true });
      await newestCode(ctx, phone, 1, 'after one initialize with a provider');
    },
  },
  {
    id: 'INIT-406-ACCEPT',
    tags: [],
    title: 'Initialize with an Accept header that admits no JSON answers 406 and sends no SMS.',
    operation,
    contract:
      'components.responses.NotAcceptable: "The `Accept` header admits neither `application/json` nor `*/*`" (the OTP router\'s accepts ["json"], findings C10)',
    needs: ['sms'],
    required: true,
    async run(ctx: ScenarioContext) {
      const { phone, exchange } = await initializeFresh(ctx, {}, { accept: 'text/html' });
      ctx.expect(exchange, {
        ...expectedError('not_acceptable'),
        invalid: [{ entryType: 'header', entry: 'Accept' }],
      });
      // Refused before anything ran: the phone got no code.
      const outbox = await ctx.sms(phone);
      ctx.check(outbox.length === 0, `a refused initialize sent ${outbox.length} SMS to the phone`);
    },
  },
  validationScenario(
    'INIT-422-REQUIRED',
    'Initialize without phone_number answers 422 with entry $.phone_number, rule required.',
    () => ({}),
    '$.phone_number',
    'required',
  ),
  validationScenario(
    'INIT-422-CAST',
    'Initialize with a numeric phone_number answers 422 with entry $.phone_number, rule cast.',
    () => ({ phone_number: 380501234567 }),
    '$.phone_number',
    'cast',
  ),
  validationScenario(
    'INIT-422-FORMAT',
    'Initialize with a phone_number not matching ^\\+380[0-9]{9}$ answers 422 with rule format.',
    () => ({ phone_number: '+38050123' }),
    '$.phone_number',
    'format',
  ),
  validationScenario(
    'INIT-422-ADDITIONAL',
    'Initialize with an unknown property answers 422 with entry $.foo, rule schema.',
    (ctx) => ({ phone_number: ctx.phone(), foo: 'bar' }),
    '$.foo',
    'schema',
  ),
];

/** What the generated families (families.ts) send to initialize. */
export const initializeVerificationTarget: OperationTarget = {
  prefix: 'INIT',
  label: 'Initialize',
  authRequest: (ctx, creds) => ({ ...request(creds.token), json: { phone_number: ctx.phone() } }),
  bodyRequest: {
    needs: [],
    build: async (ctx) => {
      const { token } = await ctx.credentials(operation);
      return { request: request(token), json: { phone_number: ctx.phone() } };
    },
  },
};
