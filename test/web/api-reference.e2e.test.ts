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

    describe('Try it, against a demo server', () => {
      let demo: PagesServer;
      beforeAll(async () => {
        demo = await startPagesServer({ demo: true });
      });
      afterAll(() => demo?.close());

      it('sends the chosen operation with the demo token from the keyboard and shows the answer', async () => {
        const { page, foreign, errors } = await offlinePage(browser, demo.url);
        await page.setViewportSize({ width: 1280, height: 900 });
        await page.goto(`${demo.url}/docs`);
        await page.getByText('Try it: send a request to this server').click();
        const operation = page.getByLabel('Operation', { exact: true });
        await expect.poll(() => operation.locator('option').count()).toBe(4);
        await operation.selectOption('initializeVerification');
        // The body is the spec's own request example.
        expect(JSON.parse(await page.getByLabel('JSON body').inputValue())).toHaveProperty('phone_number');
        expect(await page.getByLabel('Bearer token').inputValue()).toBe('demo-token-all-scopes');
        await page.getByLabel('JSON body').focus();
        await page.keyboard.press('Tab');
        await page.keyboard.press('Enter');
        const result = page.locator('#try-result');
        await expect
          .poll(() => result.locator('.try-status').textContent())
          .toBe('POST /api/verifications → 200 OK');
        expect(await result.locator('.try-body').textContent()).toContain('"status": "NEW"');
        expect(await result.locator('.try-headers').textContent()).toMatch(/content-type: application\/json/);

        // A path parameter and the api-key field appear for the operations that need them.
        await operation.selectOption('resendPersonRequestOtp');
        expect(await page.getByLabel('id (path)').inputValue()).toMatch(/^[0-9a-f-]{36}$/);
        expect(await page.getByLabel("api-key (the client's secret)").isVisible()).toBe(true);
        await operation.selectOption('getVerifiedPhone');
        await page.getByRole('button', { name: 'Send request' }).click();
        await expect
          .poll(() => result.locator('.try-status').textContent())
          .toMatch(/^GET \/api\/verifications\/%2B380\d+ → \d{3}/);
        if (process.env.UPDATE_SCREENSHOTS === '1')
          await page.screenshot({ path: 'docs/screenshots/api-try-it.png' });
        expect(foreign).toEqual([]);
        // Chromium logs the 404 of the unverified phone (the answer asked for) as a console error.
        expect(errors.filter((e) => !e.includes('status of 404'))).toEqual([]);
        await page.context().close();
      });
    });
  },
);
