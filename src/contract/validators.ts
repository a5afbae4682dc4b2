import type { ErrorObject } from 'ajv';
// ajv standalone code compiled from both specs by `npm run generate` (scripts/generate-types.mjs;
// `npm run generate -- --check` fails when it is stale). It is a plain ES module, not TypeScript,
// so it ships as written in src/generated, which the package includes: this path reaches it from
// src/contract and from dist/contract alike (both sit two levels below the package root).
import generated, { type StandaloneValidator } from '../../src/generated/validators.mjs';
import { getOperation } from './operations.js';
import { toJsonPath } from './rules.js';
import { loadSpec, type SpecName } from './spec-files.js';

/**
 * The validators of the specs' request, response and component schemas, shared by the reference
 * implementation (422 bodies) and the conformance suite (response checks). They were compiled at
 * build time (ajv standalone code), so nothing is compiled at run time and ajv's compiler is never
 * loaded: a cold start pays for neither. Options: ajv 2020-12, `allErrors`, `strict`, ajv-formats.
 */
export type Validator = StandaloneValidator;

const stale = (key: string): Error =>
  new Error(`no generated validator ${key}: src/generated is stale, run \`npm run generate\``);

/**
 * The generated validator under a key; null where the spec declares no JSON schema there. The
 * generator writes a key for every operation's request and every declared response, so a key
 * of a known operation that is missing means the generated module is older than the spec.
 */
function lookup(key: string): Validator | null {
  const validate = generated[key];
  if (validate === undefined) throw stale(key);
  return validate;
}

function operationNode(spec: SpecName, operationId: string): Record<string, unknown> {
  const info = getOperation(operationId, spec);
  const item = loadSpec(spec).paths[info.path] as Record<string, Record<string, unknown>>;
  return item[info.method.toLowerCase()] ?? {};
}

/** The request body validator of an operation, or null when it takes no JSON body. */
export function requestBodyValidator(operationId: string, spec: SpecName = 'ehealth'): Validator | null {
  const validate = generated[`${spec}:${operationId}:request`];
  if (validate !== undefined) return validate;
  getOperation(operationId, spec); // throws for an operation the spec does not have
  throw stale(`${spec}:${operationId}:request`);
}

export type ResponseCheck = { ok: true } | { ok: false; problems: string[] };

/**
 * Checks a response against the spec: the status must be declared for the operation and the
 * body must match that response's schema. Used by tests and by the conformance suite.
 */
export function checkResponse(
  operationId: string,
  status: number,
  body: unknown,
  spec: SpecName = 'ehealth',
): ResponseCheck {
  const responses = (operationNode(spec, operationId).responses ?? {}) as Record<string, unknown>;
  // An exact status wins over a range (`4XX`) and over `default`, as OpenAPI says.
  const key = [String(status), `${String(status)[0]}XX`, 'default'].find((k) => responses[k] !== undefined);
  if (key === undefined) {
    const declared = Object.keys(responses).join(', ');
    return {
      ok: false,
      problems: [`status ${status} is not declared for ${operationId} (declared: ${declared})`],
    };
  }
  const validate = lookup(`${spec}:${operationId}:${key}`);
  if (validate === null) {
    return body === undefined || body === ''
      ? { ok: true }
      : { ok: false, problems: ['a body where none is declared'] };
  }
  if (validate(body)) return { ok: true };
  return { ok: false, problems: (validate.errors ?? []).map(describeError) };
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

/** The validator of a named component schema, e.g. `SeedPersonRequest` of the control spec. */
export function componentValidator(name: string, spec: SpecName): Validator {
  const fn = generated[`${spec}:component:${name}`];
  if (fn === undefined || fn === null) throw new Error(`no schema ${name} in ${spec}`);
  return fn;
}
