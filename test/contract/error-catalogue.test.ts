import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { expectedError, MESSAGES, missingScope } from '../../src/conformance/scenarios/messages.js';
import { type ErrorExample, errorCatalogue, listErrorExamples } from '../../src/contract/error-catalogue.js';
import type { InvalidEntry } from '../../src/contract/invalid-entries.js';
import { HTTP_ERROR_CODES, type HttpError, toErrorReply } from '../../src/reference-impl/http/errors.js';
import { currentTable, renderErrorTable } from './support/error-table.js';

/**
 * The error catalogue is the spec's error examples keyed by `x-error-code`. Every error the
 * reference server can produce (every row of http/errors.ts) must be, byte for byte, one of those
 * examples; every example must be producible; docs/CONTRACT.md's table is generated from them.
 */

const param = (example: ErrorExample, name: string): string => {
  const value = example.params[name];
  if (value === undefined) throw new Error(`${example.pointer} has no x-error-params.${name}`);
  return value;
};

/**
 * The server's error value for an example. A mapped type over every code of the server's table:
 * a new code without a row here is a compile error, so no code can escape the comparison below.
 */
const provoke: { [C in HttpError['code']]: (ex: ErrorExample) => Extract<HttpError, { code: C }> } = {
  route_not_found: () => ({ code: 'route_not_found' }),
  body_malformed: () => ({ code: 'body_malformed' }),
  body_too_large: () => ({ code: 'body_too_large' }),
  content_type_invalid: () => ({ code: 'content_type_invalid' }),
  not_acceptable: () => ({ code: 'not_acceptable' }),
  validation_failed: (ex) => ({
    code: 'validation_failed',
    invalid: (ex.error.invalid ?? []) as readonly InvalidEntry[],
  }),
  internal: () => ({ code: 'internal' }),
  store_unavailable: () => ({ code: 'store_unavailable' }),
  phone_records_full: () => ({ code: 'phone_records_full' }),
  http_malformed: () => ({ code: 'http_malformed' }),
  headers_too_large: () => ({ code: 'headers_too_large' }),
  request_timeout: () => ({ code: 'request_timeout' }),
  auth_header_missing: () => ({ code: 'auth_header_missing' }),
  token_invalid: () => ({ code: 'token_invalid' }),
  api_key_missing: () => ({ code: 'api_key_missing' }),
  api_key_invalid: () => ({ code: 'api_key_invalid' }),
  scope_missing: (ex) => ({ code: 'scope_missing', scope: param(ex, 'scope') }),
  verification_not_found: () => ({ code: 'verification_not_found' }),
  verification_inactive: () => ({ code: 'verification_inactive' }),
  verification_expired: () => ({ code: 'verification_expired' }),
  code_mismatch: () => ({ code: 'code_mismatch' }),
  sms_cap_reached: () => ({ code: 'sms_cap_reached', retryAfterSeconds: 3600 }),
  phone_not_verified: () => ({ code: 'phone_not_verified' }),
  person_request_not_found: () => ({ code: 'person_request_not_found' }),
  auth_method_not_otp: () => ({ code: 'auth_method_not_otp' }),
  person_request_not_new: (ex) => ({ code: 'person_request_not_new', status: param(ex, 'status') }),
  auth_method_not_found: (ex) => {
    const field = param(ex, 'field');
    if (field !== 'type' && field !== 'alias') throw new Error(`${ex.pointer}: field ${field}`);
    return { code: 'auth_method_not_found', field };
  },
  phone_unverified: () => ({ code: 'phone_unverified' }),
  person_request_invalid: (ex) => ({
    code: 'person_request_invalid',
    invalid: (ex.error.invalid ?? []) as readonly InvalidEntry[],
  }),
  approve_code_mismatch: () => ({ code: 'approve_code_mismatch' }),
  approve_code_expired: () => ({ code: 'approve_code_expired' }),
  approve_code_inactive: () => ({ code: 'approve_code_inactive' }),
  person_request_wrong_version: (ex) => ({
    code: 'person_request_wrong_version',
    version: param(ex, 'version'),
    other: param(ex, 'other'),
  }),
  person_request_status_conflict: (ex) => ({
    code: 'person_request_status_conflict',
    status: param(ex, 'status'),
    expected: param(ex, 'expected'),
  }),
  documents_not_uploaded: (ex) => ({ code: 'documents_not_uploaded', types: param(ex, 'types') }),
  request_not_found: () => ({ code: 'request_not_found' }),
  request_status_conflict: (ex) => ({
    code: 'request_status_conflict',
    noun: param(ex, 'noun'),
    status: param(ex, 'status'),
    expected: param(ex, 'expected'),
  }),
  verification_code_required: () => ({ code: 'verification_code_required' }),
  resend_status_invalid: () => ({ code: 'resend_status_invalid' }),
  resend_method_invalid: () => ({ code: 'resend_method_invalid' }),
  amr_person_not_found: () => ({ code: 'amr_person_not_found' }),
  amr_invalid: (ex) => ({
    code: 'amr_invalid',
    invalid: (ex.error.invalid ?? []) as readonly InvalidEntry[],
  }),
};

const catalogue = errorCatalogue();
const examples = listErrorExamples();

