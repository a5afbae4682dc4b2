import type { Alternative, Scenario, ScenarioContext } from '../scenario.js';
import { resend, unknownUuid } from './api.js';
import { dataOf, expectVerification, ISSUES_CODE, wrongCodeFor } from './flows.js';
import { expectedError, MESSAGES } from './messages.js';
import {
  act,
  approvedOffline,
  createdOffline,
  createdOtp,
  createRequest,
  expectRequest,
  personBody,
  statusConflict,
  statusOf,
  V,
  type Version,
  verifiedPhoneOf,
} from './person-request-flows.js';

/*
 * Approve Person Request v1 and v2 (approvePersonRequest[V2], AP:3196-3260, 3515-3579): the code of
 * the request's SMS is spent as Complete OTP spends it (same texts, expiry and wrong-code policy,
 * answered 422 `forbidden`, AP:3254-3260); OFFLINE needs every upload; only NEW can be approved.
 */

const CONTRACT = 'approvePersonRequest description (AP:3196-3260)';
const APPROVE_200: Alternative = { divergence: 'DIV-PR-APPROVE-201', expect: { status: 200 } };
/** The twin's text for every wrong transition (DRS:204). */
const TWIN_TRANSITION: Alternative = {
  divergence: 'DIV-PR-TRANSITION-MESSAGE',
  expect: { status: 409, type: 'request_conflict', message: 'Invalid transition' },
};

function approved201(version: Version): Scenario {
  return {
    id: `PR-APPROVE${V[version]}-201`,
    tags: ['verification:read'],
    divergences: [...ISSUES_CODE, 'DIV-PR-APPROVE-201'],
    title: `Approve${version === 2 ? ' v2' : ''} with the code of the create's SMS answers 201: status APPROVED and the printout content.`,
    operation: version === 1 ? 'approvePersonRequest' : 'approvePersonRequestV2',
    contract: `${CONTRACT}: "OTP/THIRD_PERSON spend verification_code through Complete OTP … → APPROVED"; content required (AP:3250)`,
    needs: ['sms'],
    required: true,
    async run(ctx: ScenarioContext) {
      const { id, code } = await createdOtp(ctx, version);
      const exchange = await act(ctx, 'approve', version, id, { verification_code: Number(code) });
      ctx.expect(exchange, { status: 201 }, [APPROVE_200]);
      expectRequest(ctx, exchange, 'APPROVED');
      const { content } = dataOf(ctx, exchange);
      ctx.check(
        typeof content === 'string' && content !== '',
        `data.content is ${JSON.stringify(content)}, expected the printout`,
      );
      ctx.expectValid(exchange);
    },
  };
}

