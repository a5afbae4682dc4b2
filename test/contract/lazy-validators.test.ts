import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { listOperations } from '../../src/contract/operations.js';
import { requestExamples } from '../../src/contract/request-examples.js';
import { componentValidator, requestBodyValidator } from '../../src/contract/request-validators.js';
import { loadSpec, type SpecName } from '../../src/contract/spec-files.js';
import { componentValidator as anyComponentValidator } from '../../src/contract/validators.js';
import { validatorKeys, validatorOf } from '../../src/generated/request-validators.mjs';

/*
 * The request validators are generated as one factory per schema, evaluated on first lookup
 * (scripts/generate-types.mjs, issue 20): every operation's must still load, reject what its
 * schema rejects and accept the spec's examples; the engine's component checks must find theirs
 * in this module, not in the response validators.
 */

const root = fileURLToPath(new URL('../../', import.meta.url));
const SPECS: readonly SpecName[] = ['ehealth', 'control'];
const operations = SPECS.flatMap((spec) => listOperations(spec).map((op) => ({ spec, op })));

describe('the lazy request validators', () => {
  it('have a key for every operation of both specs, and nothing but those and the engine components', () => {
    const expected = operations.map(({ spec, op }) => `${spec}:${op.operationId}:request`);
    expect(validatorKeys.filter((k) => k.endsWith(':request')).sort()).toEqual([...expected].sort());
    expect(validatorKeys.filter((k) => !k.endsWith(':request')).every((k) => k.includes(':component:'))).toBe(
      true,
    );
  });

  it.each(operations.map(({ spec, op }) => [`${spec}:${op.operationId}`, spec, op] as const))(
    '%s: loads on first use, once, rejects a body of the wrong type and accepts the spec examples',
    (_name, spec, op) => {
      const validate = requestBodyValidator(op.operationId, spec);
      if (!op.hasRequestBody) {
        expect(validate).toBeNull();
        return;
      }
      if (validate === null) throw new Error(`${op.operationId} has a request body but no JSON schema`);
      expect(requestBodyValidator(op.operationId, spec)).toBe(validate);
      expect(validate(42)).toBe(false);
      expect(validate.errors?.[0]).toMatchObject({ instancePath: '', keyword: expect.any(String) });
      if (spec === 'ehealth')
        for (const [name, example] of Object.entries(requestExamples(op.operationId)))
          expect(validate(example), `${op.operationId} example ${name}`).toBe(true);
    },
  );

  it('answer undefined for a key they do not have, and the lookup throws for an unknown operation', () => {
    expect(validatorOf('ehealth:noSuchOperation:request')).toBeUndefined();
    expect(validatorOf('constructor')).toBeUndefined();
    expect(() => requestBodyValidator('noSuchOperation')).toThrow(/noSuchOperation/);
  });

  it('import nothing: the formats are inlined, not ajv-formats imported as CommonJS', () => {
    const text = readFileSync(join(root, 'src/generated/request-validators.mjs'), 'utf8');
    expect(text).not.toMatch(/^\s*import\b/m);
    expect(text).not.toMatch(/\brequire\(/);
    expect(text).toContain('dist/formats.js (MIT');
  });
});

/** Every component name the engine's sources pass to `componentValidator('…'` literally. */
function literalComponentChecks(): string[] {
  const dir = join(root, 'src/reference-impl');
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .flatMap((e) => [
      ...readFileSync(join(e.parentPath, e.name), 'utf8').matchAll(/componentValidator\(\s*'(\w+)'/g),
    ])
    .map((m) => m[1] ?? '');
}

/** The component schemas the operations' query parameters name (`$ref`), as the generator reads them. */
function queryParameterComponents(): string[] {
  const doc = loadSpec('ehealth') as unknown as {
    paths: Record<string, Record<string, { parameters?: { in?: string; schema?: { $ref?: string } }[] }>>;
  };
  return Object.values(doc.paths).flatMap((item) =>
    Object.values(item).flatMap((op) =>
      (op.parameters ?? []).flatMap((p) =>
        p.in === 'query' && p.schema?.$ref !== undefined ? [p.schema.$ref.split('/').at(-1) ?? ''] : [],
      ),
    ),
  );
}

describe("the engine's component checks", () => {
  const names = [...new Set([...literalComponentChecks(), ...queryParameterComponents()])];

  it('are found: a literal call and the query parameters of the list', () => {
    expect(names).toEqual(
      expect.arrayContaining(['ConfidantPersonRelationshipRequestData', 'PageSize', 'PersonRequestStatus']),
    );
  });

  it.each(names)('%s is in the request module and judges as the response module does', (name) => {
    const engine = componentValidator(name, 'ehealth');
    const full = anyComponentValidator(name, 'ehealth');
    expect(engine).not.toBe(full);
    for (const value of [0, 1, 20, 1000, -1, 'x', 'NEW', '', null, {}, [], { id: 'x' }]) {
      expect(engine(value), `${name} on ${JSON.stringify(value)}`).toBe(full(value));
      expect(engine.errors ?? null).toEqual(full.errors ?? null);
    }
  });

  it('refuses a component the engine does not check (it lives in the response module only)', () => {
    const schemas = Object.keys(loadSpec('ehealth').components?.schemas ?? {});
    const other = schemas.find((name) => !names.includes(name));
    if (other === undefined) throw new Error('every component is an engine check');
    expect(() => componentValidator(other, 'ehealth')).toThrow(/ENGINE_COMPONENTS/);
    expect(anyComponentValidator(other, 'ehealth')).toBeTypeOf('function');
  });
});
