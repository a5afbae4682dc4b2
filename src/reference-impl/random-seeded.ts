import type { RandomSource } from './random.js';

/**
 * A repeatable RandomSource for `serve --seed N`: the same seed gives the same codes, verification
 * ids, person-request ids and tokens in the same order, so a demo or a bug report can be replayed.
 * NOT a CSPRNG: a seeded server's codes are predictable by design, which is why the default source
 * (random.ts) is node:crypto and this one is only used when asked for.
 *
 * The generator is mulberry32 (Tommy Ettinger's 32-bit mixer, public domain): a dozen lines with
 * a full 2^32 period, passing gjrand/PractRand's smaller batteries. A package for it would be a
 * dependency for less code than its README.
 */
export function seededRandom(seed: number): RandomSource {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  const hex = (bytes: number): string => {
    let out = '';
    for (let i = 0; i < bytes; i++)
      out += Math.floor(next() * 256)
        .toString(16)
        .padStart(2, '0');
    return out;
  };
  return {
    int: (min, max) => min + Math.floor(next() * (max - min)),
    // RFC 9562 version 4 layout (version nibble 4, variant bits 10), so ids look like crypto ones.
    uuid: () => {
      const h = hex(16);
      const variant = ((Number.parseInt(h[16] ?? '0', 16) & 0x3) | 0x8).toString(16);
      return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
    },
    secret: () => hex(16),
  };
}
