import type { Defect } from './defect.js';
import { SEES_INITIALIZE_ANSWER } from './scenario-sets.js';
import { bodyOf, metaOf, operationOf, rewriteResponses, withBody } from './wire.js';

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

/** Every divergent deployment the test runs, normal and under --strict. */
export const divergentDeployments: readonly Defect[] = [initialize201, attemptsPolicy];
