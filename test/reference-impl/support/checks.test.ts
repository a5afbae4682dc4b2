import { describe, expect, it } from 'vitest';
import { expectNoCodeIn, expectSpecValid, JSON_UTF8, type ObservedResponse } from './spec.js';

/** The checks every HTTP test relies on must themselves catch what they promise to catch. */

const meta = {
  code: 404,
  url: 'http://127.0.0.1:1/api/verifications/+380501234567',
  type: 'object',
  request_id: 'r-1',
};
const good: ObservedResponse = {
  status: 404,
  headers: { 'content-type': JSON_UTF8, 'x-request-id': 'r-1' },
  body: { meta, error: { type: 'not_found' } },
  text: '{}',
};

describe('the spec checks of the test support', () => {
  it('accept a response the spec declares', () => {
    expect(() => expectSpecValid('getVerifiedPhone', good)).not.toThrow();
  });

  it('reject a status the operation does not declare', () => {
    const res = {
      ...good,
      status: 409,
      body: { meta: { ...meta, code: 409 }, error: { type: 'request_conflict' } },
    };
    expect(() => expectSpecValid('getVerifiedPhone', res)).toThrow(/not declared/);
  });

  it('reject a body outside the schema', () => {
    const res = { ...good, body: { meta, error: { type: 'not_found', stack: 'x' } } };
    expect(() => expectSpecValid('getVerifiedPhone', res)).toThrow();
  });

  it('reject data beside error', () => {
    const res = { ...good, body: { meta, error: { type: 'not_found' }, data: {} } };
    expect(() => expectSpecValid('getVerifiedPhone', res)).toThrow();
  });

  it('reject a request id header that differs from meta.request_id', () => {
    const res = { ...good, headers: { ...good.headers, 'x-request-id': 'other' } };
    expect(() => expectSpecValid('getVerifiedPhone', res)).toThrow(/X-Request-ID/);
  });

  it('reject a content type without the charset', () => {
    const res = { ...good, headers: { ...good.headers, 'content-type': 'application/json' } };
    expect(() => expectSpecValid('getVerifiedPhone', res)).toThrow(/Content-Type/);
  });

  it('reject a meta.url that is not the expected one', () => {
    expect(() => expectSpecValid('getVerifiedPhone', good, `${meta.url}?x=1`)).toThrow(/meta.url/);
  });

  it('find a sent code anywhere in a body, as a number or a string', () => {
    expect(() => expectNoCodeIn({ meta: { code: 200 }, data: { id: 'a' } }, ['1232'])).not.toThrow();
    expect(() => expectNoCodeIn({ data: { otp: 1232 } }, ['1232'])).toThrow();
    expect(() => expectNoCodeIn({ data: [{ x: '1232' }] }, ['1232'])).toThrow();
    expect(() => expectNoCodeIn({ data: { code: 'hidden' } }, ['1232'])).toThrow();
  });
});
