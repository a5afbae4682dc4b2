import type { ErrorObject, ValidateFunction } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { getOperation } from './operations.js';
import { toJsonPath } from './rules.js';
import { loadSpec, type OpenApiDocument, type SpecName } from './spec-files.js';

/**
 * One ajv instance compiles request and response schemas straight from the specs, shared by the
 * reference implementation (422 bodies) and the conformance suite (response checks). Each
 * validator is compiled once, on first use, and cached.
 */
const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true });
// ajv-formats is CommonJS: under NodeNext its default import is the plugin function itself.
const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;
addFormats(ajv);
// OpenAPI keywords that may sit inside schemas or beside them; they carry no validation.
ajv.addVocabulary(['components', 'example', 'discriminator', 'xml', 'externalDocs', 'x-extension']);

const schemaIds: Record<SpecName, string> = {
  ehealth: 'https://ehealth-otp-kit.local/ehealth-otp.json',
  control: 'https://ehealth-otp-kit.local/control.json',
};
const added = new Set<SpecName>();

function base(spec: SpecName): string {
  if (!added.has(spec)) {
    ajv.addSchema({ $id: schemaIds[spec], components: loadSpec(spec).components ?? {} });
    added.add(spec);
  }
  return schemaIds[spec];
}

/** Follows a local `$ref` (`#/components/...`) at the OpenAPI level (responses, request bodies). */
function deref(doc: OpenApiDocument, node: unknown): Record<string, unknown> | undefined {
  let current = node as Record<string, unknown> | undefined;
  for (let hops = 0; current !== undefined && typeof current.$ref === 'string' && hops < 8; hops++) {
    const pointer = (current.$ref as string).replace(/^#\//, '').split('/');
    let target: unknown = doc;
    for (const key of pointer) target = (target as Record<string, unknown> | undefined)?.[key];
    current = target as Record<string, unknown> | undefined;
  }
  return current;
}

function jsonSchemaOf(content: unknown): unknown {
  const media = (content as Record<string, Record<string, unknown>> | undefined)?.['application/json'];
  return media?.schema;
}

/** Rewrites `#/components/...` refs so they resolve against the spec's registered schema id. */
function anchor(schema: unknown, spec: SpecName): unknown {
  const id = base(spec);
  const text = JSON.stringify(schema).replace(/"\$ref":"#\//g, `"$ref":"${id}#/`);
  return JSON.parse(text) as unknown;
}

const cache = new Map<string, ValidateFunction | null>();

function compileOnce(key: string, make: () => unknown): ValidateFunction | null {
  let fn: ValidateFunction | null | undefined = cache.get(key);
  if (fn === undefined) {
    const schema = make();
    fn = schema === undefined ? null : ajv.compile(schema as object);
    cache.set(key, fn);
  }
  return fn;
}

function operationNode(spec: SpecName, operationId: string): Record<string, unknown> {
  const info = getOperation(operationId, spec);
  const item = loadSpec(spec).paths[info.path] as Record<string, Record<string, unknown>>;
  return item[info.method.toLowerCase()] ?? {};
}

/** The request body validator of an operation, or null when it takes no JSON body. */
export function requestBodyValidator(
  operationId: string,
  spec: SpecName = 'ehealth',
): ValidateFunction | null {
  return compileOnce(`${spec}:${operationId}:request`, () => {
    const doc = loadSpec(spec);
    const body = deref(doc, operationNode(spec, operationId).requestBody);
    const schema = jsonSchemaOf(body?.content);
    return schema === undefined ? undefined : anchor(schema, spec);
  });
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
  const validate = compileOnce(`${spec}:${operationId}:${key}`, () => {
    const doc = loadSpec(spec);
    const schema = jsonSchemaOf(deref(doc, responses[key])?.content);
    return schema === undefined ? undefined : anchor(schema, spec);
  });
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

/** Compiles a named component schema, e.g. `SeedPersonRequest` of the control spec. */
export function componentValidator(name: string, spec: SpecName): ValidateFunction {
  const fn = compileOnce(`${spec}:component:${name}`, () => ({
    $ref: `${base(spec)}#/components/schemas/${name}`,
  }));
  if (fn === null) throw new Error(`no schema ${name} in ${spec}`);
  return fn;
}
