import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumMissing, launchChromium } from '../../src/web/chromium.js';
import { type PagesServer, startPagesServer } from './server.js';

/** Every request the page makes to another origin is blocked and recorded: it must work offline. */
async function offlinePage(
  browser: Browser,
  origin: string,
): Promise<{ page: Page; foreign: string[]; errors: string[] }> {
  const context = await browser.newContext();
  const foreign: string[] = [];
  const errors: string[] = [];
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(`${origin}/`)) return route.continue();
    foreign.push(url);
    return route.abort('internetdisconnected');
  });
  const page = await context.newPage();
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  return { page, foreign, errors };
}

// The describe title carries the reason too, but only verbose reporters print titles of skipped suites.
if (chromiumMissing !== undefined) console.warn(`browser tests skipped: ${chromiumMissing}`);

describe.skipIf(chromiumMissing !== undefined)(
  `API reference in Chromium${chromiumMissing === undefined ? '' : ` (skipped: ${chromiumMissing})`}`,
  () => {
    let browser: Browser;
    let s: PagesServer;
    beforeAll(async () => {
      [browser, s] = await Promise.all([launchChromium(), startPagesServer()]);
    });
    afterAll(async () => {
      await s?.close();
      await browser?.close();
    });

    it('renders the four eHealth operations from the bundled spec, with nothing from the internet', async () => {
      const { page, foreign, errors } = await offlinePage(browser, s.url);
      await page.goto(`${s.url}/docs`);
      const operations: Record<string, string> = {
        resendPersonRequestOtp: 'Resend Authorization OTP on Person Request',
        initializeVerification: 'Initialize OTP verification',
        completeVerification: 'Complete OTP verification',
        getVerifiedPhone: 'Get verified phone',
      };
      for (const [operationId, summary] of Object.entries(operations)) {
        // Redoc gives each operation a section whose id ends in its operationId, headed by its summary.
        const section = page.locator(`[id$="/operation/${operationId}"]`);
        await section
          .locator('h2')
          .filter({ hasText: new RegExp(`^${summary}\\s*$`) })
          .waitFor();
      }
      // The sidebar lists every operation too.
      const menu = (await page.locator('.menu-content').textContent()) ?? '';
      for (const summary of Object.values(operations)) expect(menu).toContain(summary);
      expect(foreign).toEqual([]);
      expect(errors).toEqual([]);
      await page.context().close();
    });

    it('renders the control API at /docs/control and links the two references', async () => {
      const { page, foreign, errors } = await offlinePage(browser, s.url);
      await page.goto(`${s.url}/docs`);
      await page
        .getByRole('navigation', { name: 'API references' })
        .getByRole('link', { name: 'Control API' })
        .click();
      await page.waitForURL(`${s.url}/docs/control`);
      await page
        .locator('[id$="/operation/listSms"] h2')
        .filter({ hasText: 'Read the SMS outbox' })
        .waitFor();
      expect(foreign).toEqual([]);
      expect(errors).toEqual([]);
      await page.context().close();
    });
  },
);
