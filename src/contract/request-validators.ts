// The request validators only, compiled from both specs by `npm run generate` (ajv standalone
// code; scripts/generate-types.mjs, checked by `npm run generate -- --check`). A module of their
// own: the engine checks request bodies on every request and never needs the response and
// component validators (validators.ts), which are most of the generated code. Each validator's
// code is evaluated on its first lookup, so a first request pays for its own operation only.
// Plain ES modules in src/generated, which the package ships: this path reaches them from
// src/contract and from dist/contract alike (both sit two levels below the package root).
import type { ErrorObject } from 'ajv';
import { type StandaloneValidator, validatorOf } from '../../src/generated/request-validators.mjs';
import { getOperation } from './operations.js';
import { toJsonPath } from './rules.js';
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
  const validate = validatorOf(`${spec}:${operationId}:request`);
  if (validate !== undefined) return validate;
  getOperation(operationId, spec); // throws for an operation the spec does not have
  throw staleValidator(`${spec}:${operationId}:request`);
}

/**
 * The validator of a component schema the engine checks values against: a query parameter's
 * schema (`parameters[].schema.$ref`, e.g. `PageSize` of listPersonRequests) or a seed's data
 * (the generator's ENGINE_COMPONENTS). The same validator as validators.ts `componentValidator`
 * gives for any component, without loading the response validators; throws for the others.
 */
export function componentValidator(name: string, spec: SpecName): Validator {
  const validate = validatorOf(`${spec}:component:${name}`);
  if (validate === undefined || validate === null)
    throw new Error(
      `no schema ${name} in ${spec} among those the engine checks (scripts/generate-types.mjs ENGINE_COMPONENTS)`,
    );
  return validate;
}

/** A one-line description such as `$.data.status: must be equal to one of the allowed values`. */
export function describeError(error: ErrorObject): string {
  const where = toJsonPath(error.instancePath);
  const params = error.params as Record<string, unknown>;
  if (error.keyword === 'additionalProperties') {
    return `${where}: must NOT have additional properties (${String(params.additionalProperty)})`;
  }
  if (error.keyword === 'enum') return `${where}: must be one of ${JSON.stringify(params.allowedValues)}`;
  return `${where}: ${error.message ?? error.keyword}`;
}
