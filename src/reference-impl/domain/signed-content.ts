import type { InvalidEntry } from '../../contract/invalid-entries.js';
import { fail, ok, type Result } from './errors.js';
import { invalidAt } from './person-request-view.js';

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

const invalid = (entries: InvalidEntry[]) =>
  fail<never>({ code: 'person_request_invalid', invalid: entries });

/**
 * `signed_content` as a sandbox takes it: base64 of the JSON, no signature (the twin's disabled
 * signature mode, SIGAPI:43-93; the blueprint's example AP:3379; DIV-PR-SIGN-NO-SIGNATURE-CHECK).
 * CMS SignedData is not unwrapped: no maintained, dependency-free parser makes it cheap, and a
 * sandbox client can always send the base64 the blueprint's example shows. Texts are the twin's.
 * `atob` and `TextDecoder` are in every runtime the core runs in (no `node:` imports).
 */
export function decodeSignedContent(signed: string): Result<Record<string, unknown>> {
  if (!BASE64.test(signed)) return invalid([invalidAt('$.signed_content', 'invalid', 'Not a base64 string')]);
  const bytes = Uint8Array.from(atob(signed), (c) => c.charCodeAt(0));
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    // Not UTF-8 or not JSON: `value` stays undefined, which the object check below refuses.
  }
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? ok(value as Record<string, unknown>)
    : invalid([
        invalidAt(
          '$.signed_content',
          'invalid',
          'Malformed encoded content. Probably, you have encoded corrupted JSON.',
        ),
      ]);
}

/** JSON equality with object keys in any order (the twin compares decoded maps with `==`, CNT:19-33). */
export function sameJson(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) || Array.isArray(b)) {
    return (
      Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => sameJson(x, b[i]))
    );
  }
  if (typeof a === 'object' && a !== null && typeof b === 'object' && b !== null) {
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    const rb = b as Record<string, unknown>;
    const ra = a as Record<string, unknown>;
    return ka.length === kb.length && ka.every((k) => Object.hasOwn(rb, k) && sameJson(ra[k], rb[k]));
  }
  return a === b;
}

/**
 * Sign's content checks after the status (the twin's order, SGN:99-124): `patient_signed` is
 * `true` (AP:3359), then everything else equals the approved `$.data` (AP:3358).
 */
export function checkSignedContent(
  content: Record<string, unknown>,
  approved: Record<string, unknown>,
): Result<true> {
  if (content.patient_signed !== true)
    return invalid([invalidAt('$.patient_signed', 'invalid', 'Patient must sign the person request form')]);
  if (!sameJson(content, { ...approved, patient_signed: true }))
    return invalid([
      invalidAt('$.content', 'invalid', 'Signed content does not match the previously created content'),
    ]);
  return ok(true);
}
