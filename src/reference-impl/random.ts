import { randomInt, randomUUID } from 'node:crypto';

/** Source of ids and code digits; injected so tests can make codes predictable. */
export interface RandomSource {
  uuid(): string;
  /** An integer in [min, max), from a CSPRNG in the default source. */
  int(min: number, max: number): number;
  /** An opaque url-safe secret (tokens, api keys, upload signatures). */
  secret(): string;
}

export const cryptoRandom: RandomSource = {
  uuid: () => randomUUID(),
  int: (min, max) => randomInt(min, max),
  secret: () => randomUUID().replace(/-/g, ''),
};
