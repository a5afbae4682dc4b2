/**
 * Reports may be shared (CI artefacts, bug reports), so phone numbers and OTP codes are masked by
 * default: `+380501234567` → `+380******67`, a code → `****`. `--no-mask` turns this off.
 */
const PHONE = /(\+|%2B)380(\d{7})(\d{2})(?!\d)/gi;
const DIGIT = /\d/;
const DIGITS_ONLY = /^\d+$/;

export function maskPhones(text: string): string {
  return text.replace(
    PHONE,
    (_all, plus: string, _middle: string, last: string) => `${plus}380******${last}`,
  );
}

export type Masker = (text: string) => string;

/**
 * Masks phones and the given codes (stand-alone digit runs only, so durations and ids survive).
 * The codes of a run only grow (each SMS read adds its code), and a full run reads a few hundred,
 * so the codes are one alternation compiled again only when the set has grown, not one RegExp per
 * code and text: that was 6-11 % of a whole run's CPU (docs/performance.md "conform under 0.6 s").
 * A text without a digit has neither a phone nor a code and is returned as it is.
 */
export function createMasker(codes: ReadonlySet<string>): Masker {
  let compiledFor = -1;
  let pattern: RegExp | undefined;
  const codePattern = (): RegExp | undefined => {
    if (compiledFor !== codes.size) {
      compiledFor = codes.size;
      // Longest first, so that of two codes where one begins the other, the longer is tried first
      // (the look-ahead would refuse the shorter one anyway; this keeps it obvious).
      const wanted = [...codes].filter((code) => DIGITS_ONLY.test(code)).sort((a, b) => b.length - a.length);
      pattern = wanted.length === 0 ? undefined : new RegExp(`(?<!\\d)(?:${wanted.join('|')})(?!\\d)`, 'g');
    }
    return pattern;
  };
  return (text) => {
    if (!DIGIT.test(text)) return text;
    const out = maskPhones(text);
    const codesRe = codePattern();
    return codesRe === undefined ? out : out.replace(codesRe, '****');
  };
}

export const noMask: Masker = (text) => text;