describe('the error catalogue (spec examples keyed by x-error-code)', () => {
  it('reads more than 20 keyed examples, so the checks below cannot pass vacuously', () => {
    expect(examples.length).toBeGreaterThan(20);
    expect(catalogue.size).toBe(new Set(examples.map((e) => e.code)).size);
  });

  it('names every code of the server table, and only those', () => {
    expect([...catalogue.keys()].sort()).toEqual([...HTTP_ERROR_CODES].sort());
  });

  for (const code of HTTP_ERROR_CODES) {
    it(`${code}: the server's reply equals each of its spec examples`, () => {
      const own = examples.filter((e) => e.code === code);
      expect(own.length, `no spec example has x-error-code ${code}`).toBeGreaterThan(0);
      for (const example of own) {
        const build = provoke[code] as (ex: ErrorExample) => HttpError;
        const reply = toErrorReply(build(example));
        expect({ status: reply.status, error: reply.error }, example.pointer).toEqual({
          status: example.status,
          error: example.error,
        });
        // Same bytes on the wire, key order included.
        expect(JSON.stringify(reply.error), example.pointer).toBe(JSON.stringify(example.error));
      }
    });
  }

  it('sms_cap_reached carries Retry-After, as the TooManyRequests response declares', () => {
    expect(toErrorReply({ code: 'sms_cap_reached', retryAfterSeconds: 42 }).headers).toEqual({
      'retry-after': '42',
    });
  });

  it('fills parameters into messages and entries, not the example values', () => {
    expect(toErrorReply({ code: 'scope_missing', scope: 'otp:read' }).error.message).toBe(
      'Your scope does not allow to access this resource. Missing allowances: otp:read',
    );
    expect(toErrorReply({ code: 'person_request_not_new', status: 'SIGNED' }).error.message).toBe(
      'Person request status is SIGNED, expected NEW',
    );
    expect(toErrorReply({ code: 'auth_method_not_found', field: 'type' }).error.invalid).toEqual([
      expect.objectContaining({ entry: '$.type' }),
    ]);
  });
});

describe("the suite's expected messages come from the same catalogue", () => {
  const texts = new Map(
    [...catalogue.values()].map((e) => [e.code, e.message?.replace('{scope}', 'otp:write')] as const),
  );
  it.each([
    ['noToken', 'auth_header_missing'],
    ['invalidToken', 'token_invalid'],
    ['noApiKey', 'api_key_missing'],
    ['invalidApiKey', 'api_key_invalid'],
    ['invalidCode', 'code_mismatch'],
    ['codeExpired', 'verification_expired'],
    ['maxAttempts', 'verification_inactive'],
    ['notOtp', 'auth_method_not_otp'],
    ['malformed', 'body_malformed'],
    ['tooLarge', 'body_too_large'],
  ] as const)('MESSAGES.%s is the message of %s', (key, code) => {
    expect(MESSAGES[key]).toBe(texts.get(code));
  });

  it('MESSAGES.validation matches the spec text and the 2026 blueprint links, not another sentence (C5)', () => {
    const spec = texts.get('validation_failed') ?? '';
    expect(MESSAGES.validation.test(spec)).toBe(true);
    const base = spec.slice(0, spec.lastIndexOf(': http'));
    const tail = '#introduction/interacting-with-api/errors.';
    expect(MESSAGES.validation.test(`${base}: https://esoz.docs.apiary.io/${tail}`)).toBe(true);
    expect(MESSAGES.validation.test(`${base}: http://esoz.docs.apiary.io/${tail}`)).toBe(true);
    expect(MESSAGES.validation.test(`${base}: https://evil.example/${tail}`)).toBe(false);
    expect(MESSAGES.validation.test(`Validation went wrong: https://esoz.docs.apiary.io/${tail}`)).toBe(
      false,
    );
    expect(MESSAGES.validation.test(`${base}: https://esoz.docs.apiary.io/#other`)).toBe(false);
  });

  it('missingScope and the Content-Type prefix match the spec examples', () => {
    expect(missingScope('otp:write')).toBe(texts.get('scope_missing'));
    const contentType = texts.get('content_type_invalid') ?? '';
    expect(MESSAGES.contentType.test(contentType)).toBe(true);
    expect(MESSAGES.contentType.test(`x${contentType}`)).toBe(false);
  });
});

describe("the suite's expectedError(code) is the server's reply for every code", () => {
  for (const example of examples) {
    it(`${example.code} (${example.name})`, () => {
      const reply = toErrorReply(
        (provoke[example.code as HttpError['code']] as (ex: ErrorExample) => HttpError)(example),
      );
      const expected = expectedError(example.code, example.params);
      expect(expected.status).toBe(reply.status);
      expect(expected.type).toBe(reply.error.type);
      expect(expected.message ?? null).toBe(reply.error.message ?? null);
      expect(expected.noMessage === true).toBe(reply.error.message === undefined);
    });
  }
});

describe("docs/CONTRACT.md's error table", () => {
  const url = new URL('../../docs/CONTRACT.md', import.meta.url);
  it('is the table generated from the catalogue', () => {
    const page = readFileSync(url, 'utf8');
    const expected = renderErrorTable(catalogue.values());
    const current = currentTable(page);
    if (process.env.UPDATE_CONTRACT_TABLE === '1' && current !== undefined && current !== expected) {
      writeFileSync(url, page.replace(current, expected));
      return;
    }
    expect(current, 'run UPDATE_CONTRACT_TABLE=1 npx vitest run test/contract/error-catalogue.test.ts').toBe(
      expected,
    );
  });
});
