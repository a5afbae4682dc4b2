import { describe, expect, it } from 'vitest';
import {
  errorResponse,
  isoMicros,
  metaUrl,
  pickRequestId,
  successResponse,
} from '../../../src/reference-impl/http/envelope.js';

/**
 * The envelope's parts one by one (http/envelope.ts; CONTRACT.md "The envelope"). The mutation run
 * of issue 18 left envelope.ts at 78 %: the engine tests see well-formed paths and one shape of
 * answer, so escaping, list/paging/urgent shapes and the idempotency echo were not pinned.
 */
const ORIGIN = 'http://127.0.0.1:4010';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('metaUrl', () => {
  it('is the origin and the path, without the query', () => {
    expect(metaUrl(ORIGIN, '/api/verifications')).toBe(`${ORIGIN}/api/verifications`);
    expect(metaUrl(ORIGIN, '/api/x?token=secret&a=1')).toBe(`${ORIGIN}/api/x`);
    expect(metaUrl(ORIGIN, '/api/x?')).toBe(`${ORIGIN}/api/x`);
  });

  it('keeps what a URI path may carry, percent-escapes included', () => {
    const path = "/api/verifications/%2B380501234567/a-b._~!$&'()*+,;=:@";
    expect(metaUrl(ORIGIN, path)).toBe(ORIGIN + path);
  });

  it('escapes what a URI path may not carry, as UTF-8 octets', () => {
    expect(metaUrl(ORIGIN, '/a{b}|c')).toBe(`${ORIGIN}/a%7Bb%7D%7Cc`);
    expect(metaUrl(ORIGIN, '/a b"')).toBe(`${ORIGIN}/a%20b%22`);
    expect(metaUrl(ORIGIN, '/й')).toBe(`${ORIGIN}/%D0%B9`);
    expect(metaUrl(ORIGIN, '/😀')).toBe(`${ORIGIN}/%F0%9F%98%80`);
  });

  it('escapes a % that starts no escape, and only that one', () => {
    expect(metaUrl(ORIGIN, '/%zz/%2B/%4')).toBe(`${ORIGIN}/%25zz/%2B/%254`);
    expect(metaUrl(ORIGIN, '/%')).toBe(`${ORIGIN}/%25`);
  });

  it('puts a / before a target that does not start with one (asterisk or absolute forms)', () => {
    expect(metaUrl(ORIGIN, '*')).toBe(`${ORIGIN}/*`);
    expect(metaUrl(ORIGIN, '')).toBe(`${ORIGIN}/`);
    expect(metaUrl(ORIGIN, '?q=1')).toBe(`${ORIGIN}/`);
  });
});

describe('isoMicros', () => {
  it('writes UTC with six fractional digits', () => {
    expect(isoMicros(0)).toBe('1970-01-01T00:00:00.000000Z');
    expect(isoMicros(Date.UTC(2026, 11, 1, 17, 5, 9, 42))).toBe('2026-12-01T17:05:09.042000Z');
  });
});

describe('pickRequestId', () => {
  it('echoes 20 to 200 octets, and makes a UUID v4 otherwise', () => {
    expect(pickRequestId('a'.repeat(20))).toBe('a'.repeat(20));
    expect(pickRequestId('a'.repeat(200))).toBe('a'.repeat(200));
    for (const id of [undefined, '', 'a'.repeat(19), 'a'.repeat(201)])
      expect(pickRequestId(id)).toMatch(UUID);
    expect(pickRequestId(undefined)).not.toBe(pickRequestId(undefined));
  });
});

const meta = { url: `${ORIGIN}/api/x`, requestId: 'r'.repeat(20) };

describe('successResponse', () => {
  it('an object: meta says object and repeats the status; the headers carry the type and the id', () => {
    const res = successResponse(201, meta, { a: 1 });
    expect(res.status).toBe(201);
    expect(res.headers).toEqual({
      'content-type': 'application/json; charset=utf-8',
      'x-request-id': meta.requestId,
    });
    expect(JSON.parse(res.body)).toEqual({
      meta: { code: 201, url: meta.url, type: 'object', request_id: meta.requestId },
      data: { a: 1 },
    });
  });

  it('a list says list; paging and urgent appear only when given, paging before urgent', () => {
    expect(JSON.parse(successResponse(200, meta, [1]).body).meta.type).toBe('list');
    const paged = JSON.parse(successResponse(200, meta, [1], { u: 1 }, { page_number: 1 }).body) as Record<
      string,
      unknown
    >;
    expect(Object.keys(paged)).toEqual(['meta', 'data', 'paging']);
    expect(paged.paging).toEqual({ page_number: 1 });
    const urgent = JSON.parse(successResponse(200, meta, { a: 1 }, { u: 1 }).body) as Record<string, unknown>;
    expect(Object.keys(urgent)).toEqual(['meta', 'data', 'urgent']);
    expect(urgent.urgent).toEqual({ u: 1 });
    expect(Object.keys(JSON.parse(successResponse(200, meta, { a: 1 }).body) as object)).toEqual([
      'meta',
      'data',
    ]);
  });

  it('echoes X-Idempotency-Key in meta and as a header; extra headers join', () => {
    const res = successResponse(200, { ...meta, idempotencyKey: 'k-1' }, {}, undefined, undefined, {
      location: '/x',
    });
    expect(res.headers['x-idempotency-key']).toBe('k-1');
    expect(res.headers.location).toBe('/x');
    expect(JSON.parse(res.body).meta.idempotency_key).toBe('k-1');
    expect(successResponse(200, meta, {}).headers['x-idempotency-key']).toBeUndefined();
    expect(JSON.parse(successResponse(200, meta, {}).body).meta).not.toHaveProperty('idempotency_key');
  });
});

describe('errorResponse', () => {
  it('meta and error, never data; the error status; its headers (Retry-After) join', () => {
    const res = errorResponse(meta, {
      status: 429,
      error: { type: 'too_many_requests', message: 'm' },
      headers: { 'retry-after': '7' },
    });
    expect(res.status).toBe(429);
    expect(res.headers['retry-after']).toBe('7');
    expect(res.headers['x-request-id']).toBe(meta.requestId);
    expect(JSON.parse(res.body)).toEqual({
      meta: { code: 429, url: meta.url, type: 'object', request_id: meta.requestId },
      error: { type: 'too_many_requests', message: 'm' },
    });
  });
});
