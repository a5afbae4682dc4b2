import { loadSpec } from './spec-files.js';

/**
 * Rules that the reference server and the conformance suite both apply. Each is defined once
 * here; both sides import it, so they cannot drift apart (test/contract/rules.test.ts checks the
 * server's wire behaviour against these definitions).
 */

/**
 * Plug.RequestId reuses an incoming `X-Request-ID` "if it is 20–200 bytes long, else generates
 * one" (docs/ehealth-behaviour.md §2.2, `valid_request_id?/1`: `byte_size(s) in 20..200`).
 */
export const REQUEST_ID_BYTES = { min: 20, max: 200 } as const;

const utf8 = new TextEncoder();

/** Whether some code unit is above U+00FF: such a string cannot be a header value as it is. */
function hasWideUnit(value: string): boolean {
  for (let i = 0; i < value.length; i++) if (value.charCodeAt(i) > 0xff) return true;
  return false;
}

/**
 * The number of octets a header value occupies on the wire. HTTP field values are octets
 * (RFC 9110 §5.5); in JavaScript they are "byte strings", one code unit per octet: Node's HTTP
 * parser decodes them as Latin-1 and Fetch `Headers` refuse any unit above U+00FF. So a header
 * string's length is its byte count; 150 × `é` is sent as 150 octets (0xE9 each), not the 300 of
 * its UTF-8 form. A string with wider units never came off the wire (only a direct engine call
 * can carry one); it counts as the UTF-8 bytes a client would have to send for it.
 */
export function headerOctets(value: string): number {
  return hasWideUnit(value) ? utf8.encode(value).length : value.length;
}

/** Whether a server must echo this `X-Request-ID` in `meta.request_id` and the response header. */
export function isEchoableRequestId(value: string): boolean {
  // Longer than 200 code units is more than 200 octets whichever way it is counted.
  if (value.length > REQUEST_ID_BYTES.max) return false;
  const octets = headerOctets(value);
  return octets >= REQUEST_ID_BYTES.min && octets <= REQUEST_ID_BYTES.max;
}

/**
 * A JSON pointer from ajv (`/a/0/b`) as the eHealth validator writes an entry path: NExJsonSchema
 * starts at `$`, adds a property's name and an item's `[index]`, and joins the parts with `.`
 * (ehealth-ua/nex_json_schema `Validator.errors_with_string_paths/1`, `Validator.Items`; its test
 * "validation path errors in nested map" expects `$.bar.array.[0].string`). So `$.a.[0].b`, not
 * JSONPath's `$.a[0].b`. The pointer does not say whether a numeric segment is an array index; a
 * segment of digits only is taken as one (no body schema of the spec has digit-named properties).
 */
export function toEntryPath(pointer: string, child?: string): string {
  const parts = pointer === '' ? [] : pointer.slice(1).split('/');
  if (child !== undefined) parts.push(child);
  let out = '$';
  for (const raw of parts) {
    const part = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    out += /^\d+$/.test(part) ? `.[${part}]` : `.${part}`;
  }
  return out;
}

/**
 * The same pointer as a JSONPath (RFC 9535 §2.7 normalized-path style, `$.a[0].b`), for the
 * kit's own sentences: the control API's plain errors and the suite's problem lines. Not an
 * eHealth entry path (that is `toEntryPath`).
 */
export function toJsonPath(pointer: string, child?: string): string {
  return toEntryPath(pointer, child).replace(/\.\[(\d+)\]/g, '[$1]');
}

let phone: RegExp | undefined;

/**
 * The phone number pattern of the spec (`InitializeVerificationRequest.phone_number.pattern`),
 * the only form initialize accepts. Compiled with the `u` flag, as ajv and the service do.
 */
export function phonePattern(): RegExp {
  if (phone === undefined) {
    const schemas = (loadSpec('ehealth').components?.schemas ?? {}) as Record<string, unknown>;
    const request = schemas.InitializeVerificationRequest as
      | { properties?: { phone_number?: { pattern?: unknown } } }
      | undefined;
    const pattern = request?.properties?.phone_number?.pattern;
    if (typeof pattern !== 'string') throw new Error('the spec gives no phone_number pattern');
    phone = new RegExp(pattern, 'u');
  }
  return phone;
}
