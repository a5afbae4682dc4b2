import { setTimeout as sleep } from 'node:timers/promises';
import type { EngineRequest, EngineResponse } from '../../../src/reference-impl/index.js';
import type { Defect } from './defect.js';
import { COMPLETES_SUCCESSFULLY } from './scenario-sets.js';
import {
  bodyOf,
  dataOf,
  isJson,
  metaOf,
  operationOf,
  requestJson,
  rewriteResponses,
  withBody,
  withHeaders,
  withRequestHeaders,
  withStatus,
} from './wire.js';

/** The answer of completeVerification: the updated verification, and one success per code. */

/** The request id a correct deployment answers for `req` (CONTRACT.md: echoed at 20 to 200 characters). */
function requestIdFor(req: EngineRequest): string {
  const sent = req.headers['x-request-id'];
  return sent !== undefined && sent.length >= 20 && sent.length <= 200 ? sent : crypto.randomUUID();
}

export const completeDefects: readonly Defect[] = [
  {
    id: 'complete-answers-stale-record',
    description:
      'Complete answers the verification as it was read before the update: status NEW and active true after a successful complete.',
    // Every scenario that completes a code successfully and checks the answer.
    evidence: /data\.active is true, expected false/,
    fails: { ids: COMPLETES_SUCCESSFULLY },
    build: (engine) =>
      rewriteResponses(
        (req) => engine.handle(req),
        (req, res) => operationOf(req).op === 'completeVerification' && res.status === 200,
        (res) => withBody(res, { ...bodyOf(res), data: { ...dataOf(res), status: 'NEW', active: true } }),
      ),
  },
  {
    id: 'parallel-completes-all-accepted',
    description:
      'Complete reads the verification, compares, and writes VERIFIED in a separate step without a lock or a conditional update: parallel requests all read it active and all succeed.',
    evidence: /10 of 10 parallel completes with the same code answered 200/,
    fails: { ids: ['COMPLETE-CONCURRENT-ONCE'] },
    build: (engine) => {
      const inFlight = new Map<string, Promise<EngineResponse>>();
      return async (req) => {
        const op = operationOf(req);
        if (op.op !== 'completeVerification') return engine.handle(req);
        const key = `${op.params.phone_number} ${new TextDecoder().decode(req.body)}`;
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
  {
    id: 'complete-without-location',
    description:
      'Complete answers its 200 without the Location header the OTP service sets (VCTRL:38): the controller renders the verification only.',
    evidence: /Location is null, expected "\/verifications\//,
    fails: { ids: ['COMPLETE-200-LOCATION'] },
    build: (engine) =>
      rewriteResponses(
        (req) => engine.handle(req),
        (req, res) => operationOf(req).op === 'completeVerification' && res.status === 200,
        (res) => withHeaders(res, { location: null }),
      ),
  },
  {
    id: 'initialize-provider-crashes',
    description:
      'Initialize looks the optional provider up in a table of SMS gateways and crashes on one it does not have (500), instead of sending through its own.',
    evidence: /status 500|→ 500/,
    fails: { ids: ['INIT-200-PROVIDER'] },
    build: (engine) => async (req) => {
      const json = requestJson(req);
      const res = await engine.handle(req);
      if (operationOf(req).op !== 'initializeVerification' || !isJson(json) || json.provider === undefined)
        return res;
      return withStatus(res, 500, { type: 'internal_error', message: 'Internal server error' });
    },
  },
  {
    id: 'initialize-ignores-accept',
    description:
      'Initialize answers JSON whatever the Accept header asks for (no 406 NotAcceptable), so a client that accepts no JSON gets a verification and an SMS it cannot read.',
    evidence: /status 200|→ 200/,
    fails: { ids: ['INIT-406-ACCEPT'] },
    build: (engine) => (req) =>
      engine.handle(
        operationOf(req).op === 'initializeVerification'
          ? withRequestHeaders(req, { accept: 'application/json' })
          : req,
      ),
  },
];
