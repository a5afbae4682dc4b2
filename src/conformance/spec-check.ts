import { readFileSync } from 'node:fs';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { parse } from 'yaml';
import { isObject } from './json.js';

/**
 * Response validation against openapi/ehealth-otp.yaml: the status must be declared for the
 * operation and the body must match the declared schema. The interface is one function so that a
 * shared validator (src/contract) can replace this module without touching the scenarios.
 */
export type CheckResponse = (operationId: string, status: number, body: unknown) => string[];

type JsonObject = Record<string, unknown>;

// ajv-formats is CommonJS: under NodeNext its default import is the plugin function itself.
const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;

/** The spec ships beside the code: two levels up from src/conformance and from dist/conformance. */
const DEFAULT_SPEC_URL = new URL('../../openapi/ehealth-otp.yaml', import.meta.url);

/** Keywords whose value is one schema, a list of schemas, or a map of schemas (JSON Schema 2020-12). */
const SCHEMA_ONE = [
  'items',
  'not',
  'if',
  'then',
  'else',
  'additionalProperties',
  'unevaluatedProperties',
  'unevaluatedItems',
  'contains',
  'propertyNames',
  'additionalItems',
];
const SCHEMA_LIST = ['allOf', 'anyOf', 'oneOf', 'prefixItems'];
const SCHEMA_MAP = ['properties', 'patternProperties', '$defs', 'dependentSchemas'];
/** OpenAPI-only annotations that ajv would reject or that carry no validation. */
const OPENAPI_ONLY = new Set(['example', 'discriminator', 'xml', 'externalDocs']);

function resolvePointer(doc: JsonObject, ref: string): unknown {
  if (!ref.startsWith('#/')) throw new Error(`only local $refs are supported, got ${ref}`);
  let node: unknown = doc;
  for (const raw of ref.slice(2).split('/')) {
    const key = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    node = isObject(node) ? node[key] : undefined;
  }
  if (node === undefined) throw new Error(`unresolvable $ref ${ref}`);
  return node;
}

/** Follows OpenAPI-level `$ref`s (responses, media types) to the object they name. */
function follow(doc: JsonObject, node: unknown): JsonObject | undefined {
  let current = node;
  for (let hops = 0; isObject(current) && typeof current.$ref === 'string'; hops++) {
    if (hops > 16) throw new Error('$ref chain too long');
    current = resolvePointer(doc, current.$ref);
  }
  return isObject(current) ? current : undefined;
}

/**
 * Inlines local `$ref`s of a schema and drops OpenAPI-only keywords, walking only schema positions
 * (a property may well be called `example`). The spec has no recursive schemas; one would be an error.
 */
function inlineSchema(doc: JsonObject, node: unknown, trail: readonly string[]): unknown {
  if (!isObject(node)) return node;
  const out: JsonObject = {};
  let target: unknown;
  for (const [key, value] of Object.entries(node)) {
    if (OPENAPI_ONLY.has(key) || key.startsWith('x-')) continue;
    if (key === '$ref' && typeof value === 'string') {
      if (trail.includes(value)) throw new Error(`recursive $ref ${value} is not supported`);
      target = inlineSchema(doc, resolvePointer(doc, value), [...trail, value]);
    } else if (SCHEMA_ONE.includes(key)) {
      out[key] = inlineSchema(doc, value, trail);
    } else if (SCHEMA_LIST.includes(key) && Array.isArray(value)) {
      out[key] = value.map((item) => inlineSchema(doc, item, trail));
    } else if (SCHEMA_MAP.includes(key) && isObject(value)) {
      out[key] = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, inlineSchema(doc, v, trail)]));
    } else {
      out[key] = value;
    }
  }
  if (target === undefined) return out;
  // OpenAPI 3.1 lets keywords sit beside $ref; they apply in addition, as allOf does.
  return Object.keys(out).length === 0 ? target : { ...out, allOf: [...asList(out.allOf), target] };
}

function asList(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function describe(error: ErrorObject): string {
  const where = `$${error.instancePath.replace(/\/([^/]+)/g, (_, part: string) => (/^\d+$/.test(part) ? `[${part}]` : `.${part}`))}`;
  const params = error.params as JsonObject;
  if (error.keyword === 'additionalProperties')
    return `${where}: unexpected property ${String(params.additionalProperty)}`;
  if (error.keyword === 'enum') return `${where}: must be one of ${JSON.stringify(params.allowedValues)}`;
  return `${where}: ${error.message ?? error.keyword}`;
}

export function createSpecChecker(specText: string): CheckResponse {
  const doc = parse(specText) as unknown;
  if (!isObject(doc) || !isObject(doc.paths)) throw new Error('the OpenAPI document has no paths');
  const spec = doc;
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  addFormats(ajv);
  const compiled = new Map<JsonObject, ValidateFunction>();

  const operations = new Map<string, JsonObject>();
  for (const item of Object.values(spec.paths as JsonObject)) {
    if (!isObject(item)) continue;
    for (const op of Object.values(item)) {
      if (isObject(op) && typeof op.operationId === 'string') operations.set(op.operationId, op);
    }
  }

  return (operationId, status, body) => {
    const op = operations.get(operationId);
    if (op === undefined) throw new Error(`operation ${operationId} is not in the spec`);
    const responses = follow(spec, op.responses) ?? {};
    const key = [String(status), `${String(status)[0]}XX`, 'default'].find((k) => responses[k] !== undefined);
    if (key === undefined) {
      return [
        `status ${status} is not declared for ${operationId} (declared: ${Object.keys(responses).join(', ')})`,
      ];
    }
    const content = follow(spec, follow(spec, responses[key])?.content);
    const raw = follow(spec, content?.['application/json'])?.schema;
    if (!isObject(raw)) return [];
    // A bare `$ref` is replaced by its target, so that the responses sharing a schema share its key.
    const schema = Object.keys(raw).length === 1 ? (follow(spec, raw) ?? raw) : raw;
    // Keyed by the schema object: the operations share a few response schemas, each compiled once.
    let validate = compiled.get(schema);
    if (validate === undefined) {
      validate = ajv.compile(inlineSchema(spec, schema, []) as JsonObject);
      compiled.set(schema, validate);
    }
    if (validate(body)) return [];
    return (validate.errors ?? []).slice(0, 6).map(describe);
  };
}

let defaultChecker: CheckResponse | undefined;

/** Checks against the spec that ships with the kit; the spec is read and compiled once per process. */
export const checkResponse: CheckResponse = (operationId, status, body) => {
  defaultChecker ??= createSpecChecker(readFileSync(DEFAULT_SPEC_URL, 'utf8'));
  return defaultChecker(operationId, status, body);
};
