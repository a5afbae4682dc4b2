import { isObject } from '../json.js';
import { requestLine } from '../runner/expect.js';
import type {
  Alternative,
  Exchange,
  ProvisionedPersonRequest,
  Scenario,
  ScenarioContext,
} from '../scenario.js';
import { resend, resendRequest, unknownUuid } from './api.js';
import {
  expectOldCodeReplaced,
  expectValidVerification,
  expectVerification,
  ISSUES_CODE,
  issueCode,
  newestCode,
} from './flows.js';
import { MESSAGES } from './messages.js';
import type { OperationTarget } from './target.js';

const operation = 'resendPersonRequestOtp';
const NOT_OTP = { status: 409, type: 'request_conflict', message: MESSAGES.notOtp } as const;
/** The open-source twin answers both conflicts with 422 validation_failed (DIV-RESEND-CONFLICT-422). */
const TWIN_NOT_OTP: Alternative = {
  divergence: 'DIV-RESEND-CONFLICT-422',
  expect: { status: 422, type: 'validation_failed', invalid: [{ entry: '$.authentication_method_current' }] },
};

async function resendFor(
  ctx: ScenarioContext,
  kind: Parameters<ScenarioContext['personRequest']>[0],
  body?: unknown,
): Promise<Exchange> {
  const creds = await ctx.credentials(operation);
  const request = await ctx.personRequest(kind);
  return resend(ctx, creds, request.id, body);
}

/** The SMS of a resend goes where the suite seeded it; without that phone the check cannot run. */
function smsPhoneOf(ctx: ScenarioContext, phone: string | undefined): string {
  if (phone === undefined) ctx.skip('the person request fixture has no known SMS phone');
  return phone;
}

function expectUploadUrls(ctx: ScenarioContext, exchange: Exchange): string[] {
  const line = requestLine(exchange);
  const urgent = isObject(exchange.body) ? exchange.body.urgent : undefined;
  const documents: unknown = isObject(urgent) ? urgent.documents : undefined;
  ctx.check(
    Array.isArray(documents) && documents.length > 0,
    `${line}: expected urgent.documents with new upload URLs`,
  );
  return (documents as unknown[]).map((doc, i) => {
    const { type, url } = isObject(doc) ? doc : {};
    ctx.check(
      typeof type === 'string' && type.startsWith('person.'),
      `${line}: urgent.documents[${i}].type is ${JSON.stringify(type)}, expected person.<DOCUMENT_TYPE>`,
    );
    ctx.check(
      typeof url === 'string' && URL.canParse(url),
      `${line}: urgent.documents[${i}].url is ${JSON.stringify(url)}, expected a URL`,
    );
    return url;
  });
}

/** One resend, and exactly one SMS to the phone it should go to, none to the other method's phone. */
async function expectSmsRouted(
  ctx: ScenarioContext,
  request: ProvisionedPersonRequest,
  body: { type: string; alias: string } | undefined,
  sent: unknown = body,
  alternatives: readonly Alternative[] = [],
): Promise<void> {
  const primary = smsPhoneOf(ctx, request.smsPhone);
  const other = smsPhoneOf(ctx, request.otherPhone);
  const [to, notTo] = body === undefined ? [primary, other] : [other, primary];
  const before = { to: (await ctx.sms(to)).length, notTo: (await ctx.sms(notTo)).length };
  const exchange = await resend(ctx, await ctx.credentials(operation), request.id, sent);
  // A known divergence answers otherwise and sends nothing to check.
  if (ctx.expect(exchange, { status: 200 }, alternatives) !== undefined) return;
  expectVerification(ctx, exchange, { status: 'NEW', active: true });
  const after = { to: (await ctx.sms(to)).length, notTo: (await ctx.sms(notTo)).length };
  const which = body === undefined ? 'the primary method' : `the method "${body.alias}"`;
  ctx.check(after.to === before.to + 1, `expected one SMS to ${which}, it got ${after.to - before.to}`);
  ctx.check(
    after.notTo === before.notTo,
    `the other method's phone got ${after.notTo - before.notTo} SMS, expected none`,
  );
}

