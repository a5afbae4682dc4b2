import type { Scenario, ScenarioContext } from '../scenario.js';
import { verifiedPhone, verifiedPhoneRequest } from './api.js';
import { dataOf, ISSUES_CODE, verifyPhone } from './flows.js';
import type { OperationTarget } from './target.js';

const operation = 'getVerifiedPhone';

export const getVerifiedPhoneScenarios: readonly Scenario[] = [
  {
    id: 'VERIFIED-PHONE-200',
    tags: ['verification:read'],
    divergences: [...ISSUES_CODE],
    title: 'A phone that was verified answers 200 with data.phone_number.',
    operation,
    contract: 'getVerifiedPhone "200 { phone_number: ... } when the phone was ever verified"',
    needs: ['fixture:phones.verified'],
    required: true,
    async run(ctx: ScenarioContext) {
      // With a control API the suite verifies a fresh phone itself; otherwise the vendor names one.
      let phone = ctx.configPhone('verified');
      if (phone === undefined) {
        phone = ctx.phone();
        await verifyPhone(ctx, phone);
      }
      const { token } = await ctx.credentials(operation);
      const exchange = await verifiedPhone(ctx, token, phone);
      ctx.expect(exchange, { status: 200 });
      ctx.expectValid(exchange);
      const data = dataOf(ctx, exchange);
      ctx.check(
        data.phone_number === phone,
        `data.phone_number is ${JSON.stringify(data.phone_number)}, expected ${phone}`,
      );
    },
  },
  {
    id: 'VERIFIED-PHONE-404',
    divergences: ['DIV-VERIFIED-PHONE-422'],
    title: 'A phone that was never verified answers 404 not_found without a message.',
    operation,
    contract:
      'getVerifiedPhone "otherwise 404 not_found (known divergence: one documentation page says 422)"',
    needs: [],
    required: true,
    async run(ctx: ScenarioContext) {
      const { token } = await ctx.credentials(operation);
      const exchange = await verifiedPhone(ctx, token, ctx.phone());
      ctx.expect(exchange, { status: 404, type: 'not_found', noMessage: true }, [
        { divergence: 'DIV-VERIFIED-PHONE-422', expect: { status: 422 } },
      ]);
    },
  },
];

/** What the generated families (families.ts) send to getVerifiedPhone: a fresh phone. */
export const getVerifiedPhoneTarget: OperationTarget = {
  prefix: 'VERIFIED-PHONE',
  label: 'Get verified phone',
  authRequest: (ctx, creds) => verifiedPhoneRequest(creds.token, ctx.phone()),
};
