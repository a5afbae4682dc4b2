import { describe, expect, it } from 'vitest';
import { examplePerson } from '../../../src/contract/request-examples.js';
import {
  checkSignedContent,
  decodeSignedContent,
  sameJson,
} from '../../../src/reference-impl/domain/signed-content.js';

/*
 * Sign's content (AP:3358-3359; the twin's disabled signature mode, SIGAPI:43-93): base64 of a
 * JSON object, `patient_signed: true`, and otherwise exactly the approved `$.data`. The 422s are
 * the twin's texts, which an integrator's client shows or matches.
 */

const base64 = (bytes: string | Uint8Array) => Buffer.from(bytes).toString('base64');
const json64 = (value: unknown) => base64(JSON.stringify(value));

/** The whole 422 answer for one invalid field (eHealth's shape, reference §2.3). */
const invalid = (entry: string, description: string) => ({
  ok: false,
  error: {
    code: 'person_request_invalid',
    invalid: [
      { entry, entry_type: 'json_data_property', rules: [{ rule: 'invalid', description, params: [] }] },
    ],
  },
});
const MALFORMED = invalid(
  '$.signed_content',
  'Malformed encoded content. Probably, you have encoded corrupted JSON.',
);

describe('decodeSignedContent', () => {
  it('answers the JSON object the base64 encodes', () => {
    expect(decodeSignedContent(json64({ a: [1, { b: 'ї' }] }))).toEqual({
      ok: true,
      value: { a: [1, { b: 'ї' }] },
    });
  });

  it('refuses what is not base64 with the twin’s text', () => {
    expect(decodeSignedContent('not base64!')).toEqual(invalid('$.signed_content', 'Not a base64 string'));
  });

  it('refuses corrupted JSON as malformed', () => {
    expect(decodeSignedContent(base64('{"a":'))).toEqual(MALFORMED);
  });

  it('refuses bytes that are not UTF-8 as malformed, not as replacement characters', () => {
    // `{"patient_signed":true,"x":"<0xff>"}`: a lenient decoder would make it valid JSON.
    const bytes = Buffer.concat([
      Buffer.from('{"patient_signed":true,"x":"'),
      Buffer.from([0xff]),
      Buffer.from('"}'),
    ]);
    expect(decodeSignedContent(base64(bytes))).toEqual(MALFORMED);
  });

  it.each([['null'], ['[]'], ['[{"patient_signed":true}]'], ['5'], ['"text"'], ['true']])(
    'refuses JSON that is not an object (%s) as malformed',
    (text) => {
      expect(decodeSignedContent(base64(text))).toEqual(MALFORMED);
    },
  );
});

describe('sameJson', () => {
  it('ignores the order of object keys, at every depth, and keeps the order of arrays', () => {
    expect(sameJson({ a: 1, b: { c: [1, 2], d: 'x' } }, { b: { d: 'x', c: [1, 2] }, a: 1 })).toBe(true);
    expect(sameJson({ a: [1, 2] }, { a: [2, 1] })).toBe(false);
  });

  // Each pair both ways: equality is symmetric.
  it.each([
    ['a missing key', { a: 1 }, { a: 1, b: 2 }],
    ['a different value at the second index', [1, 2], [1, 3]],
    ['a longer array', [1], [1, 1]],
    ['an index-keyed object for an array', { 0: 'x' }, ['x']],
    ['an array-like object for an array', { 0: 'x', length: 1 }, ['x']],
    ['an empty object for an empty array', {}, []],
    ['an empty object for a number', {}, 5],
    ['an empty object for a boolean', {}, true],
    ['an empty object for null', {}, null],
    ['a number for its string', 1, '1'],
  ])('tells %s apart', (_what, a, b) => {
    expect(sameJson(a, b)).toBe(false);
    expect(sameJson(b, a)).toBe(false);
  });
});

describe('checkSignedContent', () => {
  // The approved `$.data` (dataOf): nested objects and arrays of objects, as the person has them.
  const person = examplePerson();
  const approved = {
    id: 'b6e2b33a-7f4d-4d64-a57f-8d5e6a0c1c11',
    status: 'APPROVED',
    person: {
      ...person,
      documents: [
        { type: 'PASSPORT', number: 'АА120518' },
        { type: 'TAX_ID', number: '3126509816' },
      ],
    },
    patient_signed: false,
    process_disclosure_data_consent: true,
    channel: 'MIS',
    content: '<html></html>',
  };
  const signed = { ...approved, patient_signed: true };

  it('accepts the approved data with patient_signed true, whatever the key order', () => {
    expect(checkSignedContent(signed, approved)).toEqual({ ok: true, value: true });
    const reversed = Object.fromEntries(Object.entries(signed).reverse());
    expect(checkSignedContent(reversed, approved).ok).toBe(true);
  });

  it.each([[false], ['true'], [undefined]])('refuses patient_signed %s with the twin’s text', (value) => {
    expect(checkSignedContent({ ...approved, patient_signed: value }, approved)).toEqual(
      invalid('$.patient_signed', 'Patient must sign the person request form'),
    );
  });

  const [passport, taxId] = signed.person.documents;
  const { channel: _channel, ...withoutChannel } = signed;
  it.each([
    ['a field left out', withoutChannel],
    ['a field added', { ...signed, channel: 'MIS', extra: 1 }],
    [
      'the second document changed',
      { ...signed, person: { ...signed.person, documents: [passport, { ...taxId, number: '1' }] } },
    ],
    ['a document added', { ...signed, person: { ...signed.person, documents: [passport, taxId, taxId] } }],
    [
      'the documents as an index-keyed object',
      { ...signed, person: { ...signed.person, documents: { 0: passport, 1: taxId } } },
    ],
    [
      'the documents as an array-like object',
      { ...signed, person: { ...signed.person, documents: { 0: passport, 1: taxId, length: 2 } } },
    ],
    ['a boolean as an empty object', { ...signed, process_disclosure_data_consent: {} }],
    ['the person as null', { ...signed, person: null }],
  ])('refuses the content with %s', (_what, content) => {
    expect(checkSignedContent(content, approved)).toEqual(
      invalid('$.content', 'Signed content does not match the previously created content'),
    );
  });
});
