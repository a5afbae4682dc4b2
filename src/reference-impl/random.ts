/** Source of ids and code digits; injected so tests can make codes predictable. */
export interface RandomSource {
  uuid(): string;
  /** An integer in [min, max), from a CSPRNG in the default source. */
  int(min: number, max: number): number;
  /** An opaque url-safe secret (tokens, api keys, upload signatures). */
  secret(): string;
}

/**
 * Web Crypto, which Node (>= 19 as a global), browsers and workers all have: the core imports no
 * `node:` module, so the same engine runs in msw's browser worker without shims.
 */
function webCrypto(): Crypto {
  const crypto = globalThis.crypto as Crypto | undefined;
  if (crypto?.getRandomValues === undefined) throw new Error('ehealth-otp-kit: Web Crypto is not available');
  return crypto;
}

const hex = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/**
 * A version 4 UUID (RFC 9562 §5.4). `crypto.randomUUID` where the runtime offers it (Node, secure
 * browser contexts); elsewhere the same layout built from getRandomValues.
 */
export function randomUUID(): string {
  const crypto = webCrypto();
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = ((b[6] as number) & 0x0f) | 0x40;
  b[8] = ((b[8] as number) & 0x3f) | 0x80;
  const h = Array.from(b, (x) => hex[x] as string).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

// Random words are drawn in batches: one getRandomValues call per 256 digits, not per digit.
const pool = new Uint32Array(256);
let next = pool.length;
function randomWord(): number {
  if (next === pool.length) {
    webCrypto().getRandomValues(pool);
    next = 0;
  }
  return pool[next++] as number;
}

/** An integer in [min, max) without modulo bias: words at or above the last whole range are redrawn. */
export function randomInt(min: number, max: number): number {
  const range = max - min;
  if (!Number.isSafeInteger(min) || !Number.isSafeInteger(max) || range <= 0 || range > 2 ** 32) {
    throw new RangeError(`randomInt: invalid range [${min}, ${max})`);
  }
  const limit = 2 ** 32 - (2 ** 32 % range);
  for (;;) {
    const x = randomWord();
    if (x < limit) return min + (x % range);
  }
}

export const cryptoRandom: RandomSource = {
  uuid: randomUUID,
  int: randomInt,
  secret: () => randomUUID().replace(/-/g, ''),
};
