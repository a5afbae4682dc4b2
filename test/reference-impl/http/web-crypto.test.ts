import { describe, expect, it, vi } from 'vitest';
import { sameSecret, stringsEqual } from '../../../src/reference-impl/constant-time.js';
import { checkDigit, codesEqual, generateCode } from '../../../src/reference-impl/domain/otp-code.js';
import { cryptoRandom, randomInt, randomUUID } from '../../../src/reference-impl/random.js';

// Observe, not replace: the code comparison must go through the constant-time comparison.
vi.mock('../../../src/reference-impl/constant-time.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../../src/reference-impl/constant-time.js')>();
  return { ...real, stringsEqual: vi.fn(real.stringsEqual) };
});

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

  it('compares strings: equal, different in the last unit, different lengths, beyond latin1', () => {
    expect(stringsEqual('demo-api-key', 'demo-api-key')).toBe(true);
    expect(stringsEqual('demo-api-key', 'demo-api-kez')).toBe(false);
    expect(stringsEqual('demo-api-key', 'demo-api-ke')).toBe(false);
    expect(stringsEqual('', '')).toBe(true);
    expect(stringsEqual('ключ', 'ключ')).toBe(true);
    expect(stringsEqual('ключ', 'ключі')).toBe(false);
    // Two lone surrogates TextEncoder would both turn into U+FFFD: different text, not equal.
    expect(stringsEqual('\ud800', '\udc00')).toBe(false);
  });

  it('compares secrets of any length, a length mismatch included, without returning early', () => {
    expect(sameSecret('Bearer abc', 'Bearer abc')).toBe(true);
    expect(sameSecret('Bearer abc', 'Bearer abd')).toBe(false);
    expect(sameSecret('Xearer abc', 'Bearer abc')).toBe(false);
    expect(sameSecret('', 'Bearer abc')).toBe(false);
    expect(sameSecret('Bearer ab', 'Bearer abc')).toBe(false);
    expect(sameSecret('Bearer abcd', 'Bearer abc')).toBe(false);
    // The cyclic read of `expected` must not make a repetition of it equal.
    expect(sameSecret('abcabc', 'abc')).toBe(false);
    expect(sameSecret('ключ', 'ключ')).toBe(true);
    expect(sameSecret('ключ', 'ключі')).toBe(false);
    expect(sameSecret('', '')).toBe(true);
    expect(sameSecret('x', '')).toBe(false);
  });
});

/** What test/hardening/brute-force.test.ts checked on node:crypto, on Web Crypto. */
describe('code generation and comparison on Web Crypto', () => {
  it('draws every digit from crypto.getRandomValues (a CSPRNG) and appends the check digit', () => {
    const spy = vi.spyOn(globalThis.crypto, 'getRandomValues').mockImplementation((array) => {
      // Every word 4: each digit is 4 % 9 + 1 = 5, so a digit from anywhere else would show.
      if (array instanceof Uint32Array) array.fill(4);
      return array;
    });
    try {
      // Past whatever the pool still holds from earlier draws: two refills, both from the spy.
      for (let i = 0; i < 512; i++) randomInt(1, 10);
      const code = generateCode(cryptoRandom, 4);
      expect(spy.mock.calls.length).toBeGreaterThanOrEqual(2);
      expect(code).toBe(5550 + checkDigit([5, 5, 5]));
    } finally {
      spy.mockRestore();
    }
  });

  it('compares codes with stringsEqual on equal-length inputs, whatever is submitted', () => {
    const spy = vi.mocked(stringsEqual);
    const cases: [number, number, boolean][] = [
      [1232, 1232, true],
      [1233, 1232, false],
      [123, 1232, false],
      [12320, 1232, false],
      [0, 1232, false],
      [-1232, 1232, false],
      [1232.5, 1232, false],
      [Number.NaN, 1232, false],
      [Number.POSITIVE_INFINITY, 1232, false],
      [1e21, 1232, false],
      [2 ** 53 + 1232, 1232, false],
      [Number.MAX_SAFE_INTEGER, 9_999_999_999, false],
    ];
    for (const [submitted, stored, expected] of cases) {
      spy.mockClear();
      expect(codesEqual(submitted, stored), `${submitted} vs ${stored}`).toBe(expected);
      expect(spy).toHaveBeenCalledTimes(1);
      const [a, b] = spy.mock.calls[0] ?? [];
      expect(a?.length).toBe(20);
      expect(b?.length).toBe(20);
    }
  });
});
