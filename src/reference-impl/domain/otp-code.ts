import { stringsEqual } from '../constant-time.js';
import type { RandomSource } from '../random.js';

/**
 * The check digit the OTP service appends (reference §4): digits at even 0-based positions from
 * the left count as they are, digits at odd positions are doubled (minus 9 above 9); the check
 * digit is (sum × 9) mod 10. 123 → 1232, 111 → 1116, 987 → 9877.
 */
export function checkDigit(payload: readonly number[]): number {
  let sum = 0;
  for (let i = 0; i < payload.length; i++) {
    const digit = payload[i] as number;
    const d = i % 2 === 0 ? digit : digit * 2;
    sum += d > 9 ? d - 9 : d;
  }
  return (sum * 9) % 10;
}

/** `length - 1` random digits 1–9 (never 0, as the service does) followed by the check digit. */
export function generateCode(random: RandomSource, length: number): number {
  const payload: number[] = [];
  let code = 0;
  for (let i = 0; i < length - 1; i++) {
    const digit = random.int(1, 10);
    payload.push(digit);
    code = code * 10 + digit;
  }
  return code * 10 + checkDigit(payload);
}

const WIDTH = 20;
function fixedWidth(n: number): string {
  // Anything that is not a safe non-negative integer cannot be a code; it still goes through the
  // same fixed-width comparison so a wrong guess costs the same time as a right one.
  const text = Number.isSafeInteger(n) && n >= 0 ? String(n) : 'x';
  // Every input is WIDTH characters long (digits or `x`): the comparison always walks all of them.
  return text.padStart(WIDTH, '0');
}

/** Constant-time comparison of the submitted code with the stored one. */
export function codesEqual(submitted: number, stored: number): boolean {
  return stringsEqual(fixedWidth(submitted), fixedWidth(stored));
}
