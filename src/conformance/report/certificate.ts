/**
 * A conformance certificate: report.json signed with Ed25519 (node:crypto; Node only, so the CLI
 * only). The report already binds the suite version, the spec's sha256, the target, the profile
 * (mode, strict, --only, -H names), the time and every result; the signature binds the report to
 * whoever holds the private key. It proves who signed and that nothing changed since: not that
 * the run was honest (docs/conformance.md "Certificates").
 */
import { createHash, createPrivateKey, createPublicKey, type KeyObject, sign, verify } from 'node:crypto';
import type { RunReport } from './model.js';

/**
 * RFC 8785 (JSON Canonicalization Scheme) for the values a report holds: object keys sorted by
 * UTF-16 code units, no whitespace, strings and numbers as ECMAScript's JSON.stringify writes
 * them (which RFC 8785 §3.2.2 adopts). Own code: a dozen lines, and the signature must not depend
 * on how a library formats. Re-indenting or reordering report.json therefore keeps it valid.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value))
      throw new TypeError('not JSON: a non-finite number');
    const text = JSON.stringify(value);
    if (text === undefined) throw new TypeError(`not JSON: ${typeof value}`);
    return text;
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/** report.sig: what was signed, with which key, and the signature. */
export interface ReportSignature {
  readonly alg: 'Ed25519';
  readonly canonicalization: 'RFC 8785 JSON Canonicalization Scheme of report.json';
  /** sha256 of the public key (SPKI DER), hex: tells a verifier which key to use. */
  readonly key_id: string;
  /** base64 */
  readonly signature: string;
}

export class CertificateError extends Error {
  override readonly name = 'CertificateError';
}

function keyId(key: KeyObject): string {
  return createHash('sha256')
    .update((key.type === 'public' ? key : createPublicKey(key)).export({ type: 'spki', format: 'der' }))
    .digest('hex');
}

function ed25519(key: KeyObject, what: string): KeyObject {
  if (key.asymmetricKeyType !== 'ed25519')
    throw new CertificateError(`${what} is a ${key.asymmetricKeyType ?? 'symmetric'} key, not Ed25519`);
  return key;
}

/** Signs the report's canonical JSON with an Ed25519 private key (PEM, PKCS#8: `openssl genpkey -algorithm ed25519`). */
export function signReport(report: RunReport | unknown, privateKeyPem: string): ReportSignature {
  let key: KeyObject;
  try {
    key = createPrivateKey(privateKeyPem);
  } catch (error) {
    throw new CertificateError(
      `not a private key in PEM: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  ed25519(key, 'the signing key');
  const signature = sign(null, Buffer.from(canonicalJson(report), 'utf8'), key).toString('base64');
  return {
    alg: 'Ed25519',
    canonicalization: 'RFC 8785 JSON Canonicalization Scheme of report.json',
    key_id: keyId(key),
    signature,
  };
}

export type Verification =
  | { readonly ok: true; readonly keyId: string }
  | { readonly ok: false; readonly reason: string };

/** Checks report.sig against the report and a public key (PEM, SPKI: `openssl pkey -pubout`). */
export function verifyReport(report: unknown, signature: unknown, publicKeyPem: string): Verification {
  let key: KeyObject;
  try {
    key = ed25519(createPublicKey(publicKeyPem), 'the public key');
  } catch (error) {
    if (error instanceof CertificateError) throw error;
    throw new CertificateError(
      `not a public key in PEM: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  const sig = signature as Partial<ReportSignature> | null;
  if (sig === null || typeof sig !== 'object' || sig.alg !== 'Ed25519' || typeof sig.signature !== 'string')
    return { ok: false, reason: 'the signature file is not an Ed25519 report signature' };
  const id = keyId(key);
  if (sig.key_id !== undefined && sig.key_id !== id)
    return {
      ok: false,
      reason: `signed with another key (key_id ${String(sig.key_id).slice(0, 16)}…, this key is ${id.slice(0, 16)}…)`,
    };
  const valid = verify(
    null,
    Buffer.from(canonicalJson(report), 'utf8'),
    key,
    Buffer.from(sig.signature, 'base64'),
  );
  return valid
    ? { ok: true, keyId: id }
    : {
        ok: false,
        reason:
          'the signature does not match the report: it was changed after signing, or signed by another key',
      };
}
