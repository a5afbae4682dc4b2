import type { Defect } from './defect.js';
import { SEES_INITIALIZE_ANSWER } from './scenario-sets.js';
import {
  bodyOf,
  isJson,
  metaOf,
  operationOf,
  requestJson,
  rewriteResponses,
  withBody,
  withRequestJson,
} from './wire.js';

/**
 * Not a defect: a deployment that shows a known divergence (src/conformance/divergences.ts). The
 * suite must report it as `divergence` under normal mode, and fail exactly the same scenarios under
 * --strict; `expectedFailures` lists those (the ones that see an initialize answer).
 */
export const initialize201: Defect = {
  id: 'initialize-201',
  description:
    'Initialize answers 201 Created, as the running service does (DIV-INIT-201), not 200 (Apiary).',
  evidence: /known divergence DIV-INIT-201 observed \(fails under --strict\)/,
  fails: { ids: SEES_INITIALIZE_ANSWER },
  build: (engine) =>
    rewriteResponses(
      (req) => engine.handle(req),
      (req, res) => operationOf(req).op === 'initializeVerification' && res.status === 200,
      (res) => withBody(res, { ...bodyOf(res), meta: { ...metaOf(res), code: 201 } }, 201),
    ),
};

/**
 * Not a defect either: the running service's wrong-code policy (DIV-WRONG-CODE-ATTEMPTS), with its
 * lock after the third wrong try. The three scenarios that submit a wrong code (two on complete, one
 * on approve, which spends its code through the same policy) report it.
 */
export const attemptsPolicy: Defect = {
  id: 'attempts-policy',
  description:
    'A wrong code keeps the code and counts attempts, locking after 3, as the running service does (DIV-WRONG-CODE-ATTEMPTS).',
  evidence: /known divergence DIV-WRONG-CODE-ATTEMPTS observed \(fails under --strict\)/,
  fails: { ids: ['COMPLETE-403-WRONG-CODE', 'COMPLETE-429-SMS-CAP', 'PR-APPROVE-422-WRONG-CODE'] },
  settings: { wrongCodePolicy: 'attempts', maxAttempts: 3 },
  build: (engine) => (req) => engine.handle(req),
};

/**
 * Not a defect: initialize validated by the public docs' schema, which names only `phone_number`
 * (UA:487-488): the optional `provider` of the OTP service is refused (DIV-INIT-PROVIDER).
 */
export const providerRefused: Defect = {
  id: 'initialize-provider-refused',
  description:
    'Initialize refuses any property but phone_number, provider too, with 422 at $.provider, as the public docs have it (DIV-INIT-PROVIDER).',
  evidence: /known divergence DIV-INIT-PROVIDER observed \(fails under --strict\)/,
  fails: { ids: ['INIT-200-PROVIDER'] },
  build: (engine) => async (req) => {
    const json = requestJson(req);
    if (operationOf(req).op !== 'initializeVerification' || !isJson(json) || json.provider === undefined)
      return engine.handle(req);
    // What the engine answers for a property its schema does not have (rule `schema`), at $.provider.
    const { provider: _given, ...rest } = json;
    const res = await engine.handle(withRequestJson(req, { ...rest, unknown_property: 'x' }));
    const entry = JSON.stringify(bodyOf(res) ?? {}).replaceAll('$.unknown_property', '$.provider');
    return { ...res, body: entry };
  },
};

/**
 * Not a defect: resend reads seeds/000's body `{type, alias}` as required, so `{}` is refused with
 * 422 at $.type (DIV-RESEND-EMPTY-BODY); the engine's own 422 for a type it does not know stands in.
 */
export const emptyResendRefused: Defect = {
  id: 'resend-empty-body-refused',
  description:
    "Resend requires the type of seeds/000's body {type, alias}: `{}` answers 422 at $.type (DIV-RESEND-EMPTY-BODY).",
  evidence: /known divergence DIV-RESEND-EMPTY-BODY observed \(fails under --strict\)/,
  fails: { ids: ['RESEND-EMPTY-BODY'] },
  build: (engine) => (req) => {
    const json = requestJson(req);
    const empty =
      operationOf(req).op === 'resendPersonRequestOtp' && isJson(json) && Object.keys(json).length === 0;
    return engine.handle(empty ? withRequestJson(req, { type: 'NONE' }) : req);
  },
};

/** Every divergent deployment the test runs, normal and under --strict. */
export const divergentDeployments: readonly Defect[] = [
  initialize201,
  attemptsPolicy,
  providerRefused,
  emptyResendRefused,
];
