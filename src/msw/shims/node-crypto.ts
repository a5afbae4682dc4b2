import { sha256 } from './sha256.js';

/**
 * The part of `node:crypto` the engine uses, on Web Crypto, for a browser bundle of the msw
 * handlers (`setupWorker`): alias `node:crypto` to this module (see docs/running-modes.md). Same
 * signatures and the same guarantees: a CSPRNG for ids and codes, a constant-time comparison.
 */

function webCrypto(): Crypto {
  const crypto = globalThis.crypto as Crypto | undefined;
  if (crypto?.getRandomValues === undefined) throw new Error('ehealth-otp-kit: Web Crypto is not available');
  return crypto;
}

/** A version 4 UUID. Built from getRandomValues: `crypto.randomUUID` exists only in secure contexts. */
export function randomUUID(): string {
  const b = webCrypto().getRandomValues(new Uint8Array(16));
  b[6] = ((b[6] as number) & 0x0f) | 0x40;
  b[8] = ((b[8] as number) & 0x3f) | 0x80;
  const hex = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** An integer in [min, max), without modulo bias (rejection sampling, as node's randomInt). */
export function randomInt(min: number, max: number): number {
  const range = max - min;
  if (!Number.isSafeInteger(min) || !Number.isSafeInteger(max) || range <= 0 || range > 2 ** 32) {
    throw new RangeError(`randomInt: invalid range [${min}, ${max})`);
  }
  const limit = 2 ** 32 - (2 ** 32 % range);
  const word = new Uint32Array(1);
  for (;;) {
    webCrypto().getRandomValues(word);
    const x = word[0] as number;
    if (x < limit) return min + (x % range);
  }
}

/** Throws on different lengths, as node does; otherwise touches every byte whatever matches. */
export function timingSafeEqual(a: ArrayBufferView, b: ArrayBufferView): boolean {
  if (a.byteLength !== b.byteLength) throw new RangeError('Input buffers must have the same byte length');
  const x = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  const y = new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
  let diff = 0;
  for (let i = 0; i < x.length; i++) diff |= (x[i] as number) ^ (y[i] as number);
  return diff === 0;
}

interface Hash {
  update(data: string | Uint8Array): Hash;
  digest(): Uint8Array;
}

/** `createHash('sha256')` only: the one digest the engine takes. */
export function createHash(algorithm: string): Hash {
  if (algorithm.toLowerCase() !== 'sha256')
    throw new Error(`createHash: only sha256 in the browser shim, not ${algorithm}`);
  const parts: Uint8Array[] = [];
  const hash: Hash = {
    update(data) {
      parts.push(typeof data === 'string' ? new TextEncoder().encode(data) : data);
      return hash;
    },
    digest() {
      const all = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
      let at = 0;
      for (const p of parts) {
        all.set(p, at);
        at += p.length;
      }
      return sha256(all);
    },
  };
  return hash;
}
