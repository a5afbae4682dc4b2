/** `+380` and nine digits: the spec's phone pattern (`^\+380[0-9]{9}$`), one distinct phone per n. */
export function phoneNumber(n: number): string {
  return `+380${String(n % 1_000_000_000).padStart(9, '0')}`;
}
