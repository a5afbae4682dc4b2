import { checkResponse as checkAgainstSpec } from '../contract/validators.js';

/**
 * Response validation against openapi/ehealth-otp.yaml: the status must be declared for the
 * operation and the body must match the declared schema. The suite uses the same ajv validators
 * as the reference implementation (src/contract), so both read the spec the same way.
 */
export type CheckResponse = (operationId: string, status: number, body: unknown) => string[];

/** An empty list when the response is valid; one line per problem otherwise. */
export const checkResponse: CheckResponse = (operationId, status, body) => {
  const result = checkAgainstSpec(operationId, status, body);
  return result.ok ? [] : result.problems;
};
