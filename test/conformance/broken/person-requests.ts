import type { PersonRequest } from '../../../src/reference-impl/domain/models.js';
import { dataOf as approvedDataOf } from '../../../src/reference-impl/domain/person-request-view.js';
import type { Engine, EngineRequest, EngineResponse } from '../../../src/reference-impl/index.js';
import { approveSeeingCode } from './confirmable.js';
import type { Defect } from './defect.js';
import {
  bodyOf,
  isJson,
  operationOf,
  requestJson,
  rewriteResponses,
  withBody,
  withRequestJson,
} from './wire.js';

/*
 * The person-request defects of issue 14: mistakes an implementation of create, approve and sign
 * makes, each failing exactly the scenarios of src/conformance/scenarios/person-request-*.ts that
 * concern it. Built on the real engine: a request is rewritten, or the stored request is shown to
 * the engine as the broken implementation believes it is.
 */

const APPROVE = new Set(['approvePersonRequest', 'approvePersonRequestV2']);
const SIGN = new Set(['signPersonRequest', 'signPersonRequestV2']);
const CREATE = new Set(['createPersonRequest', 'createPersonRequestV2']);

/** The person request id of an approve or sign, else undefined. */
function actionId(req: EngineRequest, ops: ReadonlySet<string>): string | undefined {
  const op = operationOf(req);
  return ops.has(op.op) && 'params' in op && 'id' in op.params ? op.params.id : undefined;
}

/** Lets the engine handle `req` while the stored request looks as `view` makes it, then restores the status. */
async function seenAs(
  engine: Engine,
  req: EngineRequest,
  id: string,
  view: (request: PersonRequest) => PersonRequest | undefined,
): Promise<EngineResponse> {
  const stored = await engine.store.getPersonRequest(id);
  const seen = stored === undefined ? undefined : view(stored);
  if (stored === undefined || seen === undefined) return engine.handle(req);
  await engine.store.putPersonRequest(seen);
  const res = await engine.handle(req);
  // A refused action keeps what the defect pretended only for itself.
  if (res.status >= 400) await engine.store.putPersonRequest(stored);
  return res;
}

/**
 * Approve as an implementation that takes the sent `verification_code` for the phone's current one
 * whenever `accepts(code, phone)` says so (the confirmable template, on the person-request family).
 */
const withApproveCodeSeenAs = (engine: Engine, accepts: (code: number, phone: string) => Promise<boolean>) =>
  approveSeeingCode(engine, 'person_request', accepts);

