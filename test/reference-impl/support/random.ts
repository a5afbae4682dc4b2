import { randomUUID } from 'node:crypto';
import type { RandomSource } from '../../../src/reference-impl/random.js';

/**
 * Code digits that walk 1, 2, …, 9 and round again, so consecutive 4-digit codes always differ
 * (1232, 4569, 7891, 1232, …) and a test that expects "the old code no longer works" can never
 * be fooled by a new code that happens to equal the old one. Ids and secrets stay random.
 */
export function sequenceRandom(): RandomSource {
  let next = 0;
  return {
    uuid: () => randomUUID(),
    int: (min, max) => min + (next++ % (max - min)),
    secret: () => randomUUID().replace(/-/g, ''),
  };
}

/** Hands out exactly these digits, in order; for check-digit examples. */
export function scriptedDigits(digits: readonly number[]): RandomSource {
  let i = 0;
  return {
    uuid: () => randomUUID(),
    int: (min, max) => {
      const d = digits[i++];
      if (d === undefined || d < min || d >= max) throw new Error(`no scripted digit in [${min}, ${max})`);
      return d;
    },
    secret: () => randomUUID().replace(/-/g, ''),
  };
}
