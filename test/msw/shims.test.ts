import * as node from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createHash, randomInt, randomUUID, timingSafeEqual } from '../../src/msw/shims/node-crypto.js';

/** The browser stand-in for node:crypto must give the same answers as node:crypto. */
describe('the browser node:crypto shim', () => {
  it('hashes SHA-256 exactly as node does, across block boundaries', () => {
    for (const length of [0, 1, 55, 56, 63, 64, 65, 119, 120, 1000]) {
      const text = 'ключ-'.repeat(length).slice(0, length);
      const expected = node.createHash('sha256').update(text).digest();
      expect(Buffer.from(createHash('sha256').update(text).digest())).toEqual(expected);
    }
  });

  it('makes version 4 UUIDs', () => {
    expect(randomUUID()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('draws integers in [min, max) and covers the range', () => {
    const seen = new Set<number>();
    for (let i = 0; i < 2000; i++) seen.add(randomInt(1, 10));
    expect([...seen].sort()).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('compares like timingSafeEqual, throwing on different lengths', () => {
    const a = new TextEncoder().encode('1232');
    expect(timingSafeEqual(a, new TextEncoder().encode('1232'))).toBe(true);
    expect(timingSafeEqual(a, new TextEncoder().encode('1233'))).toBe(false);
    expect(() => timingSafeEqual(a, new Uint8Array(3))).toThrow(RangeError);
  });
});
