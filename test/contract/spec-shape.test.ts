import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { listOperations, listScopes, type OperationInfo } from '../../src/contract/operations.js';

/**
 * The spec files say what CONTRACT.md says: every operation (as src/contract/operations.ts reads
 * it) at the method and path with the scope of CONTRACT.md's table, the response statuses its
 * kind calls for, and every known divergence both in the spec and in docs/divergences.md.
 */

type JsonObject = { [key: string]: unknown };

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function readText(path: string): string {
  return readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');
}

function readSpec(path: string): JsonObject {
  const doc: unknown = parse(readText(path));
  if (!isObject(doc)) throw new Error(`${path} is not a YAML mapping`);
  return doc;
}

const methods = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

interface FoundOperation {
  readonly method: string;
  readonly path: string;
  readonly node: JsonObject;
}

function operationsOf(doc: JsonObject): Map<string, FoundOperation> {
  const found = new Map<string, FoundOperation>();
  const paths = isObject(doc.paths) ? doc.paths : {};
  for (const [path, item] of Object.entries(paths)) {
    if (!isObject(item)) continue;
    for (const method of methods) {
      const node = item[method];
      if (!isObject(node)) continue;
      const id = node.operationId;
      if (typeof id !== 'string') throw new Error(`${method.toUpperCase()} ${path} has no operationId`);
      found.set(id, { method: method.toUpperCase(), path, node });
    }
  }
  return found;
}

function statusesOf(node: JsonObject): string[] {
  return Object.keys(isObject(node.responses) ? node.responses : {}).sort();
}

/** Rows `| a | b | c |` of the markdown table right under `heading` in `page`. */
function tableRows(page: string, heading: string): string[][] {
  const at = page.indexOf(`\n${heading}\n`);
  if (at === -1) throw new Error(`docs/CONTRACT.md has no heading ${heading}`);
  const rows: string[][] = [];
  let seenTable = false;
  for (const line of page.slice(at + heading.length + 2).split('\n')) {
    if (!line.startsWith('|')) {
      if (seenTable) break;
      continue;
    }
    seenTable = true;
    const cells = line
      .slice(1, -1)
      .split('|')
      .map((c) => c.trim());
    if (cells.every((c) => /^-+$/.test(c))) continue;
    rows.push(cells);
  }
  return rows.slice(1);
}

