import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

/**
 * The browser tests skip where Chromium is missing on a developer's machine, but in CI (CI=true)
 * a missing Chromium must fail them (issue 12: they skipped silently although the README says
 * they are included). The module decides at import time, so each case is a fresh process.
 */
const run = promisify(execFile);
const tsx = fileURLToPath(new URL('../../node_modules/.bin/tsx', import.meta.url));
const chromium = fileURLToPath(new URL('../../src/web/chromium.ts', import.meta.url));
const probe = `import(${JSON.stringify(chromium)}).then(async (m) => {
  const launched = await m.launchChromium().then(() => 'launched', (e) => 'failed: ' + e.message);
  console.log(JSON.stringify({ skip: m.chromiumMissing ?? null, launched }));
})`;

async function withChromiumMissing(
  ci: string | undefined,
): Promise<{ skip: string | null; launched: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, CHROMIUM_PATH: '/nonexistent/chromium' };
  delete env.CI;
  if (ci !== undefined) env.CI = ci;
  const { stdout } = await run(tsx, ['-e', probe], { env });
  return JSON.parse(stdout.trim().split('\n').pop() ?? '{}');
}

describe('browser tests without Chromium', () => {
  it('skip, with the reason, outside CI', { timeout: 30_000 }, async () => {
    const result = await withChromiumMissing(undefined);
    expect(result.skip).toMatch(/no Chromium at \/nonexistent\/chromium/);
  });

  it('do not skip in CI (CI=true): launching fails with the reason, so the tests fail', {
    timeout: 30_000,
  }, async () => {
    const result = await withChromiumMissing('true');
    expect(result.skip).toBeNull();
    expect(result.launched).toMatch(/^failed: no Chromium at \/nonexistent\/chromium.*CI=true/);
  });
});
