import type { Engine } from '../../../src/reference-impl/index.js';
import type { Defect } from './defect.js';
import { READS_SENT_CODE, SEES_INITIALIZE_ANSWER } from './scenario-sets.js';
import { bodyOf, dataOf, errorOf, isJson, operationOf, requestJson, withBody, withHeaders } from './wire.js';

/** CONTRACT.md "The verification object": the code itself never appears in any response. */

/** The codes sent to a phone, newest first (what the phone's owner has received). */
async function codesSentTo(engine: Engine, phone: string): Promise<number[]> {
  return (await engine.control.listSms(phone)).map((sms) => Number(sms.code));
}

export const codeLeakDefects: readonly Defect[] = [
  {
    id: 'code-in-initialize-answer',
    description:
      'A debugging aid left in: initialize answers the code in data.code, so whoever can call the API can verify any phone.',
    // Every scenario that gets an initialize answer: data.code is not in the Verification schema
    // (additionalProperties: false), and where the SMS was read the leak check names it too.
    evidence: /must NOT have additional properties \(code\)/,
    fails: { ids: SEES_INITIALIZE_ANSWER },
    build: (engine) => async (req) => {
      const res = await engine.handle(req);
      const body = requestJson(req);
      const data = dataOf(res);
      if (
        operationOf(req).op !== 'initializeVerification' ||
        res.status !== 200 ||
        !isJson(body) ||
        data === undefined
      )
        return res;
      const [code] = await codesSentTo(engine, String(body.phone_number));
      return withBody(res, { ...bodyOf(res), data: { ...data, code } });
    },
  },
  {
    id: 'code-in-debug-header',
    description:
      'A debugging header left in: initialize answers the code in X-Debug-Otp, outside the body that reviews and schemas look at.',
    // Every scenario that initializes and then reads the code from the outbox (the leak check knows
    // only the codes read in the scenario): the 13 of initialize-sends-two-sms.
    evidence: /the OTP code appears in the response header x-debug-otp/,
    fails: { ids: READS_SENT_CODE },
    build: (engine) => async (req) => {
      const res = await engine.handle(req);
      const body = requestJson(req);
      if (operationOf(req).op !== 'initializeVerification' || res.status !== 200 || !isJson(body)) return res;
      const [code] = await codesSentTo(engine, String(body.phone_number));
      return withHeaders(res, { 'x-debug-otp': String(code) });
    },
  },
  {
    id: 'code-in-wrong-code-message',
    description:
      'The 403 for a wrong code names the expected code ("Invalid verification code, expected 1232"), a debug message shipped to production.',
    // The scenarios that submit a wrong code and read the message (exact text, and the leak check).
    evidence: /the OTP code appears in the response at \$\.error\.message/,
    fails: { ids: ['COMPLETE-403-WRONG-CODE', 'INIT-REINIT-CANCELS', 'RESEND-SMS-REPLACES-CODE'] },
    build: (engine) => async (req) => {
      const op = operationOf(req);
      // The code the phone should have sent: the newest before this complete.
      const expected =
        op.op === 'completeVerification' ? (await codesSentTo(engine, op.params.phone_number))[0] : undefined;
      const res = await engine.handle(req);
      const error = errorOf(res);
      if (expected === undefined || error?.message !== 'Invalid verification code') return res;
      return withBody(res, {
        ...bodyOf(res),
        error: { ...error, message: `Invalid verification code, expected ${expected}` },
      });
    },
  },
];
