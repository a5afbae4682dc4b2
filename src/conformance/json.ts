/** A JSON object (not an array, not null): the one shape check every module here needs. */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
