import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { componentValidator } from '../../src/contract/validators.js';
import type { RunningServer } from '../../src/reference-impl/adapters/node.js';
import { startDemoServer } from './support/demo-server.js';
import { ALL_SCOPES_TOKEN } from './support/hostile-requests.js';
import { parseResponse, type RawResponse } from './support/wire.js';

/**
 * Issue 18, defect 4: a valid request pipelined before a malformed one was executed (its SMS went
 * out) but its answer was replaced by the 400/431, so the client could not know its state changed.
 * Checked against the defect: with `afterAnswers` removed from onClientError in adapters/node.ts
 * (the error written at once, as before) every case here gets only the error back.
 */

const envelope = componentValidator('ErrorEnvelope', 'ehealth');
let server: RunningServer;
beforeAll(async () => {
  server = await startDemoServer();
});
afterAll(() => server.close());

/** Writes the bytes at once and splits what comes back into responses (by Content-Length) until close. */
function pipelined(bytes: string): Promise<RawResponse[]> {
  return new Promise((resolve, reject) => {
    const socket = connect(server.port, '127.0.0.1');
    const chunks: Buffer[] = [];
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('error', reject);
    socket.on('close', () => {
      let rest = Buffer.concat(chunks);
      const out: RawResponse[] = [];
      while (rest.length > 0) {
        const response = parseResponse(rest, 'POST');
        if (response === undefined) break;
        out.push(response);
        const headEnd = rest.indexOf('\r\n\r\n') + 4;
        rest = rest.subarray(headEnd + Buffer.byteLength(response.body));
      }
      resolve(out);
    });
    socket.write(Buffer.from(bytes, 'latin1'));
  });
}

/** A request id (a UUID, as the server echoes only those) made from the phone. */
const idOf = (phone: string) => `00000000-0000-4000-8000-${phone.slice(1).padStart(12, '0')}`;

/** An initialize that names itself in X-Request-ID, which its answer echoes. */
const initialize = (phone: string) => {
  const body = JSON.stringify({ phone_number: phone });
  return `POST /api/verifications HTTP/1.1\r\nHost: x\r\nX-Request-ID: ${idOf(phone)}\r\nAuthorization: Bearer ${ALL_SCOPES_TOKEN}\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body}`;
};

describe('a valid request pipelined before a malformed one', () => {
  it.each([
    ['bad syntax', 'GARBAGE\r\n\r\n', 400],
    ['a control character in the target', 'GET /\u0001 HTTP/1.1\r\nHost: x\r\n\r\n', 400],
    ['headers above 16 KiB', `GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`, 431],
  ])('%s: the valid answer comes first, then the error envelope, then close', async (_, bad, status) => {
    const phone = `+38050${String(1_000_000 + status * 1000 + bad.length).slice(-7)}`;
    const responses = await pipelined(initialize(phone) + bad);
    expect(responses.map((r) => r.status)).toEqual([200, status]);
    expect(responses[0]?.headers['x-request-id']).toBe(idOf(phone));
    expect(JSON.parse(responses[0]?.body ?? '{}')).toMatchObject({ data: { active: true } });
    expect(envelope(JSON.parse(responses[1]?.body ?? '{}'))).toBe(true);
    expect(responses[1]?.headers.connection).toBe('close');
    expect((await server.engine.outbox.list(phone)).length).toBe(1);
  });

  it('two valid requests then a malformed one: both answers, in order, then the error', async () => {
    const responses = await pipelined(
      `${initialize('+380507770001') + initialize('+380507770002')}GARBAGE\r\n\r\n`,
    );
    expect(responses.map((r) => r.status)).toEqual([200, 200, 400]);
    expect(responses.map((r) => r.headers['x-request-id'])).toEqual([
      idOf('+380507770001'),
      idOf('+380507770002'),
      expect.any(String),
    ]);
  });
});
