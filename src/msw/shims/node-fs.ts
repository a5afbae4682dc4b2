/**
 * Stands in for `node:fs` in a browser bundle of the msw handlers. The engine only reads the two
 * spec files, and `registerSpecs` (ehealth-otp-kit/msw) hands them over before that can happen;
 * reaching this means they were not registered.
 */
export function readFileSync(path: unknown): never {
  throw new Error(
    `ehealth-otp-kit: cannot read ${String(path)} in the browser; call registerSpecs({ ehealth, control }) from 'ehealth-otp-kit/msw' before createHandlers()`,
  );
}
