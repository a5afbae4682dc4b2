import { describe, expect, it } from 'vitest';
import { checkDigit, codesEqual, generateCode } from '../../../src/reference-impl/domain/otp-code.js';
import { cryptoRandom } from '../../../src/reference-impl/random.js';
import { scriptedDigits } from '../support/random.js';

describe('the OTP code (reference §4)', () => {
  // The service's own examples: 123→1232, 111→1116, 456→4569, 987→9877, 999→9993.
  it.each([
    [[1, 2, 3], 1232],
    [[1, 1, 1], 1116],
    [[4, 5, 6], 4569],
    [[9, 8, 7], 9877],
    [[9, 9, 9], 9993],
  ])('appends the service check digit to the digits %j, giving %i', (digits, code) => {
    expect(generateCode(scriptedDigits(digits), 4)).toBe(code);
    expect(checkDigit(digits)).toBe(code % 10);
  });

  it('is three random digits from 1 to 9 followed by their check digit by default', () => {
    for (let i = 0; i < 2000; i++) {
      const text = String(generateCode(cryptoRandom, 4));
      expect(text).toMatch(/^[1-9]{3}[0-9]$/);
      const payload = [...text.slice(0, 3)].map(Number);
      expect(Number(text[3])).toBe(checkDigit(payload));
    }
  });

  it('has as many digits as the configured length, the last one the check digit', () => {
    const code = String(generateCode(scriptedDigits([1, 2, 3, 4, 5]), 6));
    expect(code).toHaveLength(6);
    expect(code.slice(0, 5)).toBe('12345');
    expect(Number(code[5])).toBe(checkDigit([1, 2, 3, 4, 5]));
  });

  it('matches a submitted code only when it is exactly the stored one', () => {
    expect(codesEqual(1232, 1232)).toBe(true);
    expect(codesEqual(1233, 1232)).toBe(false);
    expect(codesEqual(232, 1232)).toBe(false);
    expect(codesEqual(12320, 1232)).toBe(false);
  });

  it('never matches a submitted number that cannot be a code', () => {
    for (const submitted of [-1232, 1232.5, Number.NaN, Number.POSITIVE_INFINITY, 1e21, 2 ** 60]) {
      expect(codesEqual(submitted, 1232), String(submitted)).toBe(false);
    }
  });
});
