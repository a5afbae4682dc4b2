/**
 * Reports may be shared (CI artefacts, bug reports), so phone numbers and OTP codes are masked by
 * default: `+380501234567` → `+380******67`, a code → `****`. `--no-mask` turns this off.
 */
const PHONE = /(\+|%2B)380(\d{7})(\d{2})(?!\d)/gi;

export function maskPhones(text: string): string {
  return text.replace(
    PHONE,
    (_all, plus: string, _middle: string, last: string) => `${plus}380******${last}`,
  );
}

export type Masker = (text: string) => string;

/** Masks phones and the given codes (stand-alone digit runs only, so durations and ids survive). */
export function createMasker(codes: ReadonlySet<string>): Masker {
  return (text) => {
    let out = maskPhones(text);
    for (const code of codes) {
      if (!/^\d+$/.test(code)) continue;
      out = out.replace(new RegExp(`(?<!\\d)${code}(?!\\d)`, 'g'), '*'.repeat(4));
    }
    return out;
  };
}

export const noMask: Masker = (text) => text;
