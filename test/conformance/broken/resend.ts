import type { AuthMethod, PersonRequest } from '../../../src/reference-impl/domain/models.js';
import type { Engine, EngineRequest, EngineResponse } from '../../../src/reference-impl/index.js';
import type { Defect } from './defect.js';
import {
  bodyOf,
  errorOf,
  isJson,
  operationOf,
  requestJson,
  rewriteResponses,
  withBody,
  withRequestHeaders,
  withRequestJson,
  withStatus,
} from './wire.js';

/** resendPersonRequestOtp (seeds 000, 001): the checks, their order, where the SMS goes. */

const isConflict = (req: EngineRequest, res: EngineResponse) =>
  operationOf(req).op === 'resendPersonRequestOtp' && res.status === 409;
const isStatusConflict = (req: EngineRequest, res: EngineResponse) =>
  isConflict(req, res) && errorOf(res)?.message !== 'Auth method is not OTP';

/** The scenarios that provoke a resend conflict (409) and check its answer. */
const RESEND_CONFLICTS: readonly string[] = [
  'RESEND-409-AUTH-METHOD',
  'RESEND-409-CHECK-ORDER',
  'RESEND-409-STATUS',
  'RESEND-409-THIRD-PERSON-OFFLINE',
];

/**
 * Lets the engine handle a resend while its person request looks as `view` makes it (what the
 * broken implementation believes it sees), then puts the stored request back.
 */
function withPersonRequestSeenAs(
  engine: Engine,
  view: (request: PersonRequest) => PersonRequest | undefined,
) {
  return async (req: EngineRequest): Promise<EngineResponse> => {
    const op = operationOf(req);
    const stored =
      op.op === 'resendPersonRequestOtp' ? await engine.store.getPersonRequest(op.params.id) : undefined;
    const seen = stored === undefined ? undefined : view(stored);
    if (stored === undefined || seen === undefined) return engine.handle(req);
    await engine.store.putPersonRequest(seen);
    try {
      return await engine.handle(req);
    } finally {
      const after = await engine.store.getPersonRequest(stored.id);
      // Keep what the request changed (new upload URLs), restore what the defect pretended.
      await engine.store.putPersonRequest({ ...stored, uploads: after?.uploads ?? stored.uploads });
    }
  };
}

const primary = (methods: readonly AuthMethod[]) => methods.find((m) => m.isPrimary === true) ?? methods[0];

