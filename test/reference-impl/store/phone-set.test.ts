import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { digitsOf } from '../../../src/reference-impl/store/phone-index.js';
import { PhoneSet } from '../../../src/reference-impl/store/phone-set.js';

// The verified-phone set (src/reference-impl/store/phone-set.ts) against a Set<string>.

const specPhone = fc.integer({ min: 0, max: 999_999_999 }).map((n) => `+380${String(n).padStart(9, '0')}`);
// Near misses of the spec format: they must be kept as strings, never confused with a spec phone.
const otherPhone = fc.oneof(
  fc.string({ maxLength: 16 }),
  fc.integer({ min: 0, max: 999_999_999 }).map((n) => `+381${String(n).padStart(9, '0')}`),
  fc.integer({ min: 0, max: 99_999_999 }).map((n) => `+380${String(n).padStart(8, '0')}`),
  fc.integer({ min: 0, max: 999_999_999 }).map((n) => `+380${String(n).padStart(9, '0')} `),
);
// A narrow range of spec phones, so that adds repeat and buckets collide.
const nearbyPhone = fc.integer({ min: 0, max: 300 }).map((n) => `+380${String(500_000_000 + n)}`);

describe('PhoneSet', () => {
  it('answers has() and size as a Set<string> does, for spec phones and any other string', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(specPhone, otherPhone, nearbyPhone), { maxLength: 400 }),
        fc.array(fc.oneof(specPhone, otherPhone, nearbyPhone), { maxLength: 100 }),
        (added, probes) => {
          const set = new PhoneSet();
          const model = new Set<string>();
          for (const phone of added) {
            set.add(phone);
            model.add(phone);
            expect(set.has(phone)).toBe(true);
          }
          expect(set.size).toBe(model.size);
          for (const phone of [...probes, ...added]) expect(set.has(phone), phone).toBe(model.has(phone));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('keeps many phones across index growth', () => {
    const set = new PhoneSet();
    for (let n = 0; n < 20_000; n++) set.add(`+380${String(n * 7919).padStart(9, '0')}`);
    expect(set.size).toBe(20_000);
    for (let n = 0; n < 20_000; n++) expect(set.has(`+380${String(n * 7919).padStart(9, '0')}`)).toBe(true);
    expect(set.has('+380000000001')).toBe(false);
  });

  it('keys only the spec format by its digits', () => {
    expect(digitsOf('+380501110001')).toBe(501_110_001);
    expect(digitsOf('+380000000000')).toBe(0);
    for (const other of [
      '+38050111000',
      '+3805011100011',
      '+381501110001',
      '+380 01110001',
      '+38050111000a',
      '',
    ]) {
      expect(digitsOf(other), other).toBe(-1);
    }
  });
});
