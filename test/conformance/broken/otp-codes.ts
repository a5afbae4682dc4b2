import { setTimeout as sleep } from 'node:timers/promises';
import type { Engine, EngineRequest, EngineResponse } from '../../../src/reference-impl/index.js';
import type { Defect } from './defect.js';
import {
  bodyOf,
  dataOf,
  errorOf,
  isJson,
  metaOf,
  operationOf,
  requestJson,
  rewriteResponses,
  withBody,
  withHeaders,
  withRequestJson,
} from './wire.js';

/** Codes and their lifecycle: comparison, replacement, expiry, delivery, the answer to complete. */

/** The codes sent to a phone, newest first (what the phone's owner has received). */
async function codesSentTo(engine: Engine, phone: string): Promise<number[]> {
  return (await engine.control.listSms(phone)).map((sms) => Number(sms.code));
}

/** A complete whose `{code}` is replaced by `pick(submitted, codes sent to the phone)`. */
function replaceSubmittedCode(engine: Engine, pick: (submitted: number, sent: number[]) => number) {
  return async (req: EngineRequest): Promise<EngineResponse> => {
    const op = operationOf(req);
    const body = requestJson(req);
    if (op.op !== 'complete' || !isJson(body) || typeof body.code !== 'number') return engine.handle(req);
    const sent = await codesSentTo(engine, op.phone);
    return engine.handle(withRequestJson(req, { ...body, code: pick(body.code, sent) }));
  };
}

/** The request id a correct deployment answers for `req` (CONTRACT.md: echoed at 20 to 200 characters). */
function requestIdFor(req: EngineRequest): string {
  const sent = req.headers['x-request-id'];
  return sent !== undefined && sent.length >= 20 && sent.length <= 200 ? sent : crypto.randomUUID();
}