export const personRequestApproveScenarios: readonly Scenario[] = [
  approved201(1),
  approved201(2),
  {
    id: 'PR-APPROVE-422-WRONG-CODE',
    tags: ['verification:read'],
    divergences: [...ISSUES_CODE, 'DIV-WRONG-CODE-ATTEMPTS', 'DIV-PR-APPROVE-201'],
    title:
      'Approve with a wrong code answers 422 forbidden "Invalid verification code", the request stays NEW, and the newest code then approves it.',
    operation: 'approvePersonRequestV2',
    contract: `${CONTRACT}: a wrong code → 422 {type: forbidden, message: Invalid verification code} (AP:3254-3260), with complete's wrong-code policy`,
    needs: ['sms'],
    required: true,
    async run(ctx: ScenarioContext) {
      const { id, code, phone } = await createdOtp(ctx, 2);
      const before = (await ctx.sms(phone)).length;
      const exchange = await act(ctx, 'approve', 2, id, { verification_code: wrongCodeFor(code) });
      ctx.expect(exchange, expectedError('approve_code_mismatch'));
      const status = await statusOf(ctx, 2, id);
      ctx.check(
        status === 'NEW',
        `after a wrong code the request is ${JSON.stringify(status)}, expected NEW`,
      );
      // Complete's wrong-code policy (seed 002): the code is deactivated and a new one sent; the
      // running service's attempts policy sends none (DIV-WRONG-CODE-ATTEMPTS). Either way the
      // newest code in the outbox then approves the request.
      const sent = (await ctx.sms(phone)).length - before;
      if (sent === 0) ctx.divergence('DIV-WRONG-CODE-ATTEMPTS');
      else ctx.check(sent === 1, `a wrong code on approve sent ${sent} SMS, expected one new code`);
      const [newest] = await ctx.sms(phone);
      ctx.check(newest !== undefined, 'the outbox of the phone is empty');
      const ok = await act(ctx, 'approve', 2, id, { verification_code: Number(newest.code) });
      ctx.expect(ok, { status: 201 }, [APPROVE_200]);
    },
  },
  {
    id: 'PR-APPROVE-422-EXPIRED',
    tags: ['verification:read'],
    divergences: [...ISSUES_CODE],
    title:
      'Approve with the right code after its lifetime answers 422 forbidden "Verification code expired".',
    operation: 'approvePersonRequestV2',
    contract: `${CONTRACT}: "the same … expiry as complete" → 422 {type: forbidden, message: Verification code expired}`,
    needs: ['sms', 'clock'],
    required: true,
    async run(ctx: ScenarioContext) {
      const { id, code } = await createdOtp(ctx, 2);
      await ctx.advanceClock(ctx.limits.codeLifetimeSeconds + 1);
      const exchange = await act(ctx, 'approve', 2, id, { verification_code: Number(code) });
      ctx.expect(exchange, expectedError('approve_code_expired'));
    },
  },
  {
    id: 'PR-APPROVE-CREATE-REPLACES-CODE',
    tags: ['verification:read'],
    divergences: [...ISSUES_CODE],
    title:
      "A later create for the same phone makes the earlier request's code invalid: approving with it answers 422 Invalid verification code.",
    operation: 'approvePersonRequestV2',
    contract:
      'createPersonRequest "Initialize OTP for that phone, which cancels the phone\'s earlier code, so the code of an earlier create/update stops being valid (seeds/000, seeds/001)"',
    needs: ['sms'],
    required: true,
    async run(ctx: ScenarioContext) {
      const first = await createdOtp(ctx, 2);
      // Another person confirmed by the same (already verified) phone.
      const second = await createdOtp(ctx, 2, undefined, first.phone);
      if (first.code === second.code)
        ctx.note('the two codes are equal by chance; only the new one was checked');
      else {
        const old = await act(ctx, 'approve', 2, first.id, { verification_code: Number(first.code) });
        ctx.expect(old, expectedError('approve_code_mismatch'));
      }
      // Under seed 002's policy the refused code made the target send a new one: the newest approves.
      const [newest] = await ctx.sms(first.phone);
      ctx.check(newest !== undefined, 'the outbox of the phone is empty');
      const ok = await act(ctx, 'approve', 2, second.id, { verification_code: Number(newest.code) });
      ctx.expect(ok, { status: 201 }, [APPROVE_200]);
    },
  },
  {
    id: 'PR-APPROVE-RESEND-CODE',
    tags: ['verification:read'],
    divergences: [...ISSUES_CODE],
    title:
      "After a resend on a created request, the create's code no longer approves it and the resend's code does.",
    operation: 'approvePersonRequestV2',
    contract:
      'resendPersonRequestOtp "the code sent on create/update, or by an earlier resend, stops being valid" (seeds/001), on a request made by createPersonRequest',
    needs: ['sms'],
    required: true,
    async run(ctx: ScenarioContext) {
      const { id, code, phone } = await createdOtp(ctx, 2);
      const resent = await resend(ctx, await ctx.credentials('resendPersonRequestOtp'), id);
      ctx.expect(resent, { status: 200 });
      expectVerification(ctx, resent, { status: 'NEW', active: true });
      const [afterResend] = await ctx.sms(phone);
      ctx.check(afterResend !== undefined, 'the outbox of the phone is empty after the resend');
      if (afterResend.code === code)
        ctx.note('the resend code equals the create code by chance; only it was checked');
      else {
        const old = await act(ctx, 'approve', 2, id, { verification_code: Number(code) });
        ctx.expect(old, expectedError('approve_code_mismatch'));
      }
      const [newest] = await ctx.sms(phone);
      ctx.check(newest !== undefined, 'the outbox of the phone is empty');
      const ok = await act(ctx, 'approve', 2, id, { verification_code: Number(newest.code) });
      ctx.expect(ok, { status: 201 }, [APPROVE_200]);
      expectRequest(ctx, ok, 'APPROVED');
    },
  },
  {
    id: 'PR-APPROVE-CONCURRENT-ONCE',
    tags: ['verification:read'],
    divergences: [...ISSUES_CODE, 'DIV-PR-APPROVE-201', 'DIV-PR-TRANSITION-MESSAGE'],
    title:
      'Two approves sent at once with the right code: exactly one succeeds, the other answers 409 or 422.',
    operation: 'approvePersonRequestV2',
    contract: `${CONTRACT}: one code approves once (NEW → APPROVED once, as complete spends a code once)`,
    needs: ['sms'],
    required: true,
    async run(ctx: ScenarioContext) {
      const { id, code } = await createdOtp(ctx, 2);
      const body = { verification_code: Number(code) };
      const answers = await Promise.all([act(ctx, 'approve', 2, id, body), act(ctx, 'approve', 2, id, body)]);
      const statuses = answers.map((a) => a.status).sort();
      ctx.check(
        statuses.filter((s) => s === 201 || s === 200).length === 1 &&
          statuses.some((s) => s === 409 || s === 422),
        `two approves with one code answered ${statuses.join(' and ')}, expected one success and one 409 or 422`,
      );
    },
  },
  {
    id: 'PR-APPROVE-409-STATUS',
    divergences: ['DIV-PR-TRANSITION-MESSAGE'],
    title: 'Approve of a REJECTED request answers 409 request_conflict naming the status.',
    operation: 'approvePersonRequestV2',
    contract: `${CONTRACT}: "status NEW (409)"; CONF 18057330720 "Only NEW person request can be activated"`,
    needs: [],
    required: true,
    async run(ctx: ScenarioContext) {
      const { id } = await createdOffline(ctx, 2);
      ctx.expect(await act(ctx, 'reject', 2, id), { status: 200 });
      ctx.expect(await act(ctx, 'approve', 2, id), statusConflict('REJECTED', 'NEW'), [TWIN_TRANSITION]);
    },
  },
  {
    id: 'PR-APPROVE-409-CHECK-ORDER',
    tags: ['verification:read'],
    divergences: [...ISSUES_CODE, 'DIV-PR-TRANSITION-MESSAGE'],
    title:
      'Approve of an APPROVED request with a wrong code answers 409 for the status, not 422 for the code (status checked first).',
    operation: 'approvePersonRequestV2',
    contract: `${CONTRACT}: "404 → version → status NEW (409) → by the current method …"`,
    needs: ['sms'],
    required: true,
    async run(ctx: ScenarioContext) {
      const { id, code } = await createdOtp(ctx, 2);
      ctx.expect(await act(ctx, 'approve', 2, id, { verification_code: Number(code) }), { status: 201 }, [
        APPROVE_200,
      ]);
      const again = await act(ctx, 'approve', 2, id, { verification_code: wrongCodeFor(code) });
      ctx.expect(again, statusConflict('APPROVED', 'NEW'), [TWIN_TRANSITION]);
    },
  },
  {
    id: 'PR-APPROVE-OFFLINE-201',
    divergences: ['DIV-PR-APPROVE-201'],
    title:
      'Approve of an OFFLINE request whose scans were PUT to its upload URLs answers 201 APPROVED without a body.',
    operation: 'approvePersonRequestV2',
    contract: `${CONTRACT}: "OFFLINE needs every upload (409) → APPROVED"; approve with an empty body (AP:3214)`,
    needs: [],
    required: true,
    async run(ctx: ScenarioContext) {
      await approvedOffline(ctx, 2);
    },
  },
  {
    id: 'PR-APPROVE-409-DOCUMENTS',
    title:
      'Approve of an OFFLINE request before its scans are uploaded answers 409 "Documents … is not uploaded".',
    operation: 'approvePersonRequestV2',
    contract: `${CONTRACT}: "OFFLINE needs every upload (409)"; the twin APR:45-68, 98-104`,
    needs: [],
    required: true,
    async run(ctx: ScenarioContext) {
      const { id, uploads } = await createdOffline(ctx, 2);
      const types = uploads.map((u) => u.type).join(', ');
      ctx.expect(await act(ctx, 'approve', 2, id), expectedError('documents_not_uploaded', { types }));
      const status = await statusOf(ctx, 2, id);
      ctx.check(
        status === 'NEW',
        `the request is ${JSON.stringify(status)} after a refused approve, expected NEW`,
      );
    },
  },
  {
    id: 'PR-UPLOAD-403-SIGNATURE',
    title: 'A PUT to an upload URL with a tampered signature is refused and does not count as uploaded.',
    operation: 'approvePersonRequestV2',
    contract:
      'createPersonRequest "one upload URL per document"; a signed link (AP:3215-3217) works only as handed out',
    needs: [],
    required: true,
    async run(ctx: ScenarioContext) {
      const { id, uploads } = await createdOffline(ctx, 2);
      for (const { url } of uploads) {
        const tampered = new URL(url);
        tampered.searchParams.set('signature', `${tampered.searchParams.get('signature') ?? ''}0`);
        const status = await ctx.upload(tampered.toString());
        ctx.check(
          status >= 400 && status < 500,
          `a PUT with a tampered signature answered ${status}, expected 4xx`,
        );
      }
      const types = uploads.map((u) => u.type).join(', ');
      ctx.expect(await act(ctx, 'approve', 2, id), expectedError('documents_not_uploaded', { types }));
    },
  },
  {
    id: 'PR-APPROVE-404-UNKNOWN',
    title: 'Approve of a person request id the target never issued answers 404 not_found without a message.',
    operation: 'approvePersonRequest',
    contract: `${CONTRACT}: "404 → …"; 404 not_found, no message`,
    needs: [],
    required: true,
    async run(ctx: ScenarioContext) {
      const exchange = await act(ctx, 'approve', 1, unknownUuid(), { verification_code: 1234 });
      ctx.expect(exchange, { status: 404, type: 'not_found', noMessage: true });
    },
  },
  {
    id: 'PR-APPROVE-422-CODE-REQUIRED',
    tags: ['verification:read', 'body:422'],
    divergences: [...ISSUES_CODE],
    title: 'Approve of an OTP request without verification_code answers 422 required at $.verification_code.',
    operation: 'approvePersonRequestV2',
    contract: `${CONTRACT}: verification_code "Required when the current method is OTP or THIRD_PERSON" (AP:3207-3212)`,
    needs: ['fixture:phones.verified'],
    required: true,

    async run(ctx: ScenarioContext) {
      const phone = await verifiedPhoneOf(ctx);
      const created = await createRequest(ctx, 2, personBody({ type: 'OTP', phone }));
      ctx.expect(created, { status: 201 });
      const id = expectRequest(ctx, created, 'NEW');
      ctx.expect(await act(ctx, 'approve', 2, id, {}), {
        status: 422,
        type: 'validation_failed',
        message: MESSAGES.validation,
        invalid: [{ entry: '$.verification_code', rule: 'required' }],
      });
    },
  },
  {
    id: 'PR-APPROVE-422-CODE-STRING',
    tags: ['verification:read', 'body:422'],
    divergences: [...ISSUES_CODE, 'DIV-PR-APPROVE-CODE-TYPE'],
    title: 'Approve with the right code sent as a JSON string answers 422 cast at $.verification_code.',
    operation: 'approvePersonRequestV2',
    contract: `${CONTRACT}: verification_code is a Number (AP:3231)`,
    needs: ['sms'],
    required: true,

    async run(ctx: ScenarioContext) {
      const { id, code } = await createdOtp(ctx, 2);
      ctx.expect(
        await act(ctx, 'approve', 2, id, { verification_code: code }),
        { status: 422, type: 'validation_failed', invalid: [{ entry: '$.verification_code', rule: 'cast' }] },
        [{ divergence: 'DIV-PR-APPROVE-CODE-TYPE', expect: { status: 201 } }],
      );
    },
  },
];
