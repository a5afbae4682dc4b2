// The request body validators only, compiled from both specs by `npm run generate` (ajv standalone
// code; scripts/generate-types.mjs, checked by `npm run generate -- --check`). A module of their
// own: the engine checks request bodies on every request and never needs the response and
// component validators (validators.ts), which are most of the generated code. Plain ES modules in
// src/generated, which the package ships: this path reaches them from src/contract and from
// dist/contract alike (both sit two levels below the package root).
import generated from '../../src/generated/request-validators.mjs';
import type { StandaloneValidator } from '../../src/generated/validators.mjs';
import { getOperation } from './operations.js';
import type { SpecName } from './spec-files.js';

/** An ajv validator compiled at build time: true when valid; otherwise `errors` says why. */
export type Validator = StandaloneValidator;

export const staleValidator = (key: string): Error =>
  new Error(`no generated validator ${key}: src/generated is stale, run \`npm run generate\``);

/**
 * The request body validator of an operation, or null when it takes no JSON body. The generator
 * writes a key for every operation of both specs, so a missing key of a known operation means the
 * generated module is older than the spec.
 */
export function requestBodyValidator(operationId: string, spec: SpecName = 'ehealth'): Validator | null {
  const validate = generated[`${spec}:${operationId}:request`];
  if (validate !== undefined) return validate;
  getOperation(operationId, spec); // throws for an operation the spec does not have
  throw staleValidator(`${spec}:${operationId}:request`);
}
