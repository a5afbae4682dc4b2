import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { bytesEqual, sameSecret } from '../../../src/reference-impl/constant-time.js';
import { randomInt, randomUUID } from '../../../src/reference-impl/random.js';

/** The core's Web Crypto replacements for node:crypto (random.ts, constant-time.ts). */
describe('random.ts and constant-time.ts', () => {
  it('makes version 4 UUIDs, each new', () => {
    const ids = new Set(Array.from({ length: 100 }, () => randomUUID()));
    expect(ids.size).toBe(100);
    for (const id of ids) {
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    }
  });

  it('draws integers in [min, max) and covers the range', () => {
    const seen = new Set<number>();
    for (let i = 0; i < 2000; i++) seen.add(randomInt(1, 10));
    expect([...seen].sort()).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('refuses an empty or unsafe range', () => {
    expect(() => randomInt(5, 5)).toThrow(RangeError);
    expect(() => randomInt(0, 2 ** 33)).toThrow(RangeError);
    expect(() => randomInt(0.5, 3)).toThrow(RangeError);
  });

  it('compares bytes: equal, different, and different lengths', () => {
    const bytes = (s: string) => new TextEncoder().encode(s);
    expect(bytesEqual(bytes('1232'), bytes('1232'))).toBe(true);
    expect(bytesEqual(bytes('1232'), bytes('1233'))).toBe(false);
    expect(bytesEqual(bytes('1232'), bytes('123'))).toBe(false);
  });

  it('compares secrets of any length through SHA-256 (the same digest node:crypto gives)', async () => {
    const digest = new Uint8Array(
      await globalThis.crypto.subtle.digest('SHA-256', new TextEncoder().encode('ключ')),
    );
    expect(Buffer.from(digest)).toEqual(createHash('sha256').update('ключ').digest());
    expect(await sameSecret('Bearer abc', 'Bearer abc')).toBe(true);
    expect(await sameSecret('Bearer abc', 'Bearer abd')).toBe(false);
    expect(await sameSecret('', 'Bearer abc')).toBe(false);
  });
});
