import { describe, expect, it } from 'vitest';
import type { PersonRequests } from '../../../src/reference-impl/domain/person-requests.js';
import type { EngineRequest } from '../../../src/reference-impl/http/exchange.js';
import { handleUpload, isUploadPath } from '../../../src/reference-impl/http/uploads.js';

/**
 * The upload storage's answers one by one (http/uploads.ts). The mutation run of issue 18 left
 * uploads.ts at 49 %: the flows upload good documents only, so the refusals, their bodies and the
 * arguments handed to the domain were not pinned. The domain's `upload` is replaced by a recorder.
 */
type Outcome = Awaited<ReturnType<PersonRequests['upload']>>;

function storage(outcome: Outcome) {
  const calls: [string, string, string][] = [];
  const personRequests = {
    upload: async (id: string, type: string, signature: string) => {
      calls.push([id, type, signature]);
      return outcome;
    },
  } as unknown as PersonRequests;
  const put = (
    path: string,
    query: string,
    headers: Record<string, string> = { 'content-type': 'image/jpeg' },
    extra: Partial<EngineRequest> = {},
  ) =>
    handleUpload(
      personRequests,
      {
        method: 'PUT',
        target: `${path}?${query}`,
        origin: 'http://127.0.0.1',
        headers,
        body: new Uint8Array([0xff, 0xd8]),
        ...extra,
      },
      path,
      query,
    );
  return { calls, put };
}

const json = { 'content-type': 'application/json; charset=utf-8' };

describe('handleUpload', () => {
  it('stores: 200 with no body and no content type; the domain gets the id, the decoded type and the signature', async () => {
    const { calls, put } = storage('uploaded');
    const res = await put('/uploads/abc/PASSPORT%20COPY', 'signature=s1');
    expect(res).toEqual({ status: 200, headers: {}, body: '' });
    expect(calls).toEqual([['abc', 'PASSPORT COPY', 's1']]);
  });

  it('passes an empty signature when none is given', async () => {
    const { calls, put } = storage('uploaded');
    await put('/uploads/abc/PASSPORT', '');
    expect(calls).toEqual([['abc', 'PASSPORT', '']]);
  });

  it('404 in JSON for another method or a path that is not /uploads/<id>/<type>, without asking the domain', async () => {
    const { calls, put } = storage('uploaded');
    const notFound = { status: 404, headers: json, body: '{"error":"No such upload URL"}' };
    expect(await put('/uploads/abc/PASSPORT', 'signature=s', undefined, { method: 'POST' })).toEqual(
      notFound,
    );
    expect(await put('/uploads/abc', 'signature=s')).toEqual(notFound);
    expect(await put('/uploads/abc/PASSPORT/x', 'signature=s')).toEqual(notFound);
    expect(await put('/uploads/abc/%E0%A4%A', 'signature=s')).toEqual(notFound);
    expect(calls).toEqual([]);
  });

  it('takes image/jpeg in any case and with parameters; anything else is 415', async () => {
    const { put } = storage('uploaded');
    expect((await put('/uploads/a/P', '', { 'content-type': 'IMAGE/JPEG ; q=1' })).status).toBe(200);
    const refused = {
      status: 415,
      headers: json,
      body: '{"error":"Upload a JPEG: Content-Type: image/jpeg"}',
    };
    expect(await put('/uploads/a/P', '', { 'content-type': 'image/png' })).toEqual(refused);
    expect(await put('/uploads/a/P', '', {})).toEqual(refused);
    expect(await put('/uploads/a/P', '', { 'content-type': 'text/plain; x=image/jpeg' })).toEqual(refused);
  });

  it('413 for a body the adapter drained as too large', async () => {
    const { calls, put } = storage('uploaded');
    expect(await put('/uploads/a/P', '', undefined, { bodyTooLarge: true })).toEqual({
      status: 413,
      headers: json,
      body: '{"error":"The document is too large"}',
    });
    expect(calls).toEqual([]);
  });

  it("the domain's refusals: unknown request or type 404, another signature 403", async () => {
    expect((await storage('not_found').put('/uploads/a/P', 'signature=x')).body).toBe(
      '{"error":"No such upload URL"}',
    );
    expect((await storage('not_found').put('/uploads/a/P', 'signature=x')).status).toBe(404);
    const forbidden = await storage('forbidden').put('/uploads/a/P', 'signature=x');
    expect(forbidden).toEqual({ status: 403, headers: json, body: '{"error":"Invalid signature"}' });
  });

  it('isUploadPath is the /uploads/ prefix', () => {
    expect(isUploadPath('/uploads/a/b')).toBe(true);
    expect(isUploadPath('/uploads')).toBe(false);
    expect(isUploadPath('/api/uploads/a')).toBe(false);
  });
});
