import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumMissing, launchChromium } from '../../src/web/chromium.js';
import { api, type PagesServer, startPagesServer } from './server.js';

const CONTROL_TOKEN = 'inbox-e2e-control-token';
const PHONE = '+380671112233';

/** A context that may use the clipboard on this origin, as a person who allowed it would. */
async function clipboardContext(browser: Browser, origin: string): Promise<BrowserContext> {
  const context = await browser.newContext();
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin });
  return context;
}

/** Console errors and uncaught exceptions (a CSP violation shows up here). */
function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  return errors;
}

async function waitLive(page: Page): Promise<void> {
  await page.locator('#connection[data-state="live"]').waitFor();
}

// The describe title carries the reason too, but only verbose reporters print titles of skipped suites.
if (chromiumMissing !== undefined) console.warn(`browser tests skipped: ${chromiumMissing}`);

describe.skipIf(chromiumMissing !== undefined)(
  `SMS inbox in Chromium${chromiumMissing === undefined ? '' : ` (skipped: ${chromiumMissing})`}`,
  () => {
    let browser: Browser;
    beforeAll(async () => {
      browser = await launchChromium();
    });
    afterAll(async () => {
      await browser?.close();
    });

    describe('behind a control token', () => {
      let s: PagesServer;
      let apiToken: string;
      beforeAll(async () => {
        s = await startPagesServer({ controlToken: CONTROL_TOKEN });
        const created = await fetch(`${s.url}/__control/tokens`, {
          method: 'POST',
          headers: { authorization: `Bearer ${CONTROL_TOKEN}`, 'content-type': 'application/json' },
          body: JSON.stringify({ scopes: ['otp:write', 'otp:read'] }),
        });
        apiToken = ((await created.json()) as { token: string }).token;
      });
      afterAll(async () => {
        await s?.close();
      });

      it('signs in, shows a new SMS live, copies its code, and the code verifies the phone', async () => {
        const context = await clipboardContext(browser, s.url);
        const page = await context.newPage();
        const errors = collectErrors(page);

        // Sign in with the form: a wrong token is refused, the right one opens the inbox.
        await page.goto(`${s.url}/inbox`);
        await page.getByLabel('Control token').fill('not-the-token');
        await page.getByRole('button', { name: 'Open the inbox' }).click();
        await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/not the control token/);
        await page.getByLabel('Control token').fill(CONTROL_TOKEN);
        await page.getByLabel('Control token').press('Enter');
        await page.waitForURL(`${s.url}/inbox`);
        const [cookie] = await context.cookies();
        expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/inbox' });
        expect(cookie?.value).not.toContain(CONTROL_TOKEN);
        await waitLive(page);
        await expect.poll(() => page.locator('#empty').textContent()).toMatch(/^No SMS yet/);

        // The API sends an SMS; the page shows it without a reload and announces it.
        const init = await api(s.url, 'POST', '/api/verifications', apiToken, { phone_number: PHONE });
        expect(init.status).toBe(200);
        const item = page.getByRole('listitem').filter({ hasText: PHONE });
        await item.waitFor();
        const code = (await item.locator('code.code').textContent()) ?? '';
        expect(code).toMatch(/^\d{4}$/);
        await item.getByRole('heading', { name: `SMS to ${PHONE}` }).waitFor();
        await expect
          .poll(() => page.getByRole('status').textContent())
          .toBe(`New SMS to ${PHONE}: code ${code}.`);

        // Keyboard only: from the filter, Tab reaches the copy button, Enter copies.
        await page.getByLabel('Filter by phone number').focus();
        await page.keyboard.press('Tab');
        const copy = item.getByRole('button', { name: /^Copy code/ });
        expect(await copy.evaluate((el) => el === document.activeElement)).toBe(true);
        await page.keyboard.press('Enter');
        await expect.poll(() => copy.getAttribute('data-copied')).toBe(code);
        const clipboard = await page.evaluate(() => navigator.clipboard.readText());
        expect(clipboard).toBe(code);

        const done = await api(s.url, 'PATCH', `/api/verifications/${PHONE}/actions/complete`, apiToken, {
          code: Number(clipboard),
        });
        expect(done.status).toBe(200);
        expect(done.json.data).toMatchObject({ status: 'VERIFIED', active: false });
        // The sign-in page is answered 401 (twice here), which Chromium logs; nothing else may be.
        expect(errors.filter((e) => !e.includes('status of 401'))).toEqual([]);
        await context.close();
      });

      it('takes the token once from ?token= and drops it from the address bar', async () => {
        const context = await browser.newContext();
        const page = await context.newPage();
        await page.goto(`${s.url}/inbox?token=${encodeURIComponent(CONTROL_TOKEN)}`);
        expect(page.url()).toBe(`${s.url}/inbox`);
        await waitLive(page);
        // The snapshot carries what was sent before the page opened.
        await page.getByRole('listitem').filter({ hasText: PHONE }).first().waitFor();
        await context.close();
      });
    });

    describe('in demo mode', () => {
      let s: PagesServer;
      beforeAll(async () => {
        s = await startPagesServer({ demo: true });
      });
      afterAll(async () => {
        await s?.close();
      });

      it('needs no sign-in, lists newest first, and filters by phone', async () => {
        const token = 'demo-token-all-scopes';
        await api(s.url, 'POST', '/api/verifications', token, { phone_number: '+380501230001' });
        const context = await browser.newContext();
        const page = await context.newPage();
        const errors = collectErrors(page);
        await page.goto(`${s.url}/inbox`);
        await waitLive(page);
        // A person request resend sends to its phone too (demo request 1: +380501110001).
        const resend = await fetch(
          `${s.url}/api/person_requests/00000000-0000-4000-8000-000000000001/actions/resend_otp`,
          { method: 'POST', headers: { authorization: `Bearer ${token}`, 'api-key': 'demo-api-key' } },
        );
        expect(resend.status).toBe(200);
        await page.getByRole('listitem').filter({ hasText: '+380501110001' }).waitFor();
        const phones = await page.locator('.messages h3').allTextContents();
        expect(phones).toEqual(['SMS to +380501110001', 'SMS to +380501230001']);
        expect(await page.locator('#count').textContent()).toBe('(2)');

        await page.getByLabel('Filter by phone number').fill('0001 ');
        await expect.poll(() => page.locator('#count').textContent()).toBe('(2)');
        await page.getByLabel('Filter by phone number').fill('230001');
        await expect.poll(() => page.locator('#count').textContent()).toBe('(1 of 2)');
        await page.getByRole('listitem').filter({ hasText: '+380501110001' }).waitFor({ state: 'hidden' });
        expect(new URL(page.url()).searchParams.get('phone')).toBe('230001');
        expect(errors).toEqual([]);
        await context.close();
      });
    });
  },
);
