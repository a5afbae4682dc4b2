import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { acceptsJson } from '../../../src/reference-impl/http/accept.js';
import { Harness } from '../support/harness.js';

const PHONE = '+380501234567';

let h: Harness;
beforeAll(async () => {
  h = await Harness.start();
});
afterAll(() => h.close());
beforeEach(() => h.reset());

// The OTP router's `accepts ["json"]` (OTP web/router.ex:14; real-service findings C10).
describe('an Accept header that admits no JSON', () => {
  it.each(['text/html', 'application/xml, text/plain', 'application/json;q=0'])(
    'answers 406 content_type_invalid on the Accept header to %s',
    async (accept) => {
      const res = await h.verifiedPhone(PHONE, { headers: { accept } });
      expect(res.status).toBe(406);
      expect(res.body.meta.code).toBe(406);
      expect(res.body.error).toEqual({
        type: 'content_type_invalid',
        message: "Accept header is missing or invalid. Try to set 'Accept: application/json' header.",
        invalid: [{ entry_type: 'header', entry: 'Accept' }],
      });
    },
  );

  it('comes after the gateway: no token is still 401', async () => {
    const res = await h.verifiedPhone(PHONE, { headers: { accept: 'text/html', authorization: '' } });
    expect(res.status).toBe(401);
  });
});

describe('an Accept header that admits JSON', () => {
  it.each(['application/json', 'text/html, */*;q=0.1', 'application/*', 'APPLICATION/JSON; charset=utf-8'])(
    'is served: %s',
    async (accept) => {
      const res = await h.verifiedPhone(PHONE, { headers: { accept } });
      expect(res.status).not.toBe(406);
    },
  );

  it('treats a missing or empty header as acceptable', () => {
    expect(acceptsJson(undefined)).toBe(true);
    expect(acceptsJson('')).toBe(true);
    expect(acceptsJson('text/html')).toBe(false);
    expect(acceptsJson('*/*;q=0.000')).toBe(false);
  });
});
