import { readFileSync } from 'node:fs';
import type { ValidateFunction } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

/**
 * Every example in the two specs must validate against its schema: Prism serves them as mock
 * responses, and readers copy them. Examples are found by walking the documents (media types,
 * parameters, headers, and JSON Schema `examples` inside schemas), so a new example is tested
 * without touching this file.
 */

type JsonObject = { [key: string]: unknown };

// ajv-formats is CommonJS; under NodeNext its default import is the module object's type.
const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;

interface ExampleCase {
  /** JSON pointer of the example (plus the `$ref` it was read through, if any). */
  readonly name: string;
  readonly schema: unknown;
  readonly value: unknown;
}

const specFiles = ['openapi/ehealth-otp.yaml', 'openapi/control.yaml'] as const;

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function escapePointer(token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}

function resolvePointer(doc: unknown, ref: string): unknown {
  if (!ref.startsWith('#/')) throw new Error(`only local refs are supported: ${ref}`);
  let node: unknown = doc;
  for (const raw of ref.slice(2).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    node = isObject(node) ? node[key] : Array.isArray(node) ? node[Number(key)] : undefined;
    if (node === undefined) throw new Error(`unresolved $ref ${ref}`);
  }
  return node;
}

/** Keywords whose values are subschemas (single, list, or map of them). */
const subschemaSingle = [
  'items',
  'not',
  'additionalProperties',
  'contains',
  'propertyNames',
  'if',
  'then',
  'else',
];
const subschemaList = ['oneOf', 'anyOf', 'allOf', 'prefixItems'];
const subschemaMap = ['properties', 'patternProperties', '$defs', 'dependentSchemas'];

function collectSchemaExamples(schema: unknown, pointer: string, out: ExampleCase[]): void {
  if (!isObject(schema)) return;
  const examples = schema.examples;
  if (Array.isArray(examples)) {
    examples.forEach((value, i) => {
      out.push({ name: `${pointer}/examples/${i}`, schema, value });
    });
  }
  if ('example' in schema) out.push({ name: `${pointer}/example`, schema, value: schema.example });
  for (const key of subschemaSingle) collectSchemaExamples(schema[key], `${pointer}/${key}`, out);
  for (const key of subschemaList) {
    const list = schema[key];
    if (!Array.isArray(list)) continue;
    for (const [i, sub] of list.entries()) collectSchemaExamples(sub, `${pointer}/${key}/${i}`, out);
  }
  for (const key of subschemaMap) {
    const map = schema[key];
    if (isObject(map)) {
      for (const [name, sub] of Object.entries(map)) {
        collectSchemaExamples(sub, `${pointer}/${key}/${escapePointer(name)}`, out);
      }
    }
  }
}

/**
 * Walks the OpenAPI layer. An object with a `schema` and an `example`/`examples` is a media type,
 * a parameter or a header; its examples are checked against that schema. Schemas themselves are
 * walked by collectSchemaExamples. `$ref`s at this layer are not followed (their targets are
 * walked where they are defined), except for the entries of an `examples` map.
 */
function collectDocumentExamples(
  doc: JsonObject,
  node: unknown,
  pointer: string,
  out: ExampleCase[],
  usedExampleRefs: Set<string>,
): void {
  if (Array.isArray(node)) {
    for (const [i, item] of node.entries()) {
      collectDocumentExamples(doc, item, `${pointer}/${i}`, out, usedExampleRefs);
    }
    return;
  }
  if (!isObject(node) || pointer === '#/components/schemas') return;
  const schema = node.schema;
  if (isObject(schema)) {
    collectSchemaExamples(schema, `${pointer}/schema`, out);
    if ('example' in node) out.push({ name: `${pointer}/example`, schema, value: node.example });
    const examples = node.examples;
    if (isObject(examples)) {
      for (const [key, entry] of Object.entries(examples)) {
        let name = `${pointer}/examples/${escapePointer(key)}`;
        let exampleObject = entry;
        if (isObject(entry) && typeof entry.$ref === 'string') {
          usedExampleRefs.add(entry.$ref);
          name += ` -> ${entry.$ref}`;
          exampleObject = resolvePointer(doc, entry.$ref);
        }
        if (!isObject(exampleObject) || !('value' in exampleObject)) {
          throw new Error(`${name}: an example object needs an inline value`);
        }
        out.push({ name, schema, value: exampleObject.value });
      }
    }
  }
  for (const [key, child] of Object.entries(node)) {
    if (key === 'schema' || key === 'examples' || key === 'example') continue;
    collectDocumentExamples(doc, child, `${pointer}/${escapePointer(key)}`, out, usedExampleRefs);
  }
}

