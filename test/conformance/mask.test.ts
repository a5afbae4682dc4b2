import { describe, expect, it } from 'vitest';
import { findCodeLeaks, findCodeLeaksInHeaders } from '../../src/conformance/code-leak.js';
import { checkEnvelope, findInternalLeak } from '../../src/conformance/envelope-check.js';
import { createMasker, maskPhones } from '../../src/conformance/mask.js';

describe('masking', () => {
  it('masks phone numbers as +380******67, also percent-encoded', () => {
    expect(maskPhones('PATCH /api/verifications/+380501234567/actions/complete')).toBe(
      'PATCH /api/verifications/+380******67/actions/complete',
    );
    expect(maskPhones('sms?phone_number=%2B380501234567')).toBe('sms?phone_number=%2B380******67');
  });

  it('masks the codes read in the run as ****, and only stand-alone digit runs', () => {
    const mask = createMasker(new Set(['4569']));
    expect(mask('code 4569 was accepted; request 14569 took 4569ms')).toBe(
      'code **** was accepted; request 14569 took ****ms',
    );
  });
});

describe('the OTP code in a response', () => {
  it('is found as a number or a stand-alone string anywhere in the body', () => {
    expect(findCodeLeaks({ data: { id: 'x', debug: 4569 } }, ['4569'])).toEqual(['$.data.debug']);
    expect(findCodeLeaks({ error: { message: 'your code is 4569' } }, ['4569'])).toEqual(['$.error.message']);
    expect(findCodeLeaks({ list: [{ code: '4569' }] }, ['4569'])).toEqual(['$.list[0].code']);
  });

  it('is not confused with UUIDs, timestamps or longer numbers', () => {
    const body = {
      data: {
        id: '4569aaaa-1111-4569-8000-000000004569',
        code_expired_at: '2025-03-01T10:45:69.456912Z',
        n: 14569,
      },
      meta: {
        request_id: 'conformance-0b1c2d3e-4569-4a5b-8c9d-0e1f2a3b4c5d',
        url: 'http://x/api/person_requests/4569aaaa-1111-4569-8000-000000004569/actions/resend_otp',
      },
    };
    expect(findCodeLeaks(body, ['4569'])).toEqual([]);
  });

  it("is not confused with a date's year (a person's birth_date), but found next to one", () => {
    const person = { birth_date: '1991-08-19', documents: [{ issued_at: '2017-02-28' }] };
    expect(findCodeLeaks({ data: { person } }, ['1991', '2017'])).toEqual([]);
    expect(findCodeLeaks({ data: { note: 'born 1991-08-19, code 1991' } }, ['1991'])).toEqual([
      '$.data.note',
    ]);
    expect(findCodeLeaks({ data: { year: '1991' } }, ['1991'])).toEqual(['$.data.year']);
  });

  it('is found in a response header, but not in sizes, delays and dates', () => {
    const headers = new Headers({
      'x-debug-otp': '4569',
      'set-cookie': 'otp=4569; Path=/',
      'content-length': '4569',
      'retry-after': '4569',
      'x-ratelimit-remaining': '4569',
      date: 'Sat, 01 Mar 4569 10:45:00 GMT',
      'x-request-id': 'conformance-0b1c2d3e-4569-4a5b-8c9d-0e1f2a3b4c5d',
    });
    expect(findCodeLeaksInHeaders(headers, ['4569'])).toEqual(['set-cookie', 'x-debug-otp']);
  });
});

describe('internal leaks', () => {
  it('spots stack frames and exception names', () => {
    expect(findInternalLeak('{"message":"boom\\n    at handler (/srv/app.js:1:2)"}')).toBeDefined();
    expect(findInternalLeak('TypeError: Cannot read properties of undefined')).toBeDefined();
    expect(
      findInternalLeak('{"message":"Malformed request. Probably, you have sent corrupted JSON."}'),
    ).toBeUndefined();
  });
});

describe('the envelope check', () => {
  const ok = {
    status: 404,
    contentType: 'application/json; charset=utf-8',
    headerRequestId: 'conformance-'.padEnd(30, 'x'),
    body: {
      meta: {
        code: 404,
        url: 'http://internal.svc/api/verifications/+380501234567',
        type: 'object',
        request_id: 'conformance-'.padEnd(30, 'x'),
      },
      error: { type: 'not_found' },
    },
    text: '',
    requestPath: '/gateway/api/verifications/+380501234567',
    apiPath: '/api/verifications/+380501234567',
    sentRequestId: 'conformance-'.padEnd(30, 'x'),
  };

  it('accepts an internal host and a proxy that strips a path prefix', () => {
    expect(checkEnvelope(ok)).toEqual([]);
  });

  it('names every broken part', () => {
    const problems = checkEnvelope({
      ...ok,
      contentType: 'text/html',
      headerRequestId: null,
      body: {
        meta: { code: 200, url: 'http://x/api/other?x=1', type: 'list', request_id: 'fresh' },
        error: { type: 'not_found' },
        data: {},
      },
    });
    expect(problems).toEqual([
      'Content-Type is "text/html", expected application/json',
      'the body has both data and error',
      'meta.code is 200, the HTTP status is 404',
      'meta.type is "list", expected "object"',
      'meta.url "http://x/api/other?x=1" carries a query string',
      'meta.url path is "/api/other", the request path was "/gateway/api/verifications/+380501234567"',
      `meta.request_id "fresh" does not echo the X-Request-ID sent ("${ok.sentRequestId}", 20-200 characters)`,
      'no X-Request-ID response header',
    ]);
  });
});
