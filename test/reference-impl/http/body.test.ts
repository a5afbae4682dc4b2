import { describe, expect, it } from 'vitest';
import { MAX_JSON_DEPTH, nestedDeeperThan, parseJsonBody } from '../../../src/reference-impl/http/body.js';

/**
 * The body step's decoding rules one by one (http/body.ts). The mutation run of issue 18 found
 * most of body.ts's surviving mutants here: the lifecycle tests send well-formed bodies, so the
 * bracket counting, string and escape handling and the boundaries were never pinned.
 */
const utf8 = (s: string) => new TextEncoder().encode(s);
const parse = (body: string | Uint8Array | undefined, contentType: string | undefined = 'application/json') =>
  parseJsonBody('POST', contentType, typeof body === 'string' ? utf8(body) : body, 1024);

describe('nestedDeeperThan', () => {
  it('counts [ and { up to the limit and refuses one more', () => {
    expect(nestedDeeperThan('[[[]]]', 3)).toBe(false);
    expect(nestedDeeperThan('[[[[]]]]', 3)).toBe(true);
    expect(nestedDeeperThan('{"a":{"b":{}}}', 3)).toBe(false);
    expect(nestedDeeperThan('{"a":{"b":{"c":{}}}}', 3)).toBe(true);
    expect(nestedDeeperThan('[{[{', 3)).toBe(true);
  });

  it('closing brackets take the depth down again, ] and } alike', () => {
    expect(nestedDeeperThan('[]'.repeat(100), 1)).toBe(false);
    expect(nestedDeeperThan('{}'.repeat(100), 1)).toBe(false);
    expect(nestedDeeperThan('[{}]'.repeat(50), 2)).toBe(false);
    expect(nestedDeeperThan(`${'[]'.repeat(10)}[[`, 1)).toBe(true);
  });

  it('ignores brackets inside strings, and sees them again once the string ends', () => {
    expect(nestedDeeperThan('["[[[[{{{{"]', 1)).toBe(false);
    expect(nestedDeeperThan('"[[[["[[', 1)).toBe(true);
    expect(nestedDeeperThan('"x"[', 0)).toBe(true);
  });

  it('an escaped quote does not end the string; an escaped backslash does not escape the quote after it', () => {
    expect(nestedDeeperThan('["\\"[[[["]', 1)).toBe(false);
    expect(nestedDeeperThan('["\\\\"[[]]]', 1)).toBe(true);
  });

  it('a backslash outside a string skips nothing', () => {
    expect(nestedDeeperThan('\\[[', 1)).toBe(true);
  });

  it('no brackets at all is depth 0', () => {
    expect(nestedDeeperThan('"a"', 0)).toBe(false);
    expect(nestedDeeperThan('123', 0)).toBe(false);
  });
});

describe('parseJsonBody', () => {
  it('reads a body only on POST, PUT, PATCH and DELETE', () => {
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE'])
      expect(parseJsonBody(method, 'application/json', utf8('{"a":1}'), 1024)).toEqual({
        ok: true,
        value: { a: 1 },
      });
    for (const method of ['GET', 'HEAD', 'OPTIONS'])
      expect(parseJsonBody(method, 'application/json', utf8('{"a":1}'), 1024)).toEqual({
        ok: true,
        value: undefined,
      });
  });

  it('without a Content-Type there is no body, whatever is sent (Plug.Parsers)', () => {
    expect(parseJsonBody('POST', undefined, utf8('not json'), 1024)).toEqual({ ok: true, value: undefined });
  });

  it('takes application/json with parameters, any case, and application/*+json; refuses the rest with 415', () => {
    for (const type of [
      'application/json',
      'application/json; charset=utf-8',
      'APPLICATION/JSON',
      'application/vnd.api+json',
      'application/merge-patch+json;x=1',
    ])
      expect(parse('{"a":1}', type), type).toEqual({ ok: true, value: { a: 1 } });
    for (const type of [
      'text/json',
      'application/jsonx',
      'application/x-json',
      'text/plain',
      'application/json-seq',
      '',
    ])
      expect(parse('{"a":1}', type), type).toEqual({ ok: false, error: { code: 'content_type_invalid' } });
  });

  it('the content type is judged before the size: a large text/plain body is 415, not 413', () => {
    expect(parse('x'.repeat(5_000), 'text/plain')).toEqual({
      ok: false,
      error: { code: 'content_type_invalid' },
    });
  });

  it('answers 413 above maxBytes, takes exactly maxBytes, and 413 for a body the adapter drained', () => {
    const exact = `"${'x'.repeat(1022)}"`;
    expect(parse(exact)).toEqual({ ok: true, value: 'x'.repeat(1022) });
    expect(parse(`${exact} `)).toEqual({ ok: false, error: { code: 'body_too_large' } });
    expect(parseJsonBody('POST', 'application/json', undefined, 1024, true)).toEqual({
      ok: false,
      error: { code: 'body_too_large' },
    });
    expect(parseJsonBody('POST', 'application/json', utf8('{}'), 1024, false)).toEqual({
      ok: true,
      value: {},
    });
  });

  it('an empty or absent body is no body, not malformed JSON', () => {
    expect(parse(new Uint8Array(0))).toEqual({ ok: true, value: undefined });
    expect(parse(undefined)).toEqual({ ok: true, value: undefined });
  });

  it('malformed JSON, invalid UTF-8 and JSON nested deeper than MAX_JSON_DEPTH are 400', () => {
    expect(parse('{"a":')).toEqual({ ok: false, error: { code: 'body_malformed' } });
    expect(parse(new Uint8Array([0x7b, 0xff, 0x7d]))).toEqual({
      ok: false,
      error: { code: 'body_malformed' },
    });
    const deep = (n: number) => `${'['.repeat(n)}${']'.repeat(n)}`;
    expect(parseJsonBody('POST', 'application/json', utf8(deep(MAX_JSON_DEPTH)), 10_000).ok).toBe(true);
    expect(parseJsonBody('POST', 'application/json', utf8(deep(MAX_JSON_DEPTH + 1)), 10_000)).toEqual({
      ok: false,
      error: { code: 'body_malformed' },
    });
    expect(MAX_JSON_DEPTH).toBe(64);
  });

  it('drops a leading UTF-8 BOM (TextDecoder), as the docs say of both APIs', () => {
    expect(parse(new Uint8Array([0xef, 0xbb, 0xbf, ...utf8('{"a":1}')]))).toEqual({
      ok: true,
      value: { a: 1 },
    });
  });
});
