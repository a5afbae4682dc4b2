/**
 * Comparisons whose time says nothing about how much of a secret matched (the OTP code, the
 * control token), on plain strings so the core needs no `node:crypto`.
 */

/**
 * True when both strings hold the same UTF-16 code units; touches every unit of equal-length
 * inputs. For secrets that arrive as strings (the api-key, an OTP code's
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

/**
 * True when `given` equals `expected` (the control token, an upload URL's signature): a secret
 * whose length should stay as hidden as its content. The loop runs over `given`, which the caller
 * chose, and reads `expected` cyclically, so neither how much matched nor `expected`'s length
 * changes the work done; a length mismatch is folded into the result, not returned early.
 * Synchronous on purpose: the SHA-256 of both sides through Web Crypto it replaces was a third of
 * the server's CPU during a conformance run, one digest pair per control call
 * (docs/performance.md, "conform under 0.6 s (fifth session)").
 */
export function sameSecret(given: string, expected: string): boolean {
  const n = expected.length;
  if (n === 0) return given.length === 0;
  let diff = given.length ^ n;
  for (let i = 0; i < given.length; i++) diff |= given.charCodeAt(i) ^ expected.charCodeAt(i % n);
  return diff === 0;
}