export const otpCodeDefects: readonly Defect[] = [
  {
    id: 'wrong-code-accepted',
    description:
      'The code comparison always succeeds (e.g. comparing the stored code with itself): any code completes the newest verification.',
    // Every scenario that submits a code other than the newest one and wants it refused.
    expectedFailures: [
      'COMPLETE-403-WRONG-CODE',
      'COMPLETE-429-SMS-CAP',
      'INIT-REINIT-CANCELS',
      'RESEND-SMS-REPLACES-CODE',
    ],
    build: (engine) => replaceSubmittedCode(engine, (submitted, sent) => sent[0] ?? submitted),
  },
  {
    id: 'old-codes-stay-valid',
    description:
      'Codes are kept per phone as a list and a new one is appended: a code stays valid after a resend, a re-initialize or the re-send after a wrong code.',
    expectedFailures: ['COMPLETE-403-WRONG-CODE', 'INIT-REINIT-CANCELS', 'RESEND-SMS-REPLACES-CODE'],
    build: (engine) =>
      replaceSubmittedCode(engine, (submitted, sent) =>
        sent.includes(submitted) ? (sent[0] ?? submitted) : submitted,
      ),
  },
  {
    id: 'expiry-not-enforced',
    description:
      'Code expiry is never checked: the code_expired_at the answer shows is not compared with the time of the complete (modelled by a clock that never moves).',
    expectedFailures: ['COMPLETE-403-EXPIRED'],
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
    expectedFailures: ['COMPLETE-403-EXPIRED', 'INIT-CODE-LIFETIME'],
    settings: { codeLifetimeSeconds: 900 * 60 },
    build: (engine) => (req) => engine.handle(req),
  },
  {
    id: 'code-in-initialize-answer',
    description:
      'A debugging aid left in: initialize answers the code in data.code, so whoever can call the API can verify any phone.',
    // Every scenario that gets an initialize answer: data.code is not in the Verification schema
    // (additionalProperties: false), and where the SMS was read the leak check names it too.
    expectedFailures: [
      'COMPLETE-200',
      'COMPLETE-403-EXPIRED',
      'COMPLETE-403-INACTIVE',
      'COMPLETE-403-WRONG-CODE',
      'COMPLETE-429-SMS-CAP',
      'COMPLETE-CONCURRENT-ONCE',
      'INIT-200',
      'INIT-429-SMS-CAP',
      'INIT-CODE-LIFETIME',
      'INIT-REINIT-CANCELS',
      'INIT-SMS-SENT',
      'LIFECYCLE-VERIFY-PHONE',
      'RESEND-429-SMS-CAP',
      'RESEND-SMS-REPLACES-CODE',
      'VERIFIED-PHONE-200',
    ],
    build: (engine) => async (req) => {
      const res = await engine.handle(req);
      const body = requestJson(req);
      const data = dataOf(res);
      if (operationOf(req).op !== 'initialize' || res.status !== 200 || !isJson(body) || data === undefined)
        return res;
      const [code] = await codesSentTo(engine, String(body.phone_number));
      return withBody(res, { ...bodyOf(res), data: { ...data, code } });
    },
  },
  {
    id: 'code-in-wrong-code-message',
    description:
      'The 403 for a wrong code names the expected code ("Invalid verification code, expected 1232"), a debug message shipped to production.',
    // The scenarios that submit a wrong code and read the message (exact text, and the leak check).
    expectedFailures: ['COMPLETE-403-WRONG-CODE', 'INIT-REINIT-CANCELS', 'RESEND-SMS-REPLACES-CODE'],
    build: (engine) => async (req) => {
      const op = operationOf(req);
      // The code the phone should have sent: the newest before this complete.
      const expected = op.op === 'complete' ? (await codesSentTo(engine, op.phone))[0] : undefined;
      const res = await engine.handle(req);
      const error = errorOf(res);
      if (expected === undefined || error?.message !== 'Invalid verification code') return res;
      return withBody(res, {
        ...bodyOf(res),
        error: { ...error, message: `Invalid verification code, expected ${expected}` },
      });
    },
  },
  {
    id: 'initialize-sends-two-sms',
    description:
      'The SMS gateway client retries after a timeout although the first attempt went through: every initialize delivers the code twice.',
    // Every scenario that initializes and then counts the phone's SMS (issueCode expects exactly one).
    expectedFailures: [
      'COMPLETE-200',
      'COMPLETE-403-EXPIRED',
      'COMPLETE-403-INACTIVE',
      'COMPLETE-403-WRONG-CODE',
      'COMPLETE-429-SMS-CAP',
      'COMPLETE-CONCURRENT-ONCE',
      'INIT-429-SMS-CAP',
      'INIT-REINIT-CANCELS',
      'INIT-SMS-SENT',
      'LIFECYCLE-VERIFY-PHONE',
      'RESEND-429-SMS-CAP',
      'RESEND-SMS-REPLACES-CODE',
      'VERIFIED-PHONE-200',
    ],
    build: (engine) => async (req) => {
      const res = await engine.handle(req);
      const body = requestJson(req);
      if (operationOf(req).op === 'initialize' && res.status === 200 && isJson(body)) {
        const phone = String(body.phone_number);
        const [code] = await codesSentTo(engine, phone);
        if (code !== undefined) await engine.outbox.send(phone, code);
      }
      return res;
    },
  },
  {
    id: 'complete-answers-stale-record',
    description:
      'Complete answers the verification as it was read before the update: status NEW and active true after a successful complete.',
    // Every scenario that completes a code successfully and checks the answer.
    expectedFailures: [
      'COMPLETE-200',
      'COMPLETE-403-INACTIVE',
      'COMPLETE-403-WRONG-CODE',
      'COMPLETE-CONCURRENT-ONCE',
      'INIT-REINIT-CANCELS',
      'LIFECYCLE-VERIFY-PHONE',
      'RESEND-SMS-REPLACES-CODE',
      'VERIFIED-PHONE-200',
    ],
    build: (engine) =>
      rewriteResponses(
        (req) => engine.handle(req),
        (req, res) => operationOf(req).op === 'complete' && res.status === 200,
        (res) => withBody(res, { ...bodyOf(res), data: { ...dataOf(res), status: 'NEW', active: true } }),
      ),
  },
  {
    id: 'parallel-completes-all-accepted',
    description:
      'Complete reads the verification, compares, and writes VERIFIED in a separate step without a lock or a conditional update: parallel requests all read it active and all succeed.',
    expectedFailures: ['COMPLETE-CONCURRENT-ONCE'],
    build: (engine) => {
      const inFlight = new Map<string, Promise<EngineResponse>>();
      return async (req) => {
        const op = operationOf(req);
        if (op.op !== 'complete') return engine.handle(req);
        const key = `${op.phone} ${new TextDecoder().decode(req.body)}`;
        const first = inFlight.get(key);
        if (first !== undefined) {
          // This request read the record before the first one wrote it: it sees the same outcome.
          const answer = await first;
          if (answer.status !== 200) return engine.handle(req);
          const id = requestIdFor(req);
          const body = bodyOf(answer) ?? {};
          return withHeaders(withBody(answer, { ...body, meta: { ...metaOf(answer), request_id: id } }), {
            'x-request-id': id,
          });
        }
        // The window between read and write (a slow store round trip), so that the race is certain.
        const answer = sleep(10).then(() => engine.handle(req));
        inFlight.set(key, answer);
        try {
          return await answer;
        } finally {
          inFlight.delete(key);
        }
      };
    },
  },
];
