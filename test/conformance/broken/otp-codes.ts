import type { Engine, EngineRequest, EngineResponse } from '../../../src/reference-impl/index.js';
import type { Defect } from './defect.js';
import { READS_SENT_CODE } from './scenario-sets.js';
import { bodyOf, dataOf, isJson, operationOf, requestJson, withBody, withRequestJson } from './wire.js';

/** Codes and their lifecycle (completeVerification, seed 002): comparison, replacement, expiry, delivery. */

/** The codes sent to a phone, newest first (what the phone's owner has received). */
async function codesSentTo(engine: Engine, phone: string): Promise<number[]> {
  return (await engine.control.listSms(phone)).map((sms) => Number(sms.code));
}

/** The same instant written in Kyiv winter time (+02:00), as a server in local time would write it. */
function inKyivTime(iso: string): string {
  const local = new Date(Date.parse(iso) + 2 * 3600 * 1000).toISOString();
  return `${local.slice(0, -1)}+02:00`;
}

/** A complete whose `{code}` is replaced by `pick(submitted, codes sent to the phone)`. */
function replaceSubmittedCode(engine: Engine, pick: (submitted: number, sent: number[]) => number) {
  return async (req: EngineRequest): Promise<EngineResponse> => {
    const op = operationOf(req);
    const body = requestJson(req);
    if (op.op !== 'completeVerification' || !isJson(body) || typeof body.code !== 'number')
      return engine.handle(req);
    const sent = await codesSentTo(engine, op.params.phone_number);
    return engine.handle(withRequestJson(req, { ...body, code: pick(body.code, sent) }));
  };
}

export const otpCodeDefects: readonly Defect[] = [
  {
    id: 'wrong-code-accepted',
    description:
      'The code comparison always succeeds (e.g. comparing the stored code with itself): any code completes the newest verification.',
    // Every scenario that submits a code other than the newest one and wants it refused.
    evidence: /expected status (403|429), got 200/,
    fails: {
      ids: [
        'COMPLETE-403-WRONG-CODE',
        'COMPLETE-429-SMS-CAP',
        'INIT-REINIT-CANCELS',
        'RESEND-SMS-REPLACES-CODE',
      ],
    },
    build: (engine) => replaceSubmittedCode(engine, (submitted, sent) => sent[0] ?? submitted),
  },
  {
    id: 'old-codes-stay-valid',
    description:
      'Codes are kept per phone as a list and a new one is appended: a code stays valid after a resend, a re-initialize or the re-send after a wrong code.',
    evidence: /expected status 403, got 200/,
    fails: { ids: ['COMPLETE-403-WRONG-CODE', 'INIT-REINIT-CANCELS', 'RESEND-SMS-REPLACES-CODE'] },
    build: (engine) =>
      replaceSubmittedCode(engine, (submitted, sent) =>
        sent.includes(submitted) ? (sent[0] ?? submitted) : submitted,
      ),
  },
  {
    id: 'expiry-not-enforced',
    description:
      'Code expiry is never checked: the code_expired_at the answer shows is not compared with the time of the complete (modelled by a clock that never moves).',
    evidence: /expected status 403, got 200|expected status 422, got 201/,
    fails: { ids: ['COMPLETE-403-EXPIRED', 'PR-APPROVE-422-EXPIRED'] },
    build: (engine) => (req) =>
      engine.handle(
        operationOf(req).op === 'control' && req.target === '/__control/clock'
          ? withRequestJson(req, { advance_seconds: 0 })
          : req,
      ),
  },
  {
    id: 'code-lifetime-unit',
    description: 'The 15-minute lifetime is converted to seconds twice (900 × 60): codes live 15 hours.',
    evidence: /54000\.0 s after the target's time|expected status 403, got 200|expected status 422, got 201/,
    fails: { ids: ['COMPLETE-403-EXPIRED', 'INIT-CODE-LIFETIME', 'PR-APPROVE-422-EXPIRED'] },
    settings: { codeLifetimeSeconds: 900 * 60 },
    build: (engine) => (req) => engine.handle(req),
  },
  {
    id: 'attempts-never-lock',
    description:
      'The attempts policy of the running service (DIV-WRONG-CODE-ATTEMPTS) with the limit set to 1000: a code never locks, so all 729 codes can be tried.',
    evidence: /the code never locks/,
    fails: { ids: ['COMPLETE-403-WRONG-CODE'] },
    // The cap scenario sees the attempts policy itself (no SMS after a wrong code) and reports it.
    expectedDivergences: ['COMPLETE-429-SMS-CAP', 'PR-APPROVE-422-WRONG-CODE'],
    settings: { wrongCodePolicy: 'attempts', maxAttempts: 1000 },
    build: (engine) => (req) => engine.handle(req),
  },
  {
    id: 'expiry-in-local-time',
    description:
      "code_expired_at is formatted in the server's time zone (2025-01-01T14:15:00.000+02:00): the same instant, but not the UTC the contract asks for.",
    // Every scenario that reads a verification: initialize, resend and complete answers.
    evidence: /expected UTC \(a Z or \+00:00 suffix\)/,
    fails: { tags: ['verification:read'] },
    build: (engine) => async (req) => {
      const res = await engine.handle(req);
      const data = operationOf(req).op === 'control' ? undefined : dataOf(res);
      if (typeof data?.code_expired_at !== 'string') return res;
      return withBody(res, {
        ...bodyOf(res),
        data: { ...data, code_expired_at: inKyivTime(data.code_expired_at) },
      });
    },
  },
  {
    id: 'initialize-sends-two-sms',
    description:
      'The SMS gateway client retries after a timeout although the first attempt went through: every initialize delivers the code twice.',
    // Every scenario that initializes and then counts the phone's SMS (issueCode expects exactly one).
    evidence: /the outbox has 2|the outbox holds 20 SMS/,
    fails: { ids: READS_SENT_CODE },
    build: (engine) => async (req) => {
      const res = await engine.handle(req);
      const body = requestJson(req);
      if (operationOf(req).op === 'initializeVerification' && res.status === 200 && isJson(body)) {
        const phone = String(body.phone_number);
        const [code] = await codesSentTo(engine, phone);
        if (code !== undefined) await engine.outbox.send(phone, code);
      }
      return res;
    },
  },
];