export const resendDefects: readonly Defect[] = [
  {
    id: 'resend-status-not-checked',
    description:
      'Resend never checks that the person request is still NEW: an APPROVED request gets a new code.',
    // The APPROVED request of RESEND-409-CHECK-ORDER has no OTP method, so it still conflicts.
    evidence: /expected status 409, got 200/,
    fails: { ids: ['RESEND-409-STATUS'] },
    build: (engine) =>
      withPersonRequestSeenAs(engine, (request) =>
        request.status === 'NEW' ? undefined : { ...request, status: 'NEW' },
      ),
  },
  {
    id: 'resend-status-message-vague',
    description:
      'The status conflict says "Person request is not in a valid status", not which status it is in.',
    evidence: /got "Person request is not in a valid status"/,
    fails: { ids: ['RESEND-409-STATUS'] },
    build: (engine) =>
      rewriteResponses(
        (req) => engine.handle(req),
        isStatusConflict,
        (res) =>
          withBody(res, {
            ...bodyOf(res),
            error: { ...errorOf(res), message: 'Person request is not in a valid status' },
          }),
      ),
  },
  {
    id: 'resend-conflict-400',
    description: 'Business-rule conflicts are raised as a generic bad request: 400 instead of 409.',
    evidence: /expected status 409, got 400/,
    fails: { ids: RESEND_CONFLICTS },
    build: (engine) =>
      rewriteResponses(
        (req) => engine.handle(req),
        isConflict,
        (res) => withStatus(res, 400),
      ),
  },
  {
    id: 'resend-conflict-with-data',
    description: 'A 409 also answers the conflicting person request under data, beside the error.',
    evidence: /the body has both data and error/,
    fails: { ids: RESEND_CONFLICTS },
    build: (engine) =>
      rewriteResponses(
        (req) => engine.handle(req),
        isConflict,
        (res, req) => {
          const op = operationOf(req);
          const id = op.op === 'resendPersonRequestOtp' ? op.params.id : '';
          return withBody(res, { ...bodyOf(res), data: { id, status: 'NEW' } });
        },
      ),
  },
  {
    id: 'resend-third-person-not-followed',
    description:
      "Resend accepts only a method of type OTP and never looks into a THIRD_PERSON method's own methods.",
    evidence: /expected status 200, got 409/,
    fails: { ids: ['RESEND-THIRD-PERSON-SMS'] },
    build: (engine) =>
      withPersonRequestSeenAs(engine, (request) =>
        request.authenticationMethods.some((m) => m.type === 'THIRD_PERSON')
          ? {
              ...request,
              authenticationMethods: request.authenticationMethods.map((m) =>
                m.type === 'THIRD_PERSON' && m.thirdPerson !== undefined
                  ? { ...m, thirdPerson: { ...m.thirdPerson, authenticationMethods: [{ type: 'OFFLINE' }] } }
                  : m,
              ),
            }
          : undefined,
      ),
  },
  {
    id: 'resend-primary-ignored',
    description: 'Resend without a body sends the SMS to the first method, not to the one marked is_primary.',
    evidence: /expected one SMS to the primary method, it got 0/,
    fails: { ids: ['RESEND-PRIMARY-METHOD'] },
    build: (engine) => async (req) => {
      const op = operationOf(req);
      if (op.op !== 'resendPersonRequestOtp' || req.body !== undefined) return engine.handle(req);
      const methods = (await engine.store.getPersonRequest(op.params.id))?.authenticationMethods ?? [];
      const [first] = methods;
      if (first?.alias === undefined || first === primary(methods)) return engine.handle(req);
      // Choosing the first method explicitly is what ignoring is_primary amounts to.
      return engine.handle(
        withRequestJson(withRequestHeaders(req, { 'content-type': 'application/json' }), {
          type: first.type,
          alias: first.alias,
        }),
      );
    },
  },
  {
    id: 'resend-alias-ignored',
    description:
      "Resend reads the optional body's type but not its alias: {type: OTP, alias} always goes to the primary method.",
    // The alias that matches no method is not noticed either, so RESEND-422-ALIAS answers 200.
    evidence: /expected one SMS to the method "first", it got 0|expected status 422, got 200/,
    fails: { ids: ['RESEND-422-ALIAS', 'RESEND-CHOSEN-METHOD'] },
    build: (engine) => (req) => {
      const body = requestJson(req);
      const ignored = operationOf(req).op === 'resendPersonRequestOtp' && isJson(body) && body.type === 'OTP';
      return engine.handle(ignored ? { ...req, body: undefined } : req);
    },
  },
  {
    id: 'offline-urls-reused',
    description: 'An OFFLINE resend answers the upload URLs issued the first time instead of new ones.',
    // A scenario that is not required: it fails, and the run's exit code stays 0.
    evidence: /answered the same upload URLs/,
    fails: { ids: ['RESEND-OFFLINE-DOCUMENTS'] },
    build: (engine) => {
      const first = new Map<string, unknown>();
      return rewriteResponses(
        (req) => engine.handle(req),
        (req, res) =>
          operationOf(req).op === 'resendPersonRequestOtp' &&
          res.status === 200 &&
          bodyOf(res)?.urgent !== undefined,
        (res, req) => {
          const op = operationOf(req);
          const key = op.op === 'resendPersonRequestOtp' ? op.params.id : '';
          const urgent = first.get(key) ?? bodyOf(res)?.urgent;
          first.set(key, urgent);
          return withBody(res, { ...bodyOf(res), urgent });
        },
      );
    },
  },
  {
    id: 'resend-empty-body-picks-first',
    description:
      'A resend body is taken as a choice even when it names nothing: `{}` sends to the first method of the request, not to the primary one as no body does.',
    evidence: /expected one SMS to the primary method, it got 0/,
    fails: { ids: ['RESEND-EMPTY-BODY'] },
    build: (engine) => async (req) => {
      const op = operationOf(req);
      const json = requestJson(req);
      if (op.op !== 'resendPersonRequestOtp' || !isJson(json) || Object.keys(json).length > 0)
        return engine.handle(req);
      const [first] = (await engine.store.getPersonRequest(op.params.id))?.authenticationMethods ?? [];
      if (first?.alias === undefined) return engine.handle(req);
      return engine.handle(withRequestJson(req, { type: first.type, alias: first.alias }));
    },
  },
];