interface SpecUnderTest {
  readonly file: string;
  readonly cases: readonly ExampleCase[];
  readonly unusedComponentExamples: readonly string[];
  readonly compile: (schema: unknown) => ValidateFunction;
}

function load(file: string): SpecUnderTest {
  const doc = parse(readFileSync(new URL(`../../${file}`, import.meta.url), 'utf8')) as JsonObject;
  const components = isObject(doc.components) ? doc.components : {};
  const schemas = isObject(components.schemas) ? components.schemas : {};
  const baseId = `https://ehealth-otp-kit.test/${file}`;
  const anchor = (schema: unknown): unknown =>
    JSON.parse(
      JSON.stringify(schema).replace(/"\$ref":"#\/components\/schemas\//g, `"$ref":"${baseId}#/$defs/`),
    );

  const ajv = new Ajv2020({ strict: true, allErrors: true, allowUnionTypes: true });
  addFormats(ajv);
  // OpenAPI keywords that may sit inside a schema and carry no validation.
  ajv.addVocabulary(['example', 'discriminator', 'xml', 'externalDocs', 'x-extension']);
  ajv.addSchema({ $id: baseId, $defs: anchor(schemas) });

  const cases: ExampleCase[] = [];
  const used = new Set<string>();
  collectDocumentExamples(doc, doc, '#', cases, used);
  for (const [name, schema] of Object.entries(schemas)) {
    collectSchemaExamples(schema, `#/components/schemas/${escapePointer(name)}`, cases);
  }
  const componentExamples = isObject(components.examples) ? Object.keys(components.examples) : [];
  const unusedComponentExamples = componentExamples
    .map((name) => `#/components/examples/${escapePointer(name)}`)
    .filter((ref) => !used.has(ref));

  return { file, cases, unusedComponentExamples, compile: (schema) => ajv.compile(anchor(schema) as object) };
}

const specs = specFiles.map(load);

for (const spec of specs) {
  describe(`examples in ${spec.file}`, () => {
    for (const example of spec.cases) {
      it(`${example.name} validates against its schema`, () => {
        const validate = spec.compile(example.schema);
        const ok = validate(example.value);
        expect(validate.errors ?? []).toEqual([]);
        expect(ok).toBe(true);
      });
    }

    it('has no components/examples entry that no media type, parameter or header uses', () => {
      expect(spec.unusedComponentExamples).toEqual([]);
    });
  });
}

describe('the example walk', () => {
  it('finds more than 20 examples, so the checks above cannot pass vacuously', () => {
    const total = specs.reduce((sum, spec) => sum + spec.cases.length, 0);
    expect(total).toBeGreaterThan(20);
  });

  it('finds examples in both specs', () => {
    for (const spec of specs) expect(spec.cases.length).toBeGreaterThan(5);
  });
});

describe('the schemas reject what the contract forbids', () => {
  const ehealth = specs[0];
  if (ehealth === undefined) throw new Error('ehealth-otp.yaml not loaded');
  const ref = (name: string): unknown => ({ $ref: `#/components/schemas/${name}` });
  const meta = {
    code: 403,
    url: 'http://127.0.0.1:4010/api/verifications',
    type: 'object',
    request_id: 'abc',
  };

  it('an error envelope may not carry data', () => {
    const validate = ehealth.compile(ref('ErrorEnvelope'));
    expect(validate({ meta, error: { type: 'forbidden' } })).toBe(true);
    expect(validate({ meta, error: { type: 'forbidden' }, data: {} })).toBe(false);
  });

  it('a verification may not carry its code', () => {
    const validate = ehealth.compile(ref('Verification'));
    const verification = {
      id: '7d23bebb-1cf3-4221-bf21-18aada444756',
      status: 'NEW',
      code_expired_at: '2025-03-01T10:15:00Z',
      active: true,
    };
    expect(validate(verification)).toBe(true);
    expect(validate({ ...verification, code: 1232 })).toBe(false);
  });

  it('a lower-case status is not a contract status', () => {
    expect(ehealth.compile(ref('VerificationStatus'))('new')).toBe(false);
  });

  it('an initialize body needs a +380 number and nothing else', () => {
    const validate = ehealth.compile(ref('InitializeVerificationRequest'));
    expect(validate({ phone_number: '+380501234567' })).toBe(true);
    expect(validate({ phone_number: '380501234567' })).toBe(false);
    expect(validate({ phone_number: '+380501234567', provider: 'mouth_twilio' })).toBe(true); // DIV-INIT-PROVIDER
    expect(validate({ phone_number: '+380501234567', foo: 'bar' })).toBe(false);
  });
});
