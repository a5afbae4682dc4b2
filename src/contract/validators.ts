// The response and component validators, compiled from both specs by `npm run generate` (ajv
// standalone code; see request-validators.ts for the request bodies and for the import path).
import { validatorOf } from '../../src/generated/validators.mjs';
import { getOperation } from './operations.js';
import { describeError, staleValidator, type Validator } from './request-validators.js';
import { loadSpec, type SpecName } from './spec-files.js';

/**
 * The validators of the specs' request, response and component schemas, shared by the reference
 * implementation (422 bodies) and the conformance suite (response checks). They were compiled at
 * build time (ajv standalone code), so nothing is compiled at run time and ajv's compiler is never
 * loaded: a cold start pays for neither. Their code is evaluated on the first lookup, not at
 * import. Options: ajv 2020-12, `allErrors`, `strict`, ajv-formats.
 */
export { describeError, requestBodyValidator, type Validator } from './request-validators.js';

/**
 * The generated validator under a key; null where the spec declares no JSON schema there. The
 * generator writes a key for every declared response, so a missing key of a known operation
 * means the generated module is older than the spec.
 */
function lookup(key: string): Validator | null {
  const validate = validatorOf(key);
  if (validate === undefined) throw staleValidator(key);
  return validate;
}

function operationNode(spec: SpecName, operationId: string): Record<string, unknown> {
  const info = getOperation(operationId, spec);
  const item = loadSpec(spec).paths[info.path] as Record<string, Record<string, unknown>>;
  return item[info.method.toLowerCase()] ?? {};
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
  return { ok: false, problems: (validate.errors ?? []).map((e) => describeError(e)) };
}

/** The validator of a named component schema, e.g. `SeedPersonRequest` of the control spec. */
export function componentValidator(name: string, spec: SpecName): Validator {
  const fn = validatorOf(`${spec}:component:${name}`);
  if (fn === undefined || fn === null) throw new Error(`no schema ${name} in ${spec}`);
  return fn;
}
