import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MemoryStore } from '../../../src/reference-impl/store/memory-store.js';
import { type CallOptions, Harness, type OperationId } from '../support/harness.js';

const PHONE = '+380501234567';
const UNKNOWN_ID = '00000000-0000-4000-8000-000000000999';

let h: Harness;
beforeAll(async () => {
  // 256: the control API's token body names every scope of the spec (the harness asks for all); 500 bytes still exceed it.
  h = await Harness.start({ settings: { maxBodyBytes: 256 } });
});
afterAll(() => h.close());
beforeEach(() => h.reset());

/** The three operations that take a JSON body, each with the parameters it needs. */
const bodyOperations: readonly [OperationId, CallOptions][] = [
  ['initializeVerification', {}],
  ['completeVerification', { params: { phone_number: PHONE } }],
  ['resendPersonRequestOtp', { params: { id: UNKNOWN_ID } }],
];

describe('the request id', () => {
  it.each([20, 64, 200])(
    'echoes an X-Request-ID of %i characters in meta.request_id and the header',
    async (n) => {
      const id = `${'r'.repeat(n - 4)}-abc`;
      const res = await h.verifiedPhone(PHONE, { headers: { 'x-request-id': id } });
      expect(res.body.meta.request_id).toBe(id);
      expect(res.headers['x-request-id']).toBe(id);
    },
  );

  it.each([1, 19, 201, 500])('replaces an X-Request-ID of %i characters with a fresh one', async (n) => {
    const id = 'q'.repeat(n);
    const res = await h.verifiedPhone(PHONE, { headers: { 'x-request-id': id } });
    expect(res.body.meta.request_id).not.toBe(id);
    expect(res.body.meta.request_id.length).toBeGreaterThan(0);
    expect(res.headers['x-request-id']).toBe(res.body.meta.request_id);
  });

  it('is fresh for every request that sends none', async () => {
    const ids = new Set<string>();
    for (let i = 0; i < 5; i++) ids.add((await h.initialize(PHONE)).body.meta.request_id);
    expect(ids.size).toBe(5);
  });

  it('is echoed on errors too', async () => {
    const id = 'trace-0123456789-abcdef';
    const res = await h.initialize(PHONE, { auth: null, headers: { 'x-request-id': id } });
    expect(res.status).toBe(401);
    expect(res.body.meta.request_id).toBe(id);
  });
});

describe('meta', () => {
  it('gives the request URL without its query string', async () => {
    const res = await h.verifiedPhone(PHONE, { query: 'foo=bar&baz=1' });
    expect(res.body.meta.url).toBe(`${h.baseUrl}/api/verifications/${PHONE}`);
    expect(res.body.meta.url).not.toContain('?');
  });

  it('says object and repeats the status, on success and on error', async () => {
    const ok = await h.initialize(PHONE);
    expect(ok.body.meta).toMatchObject({ code: 200, type: 'object' });
    const err = await h.initialize('nope');
    expect(err.body.meta).toMatchObject({ code: 422, type: 'object' });
  });
});

describe('protocol errors', () => {
  it.each(bodyOperations)('%s answers 400 request_malformed to corrupted JSON', async (op, options) => {
    const res = await h.call(op, { ...options, raw: '{"code": 12', contentType: 'application/json' });
    expect(res.status).toBe(400);
    expect(res.body.error).toEqual({
      type: 'request_malformed',
      message: 'Malformed request. Probably, you have sent corrupted JSON.',
      invalid: [{ entry_type: 'request', rules: [{ rule: 'json' }] }],
    });
  });

  it('answers 400 request_malformed to a body that is not UTF-8', async () => {
    const bytes = Buffer.concat([
      Buffer.from('{"phone_number":"'),
      Buffer.from([0xff, 0xfe]),
      Buffer.from('"}'),
    ]);
    const res = await h.call('initializeVerification', { raw: bytes, contentType: 'application/json' });
    expect(res.status).toBe(400);
    expect(res.body.error?.type).toBe('request_malformed');
  });

  it.each(bodyOperations)(
    '%s answers 413 request_too_large to a body over the limit',
    async (op, options) => {
      const res = await h.call(op, { ...options, json: { phone_number: PHONE, padding: 'x'.repeat(500) } });
      expect(res.status).toBe(413);
      expect(res.body.error).toEqual({
        type: 'request_too_large',
        message: 'Request body is too large.',
        invalid: [{ entry_type: 'request', rules: [{ rule: 'size' }] }],
      });
      expect(await h.sms()).toEqual([]);
    },
  );

  it.each(bodyOperations)('%s answers 415 content_type_invalid to a text/plain body', async (op, options) => {
    const res = await h.call(op, {
      ...options,
      raw: JSON.stringify({ phone_number: PHONE }),
      contentType: 'text/plain',
    });
    expect(res.status).toBe(415);
    expect(res.body.error?.type).toBe('content_type_invalid');
    expect(res.body.error?.message).toMatch(
      /^Invalid Content-Type header\. Try to set 'Content-Type: application\/json' header: /,
    );
    expect(res.body.error?.invalid).toEqual([{ entry_type: 'header', entry: 'Content-Type' }]);
  });

  it('answers 415 to a non-JSON Content-Type even without a body', async () => {
    const res = await h.call('initializeVerification', { contentType: 'application/x-www-form-urlencoded' });
    expect(res.status).toBe(415);
  });

  it('accepts a JSON Content-Type with a charset', async () => {
    const res = await h.call('initializeVerification', {
      raw: JSON.stringify({ phone_number: PHONE }),
      contentType: 'application/json; charset=utf-8',
    });
    expect(res.status).toBe(200);
  });

  it('accepts a resend without a body and without a Content-Type', async () => {
    const id = await h.personRequest({ authentication_methods: [{ type: 'OTP', phone_number: PHONE }] });
    expect((await h.resend(id)).status).toBe(200);
  });

  it.each([
    ['GET', '/api/unknown'],
    ['GET', '/'],
    ['DELETE', `/api/verifications/${PHONE}`],
    ['PUT', '/api/verifications'],
    ['POST', `/api/person_requests/${UNKNOWN_ID}/actions/unknown`],
  ])('answers 404 not_found to %s %s, a route the spec does not have', async (method, path) => {
    const res = await h.callRoute(method, path);
    expect(res.status).toBe(404);
    expect(res.body.error).toEqual({ type: 'not_found' });
  });
});

describe('unexpected faults', () => {
  it('answer 500 internal_error with no internal detail, and the detail goes to onFault', async () => {
    const faults: unknown[] = [];
    const broken = new MemoryStore(10);
    broken.getToken = async () => {
      throw new Error('ECONNREFUSED redis at /srv/app/src/store.ts:42:7');
    };
    const b = await Harness.start({
      store: broken,
      onFault: (error) => faults.push(error),
    });
    try {
      const res = await b.initialize(PHONE);
      expect(res.status).toBe(500);
      expect(res.body.error?.type).toBe('internal_error');
      expect(res.text).not.toContain('ECONNREFUSED');
      expect(res.text).not.toContain('store.ts');
      expect(faults).toHaveLength(1);
      expect(String(faults[0])).toContain('ECONNREFUSED');
    } finally {
      await b.close();
    }
  });
});
