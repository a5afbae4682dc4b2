/**
 * CONTRACT.md "The verification object": the code itself never appears in any response. Codes are
 * short digit strings, so a plain substring search would flag UUIDs and timestamps; instead every
 * JSON value is inspected: a number equal to the code, or the code as a stand-alone digit run in a
 * string (not glued to other letters or digits, and not inside a UUID).
 */
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
/** An ISO date or date-time (`1991-08-19`, `2026-12-01T15:00:00Z`): its year is a 4-digit run. */
const ISO_DATE = /\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})?)?/g;

export function findCodeLeaks(body: unknown, codes: Iterable<string>): string[] {
  const wanted = [...codes].filter((c) => /^\d+$/.test(c));
  if (wanted.length === 0) return [];
  const patterns = wanted.map((code) => ({ code, re: new RegExp(`(?<![0-9A-Za-z])${code}(?![0-9A-Za-z])`) }));
  const found: string[] = [];
  const visit = (value: unknown, path: string): void => {
    if (typeof value === 'number') {
      if (wanted.includes(String(value))) found.push(path);
    } else if (typeof value === 'string') {
      // A UUID's 4-character groups may be all digits by chance (ids in meta.url, request ids),
      // and a date's year is a 4-digit run (a person's birth_date, a document's issued_at): ids
      // and dates are not where a code hides, so they are cut out before the search.
      const text = value.replace(UUID, '-').replace(ISO_DATE, '-');
      if (patterns.some((p) => p.re.test(text))) found.push(path);
    } else if (Array.isArray(value)) {
      for (const [i, item] of value.entries()) visit(item, `${path}[${i}]`);
    } else if (typeof value === 'object' && value !== null) {
      for (const [key, item] of Object.entries(value)) visit(item, `${path}.${key}`);
    }
  };
  visit(body, '$');
  return found;
}

/**
 * Headers whose value HTTP defines as a size, a delay, a date or a hash: their digit runs are never
 * a code, and a 4-digit Content-Length or Retry-After would otherwise match one now and then.
 */
const STRUCTURED_HEADERS = new Set([
  'content-length',
  'retry-after',
  'age',
  'date',
  'expires',
  'last-modified',
  'etag',
]);
const RATE_LIMIT_HEADER = /^(x-)?ratelimit-/;

/** The names of the response headers that carry a code (a debugging `X-Debug-Otp` left in, say). */
export function findCodeLeaksInHeaders(headers: Headers, codes: Iterable<string>): string[] {
  const wanted = [...codes];
  const found: string[] = [];
  headers.forEach((value, name) => {
    if (STRUCTURED_HEADERS.has(name) || RATE_LIMIT_HEADER.test(name)) return;
    if (findCodeLeaks(value, wanted).length > 0) found.push(name);
  });
  return found;
}
