import type { Engine, EngineRequest } from '../../../src/reference-impl/index.js';
import type { Defect } from './defect.js';
import { isJson, operationOf, requestJson, rewriteResponses, withHeaders } from './wire.js';

/** The per-phone SMS cap (CONTRACT.md completeVerification): 429 with Retry-After, nothing sent. */

/** The phone an OTP request would send its SMS to. */
async function smsPhoneOf(engine: Engine, req: EngineRequest): Promise<string | undefined> {
  const op = operationOf(req);
  if (op.op === 'completeVerification') return op.params.phone_number;
  const body = requestJson(req);
  if (op.op === 'initializeVerification') return isJson(body) ? String(body.phone_number) : undefined;
  if (op.op === 'createPersonRequest' || op.op === 'createPersonRequestV2') {
    const person = isJson(body) && isJson(body.person) ? body.person : {};
    const [first] = Array.isArray(person.authentication_methods)
      ? (person.authentication_methods as unknown[])
      : [];
    return isJson(first) && typeof first.phone_number === 'string' ? first.phone_number : undefined;
  }
  if (op.op !== 'resendPersonRequestOtp') return undefined;
  const methods = (await engine.store.getPersonRequest(op.params.id))?.authenticationMethods ?? [];
  const method = methods.find((m) => m.isPrimary === true) ?? methods[0];
  return method?.phoneNumber;
}

export const smsCapDefects: readonly Defect[] = [
  {
    id: 'sms-cap-not-enforced',
    description:
      'No per-phone limit on SMS (configured as a million an hour): a phone can be flooded and a code guessed.',
    // Initialize and resend answer 200, a create 201; the wrong code answers 403 and sends a code past the cap.
    evidence: /expected status 429, got (200|201|403)/,
    fails: { tags: ['sms:429-cap'] },
    settings: { smsCapLimit: 1_000_000 },
    build: (engine) => (req) => engine.handle(req),
  },
  {
    id: 'sms-cap-without-retry-after',
    description:
      'The 429 of the SMS cap has no Retry-After header, so a client cannot know when to try again.',
    evidence: /expected a retry-after header/,
    fails: { tags: ['sms:429-cap'] },
    build: (engine) =>
      rewriteResponses(
        (req) => engine.handle(req),
        (_req, res) => res.status === 429,
        (res) => withHeaders(res, { 'retry-after': null }),
      ),
  },
  {
    id: 'sms-sent-past-cap',
    description:
      'The SMS is sent before the cap is checked: the call answers 429 but the phone still gets a message.',
    evidence: /the call past the cap sent one/,
    fails: { tags: ['sms:429-cap'] },
    build: (engine) => async (req) => {
      const res = await engine.handle(req);
      const phone = res.status === 429 ? await smsPhoneOf(engine, req) : undefined;
      if (phone !== undefined) await engine.outbox.send(phone, 1000 + Math.floor(Math.random() * 9000));
      return res;
    },
  },
];
