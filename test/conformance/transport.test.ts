import { describe, expect, it } from 'vitest';
import { handleAsFetch, type PlainRequest } from '../../src/conformance/in-process.js';
import { sendHttp } from '../../src/conformance/transport.js';

const limits = { timeoutMs: 1000, maxBodyBytes: 64 };

describe('sendHttp', () => {
  it('never aborts the signal of a request that was answered in time', async () => {
    let signal: AbortSignal | undefined;
    const res = await sendHttp(
      async (_input, init) => {
        signal = init.signal ?? undefined;
        return new Response('{}', { status: 200 });
      },
      { method: 'GET', url: 'http://t.test/api', headers: {} },
      limits,
    );
    expect(res.text).toBe('{}');
    expect(signal?.aborted).toBe(false);
  });

  it('aborts the signal when the time is up', async () => {
    let signal: AbortSignal | undefined;
    const hang = sendHttp(
      (_input, init) => {
        signal = init.signal ?? undefined;
        return new Promise<Response>(() => {});
      },
      { method: 'GET', url: 'http://t.test/api', headers: {} },
      { ...limits, timeoutMs: 20 },
    );
    await expect(hang).rejects.toThrow('no complete response within 20 ms');
    expect(signal?.aborted).toBe(true);
  });

  it('keeps the status of an answer whose body is over the read limit, without the body', async () => {
    const res = await sendHttp(
      async () => new Response('x'.repeat(65), { status: 422 }),
      { method: 'POST', url: 'http://t.test/api', headers: {}, body: '{}' },
      limits,
    );
    expect(res).toMatchObject({
      status: 422,
      text: '',
      bodyNotRead: 'the response body exceeds the 64-byte read limit',
    });
  });
});

describe('handleAsFetch', () => {
  it('hands a plain request to the handle and its plain answer back as a Response', async () => {
    const seen: PlainRequest[] = [];
    const fetch = handleAsFetch(async (req) => {
      seen.push(req);
      return { status: 201, headers: { 'content-type': 'application/json', 'x-a': '1' }, body: '{"ok":1}' };
    });
    const res = await fetch('http://t.test/api/verifications?x=1', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{"a":1}',
    });
    expect(res.status).toBe(201);
    expect(res.headers.get('x-a')).toBe('1');
    expect(await res.text()).toBe('{"ok":1}');
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({
      method: 'POST',
      target: '/api/verifications?x=1',
      origin: 'http://t.test',
      headers: { 'content-type': 'application/json' },
    });
    expect(new TextDecoder().decode(seen[0]?.body)).toBe('{"a":1}');
  });

  it('answers 204 without a body and sends no body for a GET', async () => {
    let body: Uint8Array | undefined = new Uint8Array(1);
    const fetch = handleAsFetch(async (req) => {
      body = req.body;
      return { status: 204, headers: {}, body: '' };
    });
    const res = await fetch('http://t.test/__control/reset', { method: 'GET' });
    expect(res.status).toBe(204);
    expect(res.body).toBeNull();
    expect(body).toBeUndefined();
  });
});
