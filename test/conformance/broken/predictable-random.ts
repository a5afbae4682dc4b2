import { randomUUID } from 'node:crypto';
import type { RandomSource } from '../../../src/reference-impl/index.js';

/** The codes the suite submits as wrong ones (scenarios/flows.ts `wrongCodeFor`): 111 → 1116, 123 → 1232. */
const WRONG_PAYLOADS = new Set(['111', '123']);

/**
 * A random source whose OTP codes never repeat within a run (the first 727 codes) and are never
 * the suite's wrong codes. With real randomness a new code equals the old one about once in 729
 * tries; the suite then notes it and checks less, and a broken deployment would pass by chance.
 * Ids and secrets stay random. Digits come three at a time, one default 4-digit code each.
 */
export function predictableRandom(): RandomSource {
  let counter = 0;
  let pending: number[] = [];
  const nextPayload = (): number[] => {
    for (;;) {
      const n = counter++ % 729;
      const digits = [Math.floor(n / 81), Math.floor(n / 9) % 9, n % 9].map((d) => d + 1);
      if (!WRONG_PAYLOADS.has(digits.join(''))) return digits;
    }
  };
  return {
    uuid: () => randomUUID(),
    secret: () => randomUUID().replace(/-/g, ''),
    int(min, max) {
      if (pending.length === 0) pending = nextPayload();
      const digit = pending.shift() ?? 1;
      return min + ((digit - 1) % (max - min));
    },
  };
}
