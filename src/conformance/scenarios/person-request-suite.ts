import type { Scenario } from '../scenario.js';
import { personRequestApproveScenarios } from './person-request-approve.js';
import { personRequestCreateScenarios } from './person-request-create.js';
import { personRequestReadScenarios } from './person-request-read.js';
import { personRequestSignScenarios } from './person-request-sign.js';

/**
 * The person-request flow's own scenarios (issue 14), in the flow's order: create, approve, sign
 * and reject, read. The generated families and the per-field 422s of these operations are
 * registered per operation in scenarios/index.ts (person-requests.ts).
 */
export const personRequestFlowScenarios: readonly Scenario[] = [
  ...personRequestCreateScenarios,
  ...personRequestApproveScenarios,
  ...personRequestSignScenarios,
  ...personRequestReadScenarios,
];
