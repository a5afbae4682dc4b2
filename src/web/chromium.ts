import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

/**
 * The system's Chromium (Debian's package; CI installs it): playwright's own browser download
 * cannot work where only package registries are reachable. CHROMIUM_PATH overrides the path.
 */
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const missing: string | undefined = existsSync(chromiumPath)
  ? undefined
  : `no Chromium at ${chromiumPath} (apt-get install chromium, or set CHROMIUM_PATH); CI installs it`;

/** CI sets CI=true (GitHub, GitLab, .ci/run); `CI=false` or `CI=0` turn it off. */
const inCi = !['', '0', 'false'].includes((process.env.CI ?? '').toLowerCase());

/**
 * Why browser tests are skipped, or undefined when they can run. In CI they never skip: a missing
 * browser must fail the run rather than quietly shrink it, so there `launchChromium` fails instead.
 */
export const chromiumMissing: string | undefined = inCi ? undefined : missing;

/** Headless and quiet: no sandbox (root in containers), no background traffic to Google. */
export function launchChromium(): Promise<Browser> {
  if (missing !== undefined)
    return Promise.reject(new Error(`${missing}; CI=true requires the browser tests`));
  return chromium.launch({
    executablePath: chromiumPath,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
