import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isEchoableRequestId as suiteJudgesEchoable } from '../../src/conformance/envelope-check.js';
import {
  headerOctets,
  isEchoableRequestId,
  phonePattern,
  REQUEST_ID_BYTES,
  toEntryPath,
  toJsonPath,
} from '../../src/contract/rules.js';
import { loadSpec } from '../../src/contract/spec-files.js';
import { Harness } from '../reference-impl/support/harness.js';

/**
 * The rules both sides need, defined once in src/contract/rules.ts. The suite's envelope check
 * and the reference server use the same definition; the wire tests below check that what the
 * server does on a real socket is what the rule (and so the suite) says.
 */

const ascii = (n: number) => 'r'.repeat(n);

describe('the X-Request-ID echo rule (Plug.RequestId: 20 to 200 bytes)', () => {
  it.each([
    [ascii(19), false],
    [ascii(20), true],
    [ascii(200), true],
    [ascii(201), false],
    // Latin-1 header strings are one octet per character on the wire.
    ['é'.repeat(150), true],
    ['é'.repeat(19), false],
    ['é'.repeat(201), false],
    // Wider characters cannot be a header as they are; they count as their UTF-8 bytes.
    ['中'.repeat(7), true],
    ['中'.repeat(6), false],
    ['中'.repeat(66), true],
    ['中'.repeat(67), false],
  ])('%s → %s', (id, echo) => {
    expect(isEchoableRequestId(id)).toBe(echo);
    expect(suiteJudgesEchoable(id)).toBe(echo);
  });

  it('counts octets: a Latin-1 string by its length, a wider one by its UTF-8 form', () => {
    expect(headerOctets('é'.repeat(150))).toBe(150);
    expect(headerOctets('aé中')).toBe(1 + 2 + 3);
  });

  it('is the range the spec states', () => {
    const spec = JSON.stringify(loadSpec('ehealth'));
    expect(spec).toContain(`${REQUEST_ID_BYTES.min} to ${REQUEST_ID_BYTES.max} bytes`);
    expect(spec).not.toMatch(/20 to 200 characters/);
  });
});

describe('the reference server echoes exactly what the rule (and so the suite) says', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await Harness.start();
  });
  afterAll(() => h.close());

  /**
   * Over fetch, as the suite sends it (a header string is Latin-1 octets on the wire). Only
   * `meta.request_id` is compared: the Node adapter writes the echoed header back in UTF-8 when
   * it is not ASCII (node:http sends head and string body in one UTF-8 write), a separate defect
   * reported in the branch notes.
   */
  const echoed = async (id: string): Promise<boolean> => {
    const res = await fetch(`${h.baseUrl}/api/verifications/%2B380501234567`, {
      headers: { authorization: `Bearer ${h.credentials.token}`, 'x-request-id': id },
    });
    const body = (await res.json()) as { meta: { request_id: string } };
    return body.meta.request_id === id;
  };

  it.each([
    ascii(19),
    ascii(20),
    ascii(200),
    ascii(201),
    'é'.repeat(150),
    'é'.repeat(200),
    'é'.repeat(201),
    `${ascii(10)}é${ascii(9)}`,
  ])('%s', async (id) => {
    expect(await echoed(id)).toBe(suiteJudgesEchoable(id));
  });

  /** Sends `id` as raw UTF-8 octets (not Latin-1); the server reads them as Latin-1, one unit each. */
  const echoedAsUtf8 = (id: string): Promise<boolean> =>
    new Promise((resolve, reject) => {
      const url = new URL(h.baseUrl);
      const socket = connect(Number(url.port), url.hostname);
      const chunks: Buffer[] = [];
      socket.on('data', (c: Buffer) => chunks.push(c));
      socket.on('error', reject);
      socket.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        const body = JSON.parse(text.slice(text.indexOf('\r\n\r\n') + 4)) as { meta: { request_id: string } };
        resolve(body.meta.request_id === Buffer.from(id, 'utf8').toString('latin1'));
      });
      socket.write(
        Buffer.concat([
          Buffer.from(
            `GET /api/verifications/%2B380501234567 HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${h.credentials.token}\r\nConnection: close\r\nX-Request-ID: `,
          ),
          Buffer.from(id, 'utf8'),
          Buffer.from('\r\n\r\n'),
        ]),
      );
    });

  it('counts UTF-8 octets on the wire as Plug does: 100 × é (200 bytes) echoed, 101 × é (202) not', async () => {
    expect(await echoedAsUtf8('é'.repeat(100))).toBe(true);
    expect(await echoedAsUtf8('é'.repeat(101))).toBe(false);
  });
});

describe('the entry path (NExJsonSchema: `$`, names and `[index]` joined by `.`)', () => {
  it.each([
    ['', undefined, '$'],
    ['/phone_number', undefined, '$.phone_number'],
    ['', 'code', '$.code'],
    ['/bar/array/0', 'string', '$.bar.array.[0].string'],
    ['/2', undefined, '$.[2]'],
    ['/a~1b/c~0d', undefined, '$.a/b.c~d'],
  ])('%s + %s → %s', (pointer, child, path) => {
    expect(toEntryPath(pointer, child)).toBe(path);
  });

  it("the kit's own sentences use JSONPath: $.a[0].b", () => {
    expect(toJsonPath('/bar/array/0', 'string')).toBe('$.bar.array[0].string');
    expect(toJsonPath('')).toBe('$');
  });
});

describe('the phone pattern', () => {
  it("is the spec's InitializeVerificationRequest.phone_number pattern", () => {
    const schemas = loadSpec('ehealth').components?.schemas as Record<
      string,
      { properties: Record<string, { pattern?: string }> }
    >;
    expect(phonePattern().source).toBe(
      new RegExp(schemas.InitializeVerificationRequest?.properties.phone_number?.pattern ?? '').source,
    );
    expect(phonePattern().test('+380501234567')).toBe(true);
    expect(phonePattern().test('+38050123456')).toBe(false);
    expect(phonePattern().test('+3805012345678')).toBe(false);
  });
});
