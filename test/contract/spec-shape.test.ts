import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

/**
 * The spec files say what CONTRACT.md says: every operation at its method and path with its scope
 * and exactly its response statuses, and every known divergence both in the spec and in
 * docs/divergences.md.
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

interface ExpectedOperation {
  readonly operationId: string;
  readonly method: string;
  readonly path: string;
  readonly statuses: readonly string[];
}

interface ExpectedEhealthOperation extends ExpectedOperation {
  readonly scope: string;
  readonly security: readonly JsonObject[];
}

// CONTRACT.md, "Operations"; statuses as agreed for the spec.
const ehealthOperations: readonly ExpectedEhealthOperation[] = [
  {
    operationId: 'resendPersonRequestOtp',
    method: 'POST',
    path: '/api/person_requests/{id}/actions/resend_otp',
    scope: 'person_request:write',
    security: [{ bearerAuth: ['person_request:write'], apiKey: [] }],
    statuses: ['200', '400', '401', '403', '404', '409', '413', '415', '422', '429', '500'],
  },
  {
    operationId: 'initializeVerification',
    method: 'POST',
    path: '/api/verifications',
    scope: 'otp:write',
    security: [{ bearerAuth: ['otp:write'] }],
    statuses: ['200', '400', '401', '403', '413', '415', '422', '429', '500'],
  },
  {
    operationId: 'completeVerification',
    method: 'PATCH',
    path: '/api/verifications/{phone_number}/actions/complete',
    scope: 'otp:write',
    security: [{ bearerAuth: ['otp:write'] }],
    statuses: ['200', '400', '401', '403', '404', '413', '415', '422', '429', '500'],
  },
  {
    operationId: 'getVerifiedPhone',
    method: 'GET',
    path: '/api/verifications/{phone_number}',
    scope: 'otp:read',
    security: [{ bearerAuth: ['otp:read'] }],
    statuses: ['200', '401', '403', '404', '500'],
  },
];

// CONTRACT.md, "The control API".
const controlOperations: readonly ExpectedOperation[] = [
  {
    operationId: 'resetState',
    method: 'POST',
    path: '/__control/reset',
    statuses: ['204', '400', '401', '404', '413', '415'],
  },
  {
    operationId: 'createToken',
    method: 'POST',
    path: '/__control/tokens',
    statuses: ['201', '400', '401', '404', '413', '415', '422'],
  },
  {
    operationId: 'createPersonRequest',
    method: 'POST',
    path: '/__control/person_requests',
    statuses: ['201', '400', '401', '404', '413', '415', '422'],
  },
  { operationId: 'listSms', method: 'GET', path: '/__control/sms', statuses: ['200', '401', '404'] },
  {
    operationId: 'advanceClock',
    method: 'POST',
    path: '/__control/clock',
    statuses: ['200', '400', '401', '404', '413', '415', '422'],
  },
];

const knownDivergenceIds = [
  'DIV-RESEND-CONFLICT-422',
  'DIV-RESEND-CHECK-ORDER',
  'DIV-INIT-201',
  'DIV-STATUS-LOWERCASE',
  'DIV-WRONG-CODE-ATTEMPTS',
  'DIV-VERIFIED-PHONE-422',
  'DIV-MALFORMED-JSON-BARE',
  'DIV-429-NO-TYPE',
  'DIV-REINIT-STATUS',
  'DIV-CODE-LENGTH',
  'DIV-CODE-LIFETIME',
];

const ehealth = readSpec('openapi/ehealth-otp.yaml');
const control = readSpec('openapi/control.yaml');
const ehealthFound = operationsOf(ehealth);
const controlFound = operationsOf(control);

describe('openapi/ehealth-otp.yaml', () => {
  it('is OpenAPI 3.1.0 served from the local reference server', () => {
    expect(ehealth.openapi).toBe('3.1.0');
    expect(ehealth.servers).toEqual([expect.objectContaining({ url: 'http://127.0.0.1:4010' })]);
  });

  it('declares exactly the four operations of the contract', () => {
    expect([...ehealthFound.keys()].sort()).toEqual(ehealthOperations.map((op) => op.operationId).sort());
  });

  for (const expected of ehealthOperations) {
    describe(expected.operationId, () => {
      const found = ehealthFound.get(expected.operationId);

      it(`is ${expected.method} ${expected.path}`, () => {
        expect(found?.method).toBe(expected.method);
        expect(found?.path).toBe(expected.path);
      });

      it(`needs the scope ${expected.scope} (x-scope and security agree)`, () => {
        expect(found?.node['x-scope']).toBe(expected.scope);
        expect(found?.node.security).toEqual(expected.security);
      });

      it(`answers exactly ${expected.statuses.join(', ')}`, () => {
        expect(found === undefined ? [] : statusesOf(found.node)).toEqual([...expected.statuses].sort());
      });

      it('has at least one tag and the optional X-Request-ID header', () => {
        const tags = found?.node.tags;
        expect(Array.isArray(tags) && tags.length > 0).toBe(true);
        const item = (ehealth.paths as JsonObject)[expected.path] as JsonObject;
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
  it('declares exactly the control calls of the contract', () => {
    expect([...controlFound.keys()].sort()).toEqual(controlOperations.map((op) => op.operationId).sort());
  });

  it('protects every call with the control token', () => {
    expect(control.security).toEqual([{ controlToken: [] }]);
    for (const found of controlFound.values()) expect(found.node.security).toBeUndefined();
  });

  for (const expected of controlOperations) {
    it(`${expected.operationId} is ${expected.method} ${expected.path} answering ${expected.statuses.join(', ')}`, () => {
      const found = controlFound.get(expected.operationId);
      expect(found?.method).toBe(expected.method);
      expect(found?.path).toBe(expected.path);
      expect(found === undefined ? [] : statusesOf(found.node)).toEqual([...expected.statuses].sort());
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

  it('the spec records exactly the known ids', () => {
    expect([...specIds].sort()).toEqual([...knownDivergenceIds].sort());
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