/** A resend on the two-OTP-methods request with `sent` as its body: the SMS goes to the primary method. */
function toPrimary(
  id: string,
  title: string,
  contract: string,
  sent: unknown,
  refusal?: Alternative,
): Scenario {
  return {
    id,
    tags: ['verification:read'],
    divergences: ['DIV-STATUS-LOWERCASE', ...(refusal === undefined ? [] : [refusal.divergence].flat())],
    title,
    operation,
    contract,
    needs: ['sms', 'fixture:person_request.two_otp_methods'],
    required: true,
    async run(ctx: ScenarioContext) {
      const request = await ctx.personRequest('two_otp_methods');
      await expectSmsRouted(ctx, request, undefined, sent, refusal === undefined ? [] : [refusal]);
    },
  };
}

export const resendPersonRequestOtpScenarios: readonly Scenario[] = [
  {
    id: 'RESEND-200',
    tags: ['verification:read'],
    divergences: ['DIV-STATUS-LOWERCASE'],
    title: 'Resend on a NEW person request with an OTP method answers 200 with a NEW, active verification.',
    operation,
    contract:
      'resendPersonRequestOtp "Success: initialize a new OTP for the chosen phone … 200 with data = the verification"',
    needs: ['fixture:person_request.otp'],
    required: true,
    async run(ctx: ScenarioContext) {
      const exchange = await resendFor(ctx, 'otp');
      ctx.expect(exchange, { status: 200 });
      expectValidVerification(ctx, exchange, { status: 'NEW', active: true });
    },
  },
  {
    id: 'RESEND-SMS-REPLACES-CODE',
    tags: ['verification:read'],
    divergences: [...ISSUES_CODE],
    title: 'Resend sends exactly one SMS and the code sent before stops being valid.',
    operation,
    contract:
      'resendPersonRequestOtp "the code sent on create/update, or by an earlier resend, stops being valid), one SMS is sent"',
    needs: ['sms', 'fixture:person_request.otp'],
    required: true,
    async run(ctx: ScenarioContext) {
      const creds = await ctx.credentials(operation);
      const { token } = await ctx.credentials('initializeVerification');
      const request = await ctx.personRequest('otp');
      const phone = smsPhoneOf(ctx, request.smsPhone);
      // The code to be replaced: the one sent on create if the target sends one, else one issued now.
      let before = await ctx.sms(phone);
      if (before.length === 0) {
        await issueCode(ctx, token, phone);
        before = await ctx.sms(phone);
      }
      const oldCode = before[0]?.code ?? '';
      const exchange = await resend(ctx, creds, request.id);
      ctx.expect(exchange, { status: 200 });
      expectVerification(ctx, exchange, { status: 'NEW', active: true });
      const newCode = await newestCode(ctx, phone, before.length + 1, 'after one resend');
      await expectOldCodeReplaced(ctx, token, phone, oldCode, newCode);
    },
  },
  {
    id: 'RESEND-THIRD-PERSON-SMS',
    tags: ['verification:read'],
    divergences: ['DIV-STATUS-LOWERCASE'],
    title:
      "Resend on a THIRD_PERSON method whose third person has OTP sends the SMS to the third person's phone.",
    operation,
    contract:
      'resendPersonRequestOtp "THIRD_PERSON whose third person\'s method is OTP" → the SMS goes to that phone',
    needs: ['sms', 'fixture:person_request.third_person_otp'],
    required: true,
    async run(ctx: ScenarioContext) {
      const creds = await ctx.credentials(operation);
      const request = await ctx.personRequest('third_person_otp');
      const phone = smsPhoneOf(ctx, request.smsPhone);
      const before = (await ctx.sms(phone)).length;
      const exchange = await resend(ctx, creds, request.id);
      ctx.expect(exchange, { status: 200 });
      expectVerification(ctx, exchange, { status: 'NEW', active: true });
      await newestCode(ctx, phone, before + 1, 'of the third person after one resend');
    },
  },
  toPrimary(
    'RESEND-PRIMARY-METHOD',
    'Resend without a body sends the SMS to the method marked is_primary, not to the first one.',
    'resendPersonRequestOtp "without it the SMS goes to the person\'s method with is_primary: true"',
    undefined,
  ),
  // seeds/000 describes the body as {type, alias}: a target that requires them refuses `{}`.
  toPrimary(
    'RESEND-EMPTY-BODY',
    'Resend with the body {} sends the SMS to the method marked is_primary, as without a body.',
    'resendPersonRequestOtp: "either may be left out, and `{}` counts as no body" (DIV-RESEND-EMPTY-BODY; AP:3750-3755)',
    {},
    {
      divergence: 'DIV-RESEND-EMPTY-BODY',
      expect: { status: 422, type: 'validation_failed', invalid: [{ entry: '$.type' }] },
    },
  ),
  {
    id: 'RESEND-CHOSEN-METHOD',
    tags: ['verification:read'],
    divergences: ['DIV-STATUS-LOWERCASE'],
    title: 'Resend with {type: OTP, alias} sends the SMS to the method with that alias.',
    operation,
    contract: 'resendPersonRequestOtp "with it, to the method that matches type and alias"',
    needs: ['sms', 'fixture:person_request.two_otp_methods'],
    required: true,
    async run(ctx: ScenarioContext) {
      const request = await ctx.personRequest('two_otp_methods');
      await expectSmsRouted(ctx, request, { type: 'OTP', alias: request.alias ?? 'first' });
    },
  },
  {
    id: 'RESEND-OFFLINE-DOCUMENTS',
    title:
      'Resend choosing an OFFLINE method answers 200 with new upload URLs under urgent.documents and sends no SMS.',
    operation,
    contract:
      'resendPersonRequestOtp "Choosing OFFLINE issues new document upload URLs … sends no SMS, and answers 200 with them under urgent.documents (an extension)"',
    needs: ['sms', 'fixture:person_request.with_offline_method'],
    // The response of this branch is the kit's extension (the documents leave it open).
    required: false,
    async run(ctx: ScenarioContext) {
      const creds = await ctx.credentials(operation);
      const request = await ctx.personRequest('with_offline_method');
      const phone = smsPhoneOf(ctx, request.smsPhone);
      const body = { type: 'OFFLINE', alias: request.alias ?? 'paper' };
      const before = (await ctx.sms(phone)).length;
      const first = await resend(ctx, creds, request.id, body);
      ctx.expect(first, { status: 200 });
      ctx.expectValid(first);
      const firstUrls = expectUploadUrls(ctx, first);
      const second = await resend(ctx, creds, request.id, body);
      ctx.expect(second, { status: 200 });
      const secondUrls = expectUploadUrls(ctx, second);
      ctx.check(
        !secondUrls.some((url) => firstUrls.includes(url)),
        'a second OFFLINE resend answered the same upload URLs; new ones must replace them',
      );
      const after = (await ctx.sms(phone)).length;
      ctx.check(after === before, `an OFFLINE resend sent ${after - before} SMS, expected none`);
    },
  },
  {
    id: 'RESEND-404-UNKNOWN',
    title: 'Resend on a person request id the target never issued answers 404 not_found without a message.',
    operation,
    contract: 'resendPersonRequestOtp "the person request exists (404)"; 404 not_found, no message',
    needs: [],
    required: true,
    async run(ctx: ScenarioContext) {
      const exchange = await resend(ctx, await ctx.credentials(operation), unknownUuid());
      ctx.expect(exchange, { status: 404, type: 'not_found', noMessage: true });
    },
  },
  {
    id: 'RESEND-409-AUTH-METHOD',
    divergences: ['DIV-RESEND-CONFLICT-422'],
    title: 'Resend on a person request with only an OFFLINE method answers 409 Auth method is not OTP.',
    operation,
    contract: 'resendPersonRequestOtp "its authentication method is OTP … (else 409 Auth method is not OTP)"',
    needs: ['fixture:person_request.offline'],
    required: true,
    async run(ctx: ScenarioContext) {
      ctx.expect(await resendFor(ctx, 'offline'), NOT_OTP, [TWIN_NOT_OTP]);
    },
  },
  {
    id: 'RESEND-409-THIRD-PERSON-OFFLINE',
    divergences: ['DIV-RESEND-CONFLICT-422'],
    title:
      'Resend on a THIRD_PERSON method whose third person has only OFFLINE answers 409 Auth method is not OTP.',
    operation,
    contract:
      'resendPersonRequestOtp "or THIRD_PERSON whose third person\'s method is OTP (else 409 Auth method is not OTP)"',
    needs: ['fixture:person_request.third_person_offline'],
    required: true,
    async run(ctx: ScenarioContext) {
      ctx.expect(await resendFor(ctx, 'third_person_offline'), NOT_OTP, [TWIN_NOT_OTP]);
    },
  },
  {
    id: 'RESEND-409-STATUS',
    divergences: ['DIV-RESEND-CONFLICT-422'],
    title: 'Resend on an APPROVED person request answers 409 request_conflict naming the status.',
    operation,
    contract: 'resendPersonRequestOtp "its status is NEW (else 409 with a message naming the status)"',
    needs: ['fixture:person_request.approved'],
    required: true,
    async run(ctx: ScenarioContext) {
      ctx.expect(
        await resendFor(ctx, 'approved'),
        { status: 409, type: 'request_conflict', message: /APPROVED/ },
        [
          {
            divergence: 'DIV-RESEND-CONFLICT-422',
            expect: { status: 422, type: 'validation_failed', invalid: [{ entry: '$.status' }] },
          },
        ],
      );
    },
  },
  {
    id: 'RESEND-409-CHECK-ORDER',
    divergences: ['DIV-RESEND-CONFLICT-422', 'DIV-RESEND-CHECK-ORDER'],
    title:
      'Resend on a person request that is both non-OTP and not NEW answers Auth method is not OTP (method checked first).',
    operation,
    contract: 'resendPersonRequestOtp "Checks, in the seeds\' order: … auth method … → its status is NEW"',
    needs: ['fixture:person_request.approved_offline'],
    required: true,
    async run(ctx: ScenarioContext) {
      ctx.expect(await resendFor(ctx, 'approved_offline'), NOT_OTP, [
        TWIN_NOT_OTP,
        {
          divergence: 'DIV-RESEND-CHECK-ORDER',
          expect: { status: 409, type: 'request_conflict', message: /APPROVED/ },
        },
        {
          divergence: ['DIV-RESEND-CONFLICT-422', 'DIV-RESEND-CHECK-ORDER'],
          expect: { status: 422, type: 'validation_failed', invalid: [{ entry: '$.status' }] },
        },
      ]);
    },
  },
  {
    id: 'RESEND-422-ALIAS',
    title: 'Resend with a type and alias that match no method of the person answers 422 on $.alias.',
    operation,
    contract:
      'resendPersonRequestOtp "with it, to the method that matches type and alias (none matches → 422 on $.alias)"',
    needs: ['fixture:person_request.otp'],
    required: true,
    tags: ['body:422'],
    async run(ctx: ScenarioContext) {
      const exchange = await resendFor(ctx, 'otp', {
        type: 'OTP',
        alias: `no-such-alias-${crypto.randomUUID().slice(0, 8)}`,
      });
      ctx.expect(exchange, {
        status: 422,
        type: 'validation_failed',
        message: MESSAGES.validation,
        invalid: [{ entry: '$.alias' }],
      });
    },
  },
];

/** What the generated families (families.ts) send to resend. */
export const resendPersonRequestOtpTarget: OperationTarget = {
  prefix: 'RESEND',
  label: 'Resend',
  authRequest: (_ctx, creds) => resendRequest(creds, unknownUuid()),
  // A real NEW request, so that only the body can be wrong.
  bodyRequest: {
    needs: ['fixture:person_request.otp'],
    build: async (ctx) => {
      const creds = await ctx.credentials(operation);
      const request = await ctx.personRequest('otp');
      return { request: resendRequest(creds, request.id), json: { type: 'OTP' } };
    },
  },
};