export const personRequestDefects: readonly Defect[] = [
  {
    id: 'approve-accepts-wrong-code',
    description:
      "Approve checks that a verification_code is present but not that it is the phone's current code.",
    evidence: /expected status 422, got 201/,
    fails: {
      ids: ['PR-APPROVE-422-WRONG-CODE', 'PR-APPROVE-CREATE-REPLACES-CODE', 'PR-APPROVE-RESEND-CODE'],
    },
    build: (engine) => withApproveCodeSeenAs(engine, async () => true),
  },
  {
    id: 'approve-accepts-earlier-codes',
    description:
      "A resend or a later create issues a new code but the earlier ones stay valid: approve accepts any code ever sent to the request's phone.",
    evidence: /expected status 422, got 201/,
    fails: { ids: ['PR-APPROVE-CREATE-REPLACES-CODE', 'PR-APPROVE-RESEND-CODE'] },
    build: (engine) =>
      withApproveCodeSeenAs(engine, async (code, phone) =>
        (await engine.control.listSms(phone)).some((sms) => Number(sms.code) === code),
      ),
  },
  {
    id: 'create-sends-two-sms',
    description:
      'The SMS client retries after a timeout although the first attempt went through: every OTP create delivers its code twice.',
    evidence: /after one create, the outbox has/,
    fails: {
      ids: [
        'PR-APPROVE-201',
        'PR-APPROVE-409-CHECK-ORDER',
        'PR-APPROVE-422-CODE-STRING',
        'PR-APPROVE-422-EXPIRED',
        'PR-APPROVE-422-WRONG-CODE',
        'PR-APPROVE-CONCURRENT-ONCE',
        'PR-APPROVE-CREATE-REPLACES-CODE',
        'PR-APPROVE-RESEND-CODE',
        'PR-APPROVE-V2-201',
        'PR-CREATE-SMS-SENT',
        'PR-CREATE-THIRD-PERSON-SMS',
        'PR-FLOW-OTP',
      ],
    },
    build: (engine) => async (req) => {
      const res = await engine.handle(req);
      const id = CREATE.has(operationOf(req).op) && res.status === 201 ? bodyOf(res)?.data : undefined;
      const state =
        isJson(id) && typeof id.id === 'string' ? await engine.control.readPersonRequest(id.id) : undefined;
      const phone = state?.authentication_method_current.phone_number;
      if (phone !== undefined && state?.code !== undefined)
        await engine.outbox.send(phone, Number(state.code));
      return res;
    },
  },
  {
    id: 'approve-ignores-expiry',
    description: "Approve compares the code but never looks at the verification's code_expired_at.",
    evidence: /expected status 422, got 201/,
    fails: { ids: ['PR-APPROVE-422-EXPIRED'] },
    build: (engine) => async (req) => {
      const id = actionId(req, APPROVE);
      const phone =
        id === undefined
          ? undefined
          : (await engine.control.readPersonRequest(id))?.authentication_method_current.phone_number;
      if (phone !== undefined) {
        const now = engine.clock.now();
        await engine.store.updatePhone(phone, (record) => ({
          next:
            record === undefined || record.expiresAt > now
              ? undefined
              : { ...record, expiresAt: now + 60_000 },
          result: undefined,
        }));
      }
      return engine.handle(req);
    },
  },
  {
    id: 'create-skips-verified-phone',
    description:
      'Create sends the SMS to any OTP phone without checking that it was verified through /api/verifications.',
    evidence: /expected status 422, got 201|answered 201/,
    fails: { ids: ['PR-CREATE-422-UNVERIFIED-PHONE', 'PR-CREATE-UNVERIFIED-NO-SMS'] },
    build: (engine) => async (req) => {
      const body = requestJson(req);
      const person =
        CREATE.has(operationOf(req).op) && isJson(body) && isJson(body.person) ? body.person : undefined;
      const methods = person?.authentication_methods;
      const [first] = Array.isArray(methods) ? (methods as unknown[]) : [];
      if (isJson(first) && first.type === 'OTP' && typeof first.phone_number === 'string')
        await engine.store.addVerifiedPhone(first.phone_number);
      return engine.handle(req);
    },
  },
  {
    id: 'approve-from-any-status',
    description: 'Approve never checks that the person request is still NEW.',
    evidence: /expected status 409, got 422|got "Documents person\.PASSPORT is not uploaded"/,
    fails: { ids: ['PR-APPROVE-409-CHECK-ORDER', 'PR-APPROVE-409-STATUS'] },
    build: (engine) => (req) => {
      const id = actionId(req, APPROVE);
      return id === undefined
        ? engine.handle(req)
        : seenAs(engine, req, id, (r) => (r.status === 'NEW' ? undefined : { ...r, status: 'NEW' }));
    },
  },
  {
    id: 'offline-approve-without-uploads',
    description: 'Approve of an OFFLINE request never checks that the scans were uploaded.',
    evidence: /expected status 409, got 201/,
    fails: { ids: ['PR-APPROVE-409-DOCUMENTS', 'PR-UPLOAD-403-SIGNATURE'] },
    build: (engine) => (req) => {
      const id = actionId(req, APPROVE);
      return id === undefined
        ? engine.handle(req)
        : seenAs(engine, req, id, (r) => ({ ...r, uploaded: r.uploads.map((u) => u.type) }));
    },
  },
  {
    id: 'sign-accepts-other-content',
    description:
      'Sign decodes signed_content and checks patient_signed, but never compares the content with the approved data.',
    evidence: /expected status 422, got 200/,
    fails: { ids: ['PR-SIGN-422-CONTENT-MISMATCH'] },
    build: (engine) => async (req) => {
      const id = actionId(req, SIGN);
      const body = requestJson(req);
      const stored = id === undefined ? undefined : await engine.store.getPersonRequest(id);
      if (stored?.created === undefined || !isJson(body) || typeof body.signed_content !== 'string')
        return engine.handle(req);
      let content: unknown;
      try {
        content = JSON.parse(atob(body.signed_content));
      } catch {
        return engine.handle(req);
      }
      if (!isJson(content) || content.patient_signed !== true) return engine.handle(req);
      // Whatever was signed, the engine is shown the content it expects.
      const expected = { ...approvedDataOf(stored, stored.created.body), patient_signed: true };
      const signed = btoa(String.fromCharCode(...new TextEncoder().encode(JSON.stringify(expected))));
      return engine.handle(withRequestJson(req, { ...body, signed_content: signed }));
    },
  },
  {
    id: 'urgent-phone-unmasked',
    description: 'urgent.authentication_method_current shows the OTP phone in full instead of masked.',
    evidence: /shows the phone unmasked/,
    fails: { ids: ['PR-CREATE-201', 'PR-CREATE-V2-201', 'PR-GET-200', 'PR-GET-V2-200'] },
    build: (engine) =>
      rewriteResponses(
        (req) => engine.handle(req),
        (_req, res) => isJson(bodyOf(res)?.urgent),
        (res) => {
          const body = bodyOf(res) ?? {};
          const data = isJson(body.data) ? body.data : {};
          const person = isJson(data.person) ? data.person : {};
          const methods = Array.isArray(person.authentication_methods)
            ? (person.authentication_methods as unknown[])
            : [];
          const [first] = methods;
          const urgent = isJson(body.urgent) ? body.urgent : {};
          if (!isJson(first) || typeof first.phone_number !== 'string') return res;
          return withBody(res, {
            ...body,
            urgent: {
              ...urgent,
              authentication_method_current: [{ type: 'OTP', phone_number: first.phone_number }],
            },
          });
        },
      ),
  },
];
