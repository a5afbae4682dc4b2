import { describe, expect, it } from 'vitest';
import { loadSpec } from '../../src/contract/spec-files.js';
import { DEMO_API_KEY, demoPersonRequests, seedDemo } from '../../src/reference-impl/demo.js';
import { createEngine } from '../../src/reference-impl/engine.js';

/**
 * The spec fixes that third-party tools run against it called for (issue 16): each is checked on
 * the spec property itself, and where the server is concerned, on the server's answer too.
 */
type Json = Record<string, unknown>;
const doc = loadSpec('ehealth');
const components = doc.components as Json;
const node = (value: unknown, ...keys: string[]): unknown =>
  keys.reduce<unknown>(
    (current, key) => (typeof current === 'object' && current !== null ? (current as Json)[key] : undefined),
    value,
  );
const operation = (path: string, method: string) => node(doc.paths, path, method) as Json;

describe('axios: an empty POST with a non-JSON Content-Type (openapi-zod-client on resend)', () => {
  it('the 415 response says that an empty body with another Content-Type is refused too', () => {
    const description = String(node(components, 'responses', 'UnsupportedMediaType', 'description'));
    expect(description).toMatch(/empty/);
    expect(description).toContain('application/x-www-form-urlencoded');
  });

  it('the server agrees: an empty resend with x-www-form-urlencoded answers 415, without Content-Type 200', async () => {
    const engine = createEngine();
    await seedDemo(engine);
    const id = demoPersonRequests.find((r) => r.seed.status === 'NEW')?.id ?? '';
    const resend = (headers: Record<string, string>) =>
      engine.handle({
        method: 'POST',
        target: `/api/person_requests/${id}/actions/resend_otp`,
        origin: 'http://127.0.0.1',
        headers: { authorization: 'Bearer demo-token-all-scopes', 'api-key': DEMO_API_KEY, ...headers },
        body: new Uint8Array(),
      });
    const form = await resend({ 'content-type': 'application/x-www-form-urlencoded' });
    expect(form.status).toBe(415);
    expect(JSON.parse(form.body)).toMatchObject({
      meta: { code: 415 },
      error: { type: 'content_type_invalid', invalid: [{ entry_type: 'header', entry: 'Content-Type' }] },
    });
    expect((await resend({})).status).toBe(200);
  });
});

describe('Specmatic: a request example and its response example share a name', () => {
  it.each([
    ['/api/verifications', 'post'],
    ['/api/verifications/{phone_number}/actions/complete', 'patch'],
  ])('%s %s: every request example names a 2xx response example', (path, method) => {
    const op = operation(path, method);
    const requestNames = Object.keys(
      node(op, 'requestBody', 'content', 'application/json', 'examples') as Json,
    );
    expect(requestNames.length).toBeGreaterThan(0);
    const success = Object.entries(op.responses as Json).filter(([status]) => /^2\d\d$/.test(status));
    const responseNames = success.flatMap(([, response]) =>
      Object.keys((node(response, 'content', 'application/json', 'examples') as Json | undefined) ?? {}),
    );
    for (const name of requestNames) expect(responseNames, name).toContain(name);
  });
});

describe("typed-openapi: no schema is named after a JavaScript global (`Error` shadowed JavaScript's)", () => {
  it('no schema of components/schemas is a property of globalThis', () => {
    const names = Object.keys(components.schemas as Json);
    expect(names).toContain('ErrorDetail');
    expect(names.filter((name) => name in globalThis)).toEqual([]);
  });
});

describe('Prism: the person-request id is not format uuid, so a non-UUID id meets the documented 404', () => {
  it('PersonRequestId is a plain string, and every operation using it documents 404', () => {
    const parameter = node(components, 'parameters', 'PersonRequestId') as Json;
    expect(parameter.schema).toEqual({ type: 'string' });
    expect(String(parameter.description)).toMatch(/404/);
    const ref = '#/components/parameters/PersonRequestId';
    let users = 0;
    for (const item of Object.values(doc.paths)) {
      const params = ((item as Json).parameters as Json[] | undefined) ?? [];
      if (!params.some((p) => p.$ref === ref)) continue;
      for (const [method, op] of Object.entries(item as Json)) {
        if (method === 'parameters') continue;
        users += 1;
        expect(Object.keys((op as Json).responses as Json), method).toContain('404');
      }
    }
    expect(users).toBeGreaterThan(0);
  });
});