const contract = readText('docs/CONTRACT.md');
/** CONTRACT.md "Operations": operationId → "METHOD path" and scope. */
const contractOperations = new Map(
  tableRows(contract, '## Operations (all paths under `/api`)').map(([id = '', route = '', scope = '']) => [
    id,
    { route, scope },
  ]),
);
/** CONTRACT.md "The control API": the `METHOD path` of each call (query strings dropped). */
const contractControlRoutes = tableRows(
  contract,
  "## The control API (the kit's own test-control plane, not part of eHealth)",
).map(([call = '']) => call.replace(/`/g, '').replace(/\?.*$/, ''));

/** Error statuses every operation declares, from what it is: secured, with a body, with path params. */
function expectedErrorStatuses(op: OperationInfo): string[] {
  // 406: every route runs the OTP router's `accepts ["json"]` (real-service findings C10).
  const out = ['401', '403', '406', '408', '431', '500', '503'];
  if (op.hasRequestBody) out.push('400', '413', '415', '422');
  if (op.params.length > 0) out.push('404');
  return out;
}
/** Statuses an operation may add for its domain rules (CONTRACT.md per operation). */
// 422 without a body: a person request made by the other version of the operations (DIV-PR-VERSION),
// a list query parameter out of range.
const domainStatuses = ['404', '409', '422', '429'];

const ehealth = readSpec('openapi/ehealth-otp.yaml');
const control = readSpec('openapi/control.yaml');
const ehealthFound = operationsOf(ehealth);
const controlFound = operationsOf(control);

describe('openapi/ehealth-otp.yaml', () => {
  it('is OpenAPI 3.1.0 served from the local reference server', () => {
    expect(ehealth.openapi).toBe('3.1.0');
    expect(ehealth.servers).toEqual([expect.objectContaining({ url: 'http://127.0.0.1:4010' })]);
  });

  it('declares exactly the operations of CONTRACT.md, as listOperations reads them', () => {
    const ids = listOperations().map((op) => op.operationId);
    expect([...ehealthFound.keys()].sort()).toEqual([...ids].sort());
    expect([...contractOperations.keys()].sort()).toEqual([...ids].sort());
  });

  it("the control spec's Scope enum is exactly the scopes the operations need", () => {
    const scope = ((control.components as JsonObject).schemas as JsonObject).Scope as JsonObject;
    expect([...(scope.enum as string[])].sort()).toEqual([...listScopes()].sort());
  });

  for (const op of listOperations()) {
    describe(op.operationId, () => {
      const found = ehealthFound.get(op.operationId);
      const row = contractOperations.get(op.operationId);

      it(`is ${op.method} ${op.path} with the scope ${String(op.scope)}, as CONTRACT.md says`, () => {
        expect(row).toEqual({ route: `${op.method} ${op.path}`, scope: op.scope });
        expect(found?.method).toBe(op.method);
        expect(found?.path).toBe(op.path);
      });

      it('x-scope and security agree (bearer with the scope, optionally the api-key)', () => {
        expect(found?.node['x-scope']).toBe(op.scope);
        expect(found?.node.security).toEqual([
          { bearerAuth: [op.scope], ...(op.needsApiKey ? { apiKey: [] } : {}) },
        ]);
      });

      it('answers one success status and the error statuses of what it is', () => {
        const statuses = found === undefined ? [] : statusesOf(found.node);
        expect(statuses.filter((s) => /^2/.test(s))).toHaveLength(1);
        const errors = statuses.filter((s) => !/^2/.test(s));
        expect(errors).toEqual(expect.arrayContaining(expectedErrorStatuses(op)));
        // A PATCH/POST without a requestBody still has a body parsed (Plug.Parsers): 400, 413, 415.
        const parsed = ['POST', 'PUT', 'PATCH', 'DELETE'].includes(op.method) ? ['400', '413', '415'] : [];
        for (const status of errors) {
          expect([...expectedErrorStatuses(op), ...domainStatuses, ...parsed], status).toContain(status);
        }
      });

      it('has at least one tag and the optional X-Request-ID header', () => {
        const tags = found?.node.tags;
        expect(Array.isArray(tags) && tags.length > 0).toBe(true);
        const item = (ehealth.paths as JsonObject)[op.path] as JsonObject;
        const params = [...(Array.isArray(item.parameters) ? item.parameters : [])];
        const opParams = found?.node.parameters;
        if (Array.isArray(opParams)) params.push(...opParams);
        expect(params).toContainEqual({ $ref: '#/components/parameters/XRequestId' });
      });

      it('reuses components/responses for every error status', () => {
        const responses = (found?.node.responses ?? {}) as JsonObject;
        for (const [status, response] of Object.entries(responses)) {
          if (!/^[45]/.test(status)) continue;
          expect(response, status).toEqual({ $ref: expect.stringMatching(/^#\/components\/responses\//) });
        }
      });
    });
  }

  it('declares the bearer and api-key security schemes', () => {
    const schemes = (ehealth.components as JsonObject).securitySchemes;
    expect(schemes).toEqual({
      bearerAuth: expect.objectContaining({ type: 'http', scheme: 'bearer' }),
      apiKey: expect.objectContaining({ type: 'apiKey', in: 'header', name: 'api-key' }),
    });
  });
});

describe('openapi/control.yaml', () => {
  it('declares exactly the control calls of CONTRACT.md', () => {
    const routes = listOperations('control').map((op) => `${op.method} ${op.path}`);
    expect([...controlFound.keys()].sort()).toEqual(
      listOperations('control')
        .map((op) => op.operationId)
        .sort(),
    );
    expect([...routes].sort()).toEqual([...contractControlRoutes].sort());
  });

  it('protects every call with the control token', () => {
    expect(control.security).toEqual([{ controlToken: [] }]);
    for (const found of controlFound.values()) expect(found.node.security).toBeUndefined();
  });

  for (const op of listOperations('control')) {
    // A POST's body is read as on /api (400/413/415) whether or not it declares one; 422 when it does.
    it(`${op.operationId} answers one success status, 401, 404, 421 and 429, the body statuses and 422 as it reads one`, () => {
      const statuses = op.statuses.filter((s) => !/^2/.test(s)).sort();
      expect(op.statuses.filter((s) => /^2/.test(s))).toHaveLength(1);
      const read = op.method === 'GET' ? [] : ['400', '413', '415'];
      // 503 (ControlSeedsFull, the seed budget) only on a call that creates (201).
      const seeds = op.statuses.includes('503') && op.successStatus === 201 ? ['503'] : [];
      // 421 on every call: the Host check against DNS rebinding (adapters/host-check.ts).
      const expected = [
        ...read,
        '401',
        '404',
        '421',
        '429',
        ...(op.hasRequestBody ? ['422'] : []),
        ...seeds,
      ].sort();
      expect(statuses).toEqual(expected);
    });
  }
});

describe('known divergences', () => {
  const entries: JsonObject[] = [];
  const info = ehealth.info;
  if (isObject(info) && Array.isArray(info['x-divergences']))
    entries.push(...(info['x-divergences'] as JsonObject[]));
  for (const found of ehealthFound.values()) {
    const list = found.node['x-divergences'];
    if (Array.isArray(list)) entries.push(...(list as JsonObject[]));
  }
  const specIds = new Set(entries.map((entry) => entry.id));
  const page = readText('docs/divergences.md');
  const pageIds = new Set(page.match(/\bDIV-[A-Z0-9]+(?:-[A-Z0-9]+)*/g) ?? []);

  // The spec and the page are both written by hand; each divergence has its section (`## DIV-…`) there.
  const sectionIds = [...page.matchAll(/^## (DIV-[A-Z0-9-]+)$/gm)].map((m) => m[1]);

  it('the spec records exactly the divergences docs/divergences.md has a section for', () => {
    expect(sectionIds.length).toBeGreaterThan(10);
    expect([...specIds].sort()).toEqual([...new Set(sectionIds)].sort());
  });

  it('every entry says what the docs say, what was observed, the source and what the kit does', () => {
    for (const entry of entries) {
      for (const key of ['id', 'docs', 'observed', 'source', 'kit']) {
        expect(
          typeof entry[key] === 'string' && (entry[key] as string).length > 0,
          `${String(entry.id)}.${key}`,
        ).toBe(true);
      }
    }
  });

  it('every id in the spec is explained in docs/divergences.md, and vice versa', () => {
    expect([...pageIds].sort()).toEqual([...specIds].sort());
  });

  it('docs/divergences.md has a section per id', () => {
    for (const id of specIds) expect(page).toContain(`\n## ${String(id)}\n`);
  });
});
