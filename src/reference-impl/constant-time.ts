/**
 * Comparisons whose time says nothing about how much of a secret matched (the OTP code, the
 * control token), on plain bytes and Web Crypto so the core needs no `node:crypto`.
 */

/** True when both arrays hold the same bytes; touches every byte of equal-length inputs. */
export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.byteLength !== b.byteLength) return false;
  let diff = 0;
  for (let i = 0; i < a.byteLength; i++) diff |= (a[i] as number) ^ (b[i] as number);
  return diff === 0;
}

/**
 * True when both strings hold the same UTF-16 code units; touches every unit of equal-length
 * inputs, as bytesEqual does. For secrets that arrive as strings (the api-key, an OTP code's
 * digits): no TextEncoder per call, whose off-heap buffers were a measurable share of a request's
 * CPU (docs/performance.md, "CPU per request, fifth session"). Equal UTF-16 is equal text, so
 * this is at least as strict as comparing the UTF-8 bytes.
 */
export function stringsEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

const utf8 = new TextEncoder();
const digest = async (s: string): Promise<Uint8Array> =>
  new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', utf8.encode(s)));

/** Compares SHA-256 digests: both sides are 32 bytes whatever the lengths of the strings. */
export async function sameSecret(given: string, expected: string): Promise<boolean> {
  const [x, y] = await Promise.all([digest(given), digest(expected)]);
  return bytesEqual(x, y);
}
