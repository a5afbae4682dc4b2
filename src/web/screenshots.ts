/**
 * Writes docs/screenshots/inbox.png and docs/screenshots/api-reference.png from a real run:
 *   npx tsx src/web/screenshots.ts
 * Demo data, a few SMS sent through the API, Debian's Chromium (see chromium.ts).
 */
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startServer } from '../reference-impl/adapters/node.js';
import { seedDemo } from '../reference-impl/demo.js';
import { createEngine } from '../reference-impl/engine.js';
import { chromiumMissing, launchChromium } from './chromium.js';
import { createWebPages, inboxAccessFor } from './index.js';

const outDir = fileURLToPath(new URL('../../docs/screenshots/', import.meta.url));

async function post(
  url: string,
  path: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<void> {
  const res = await fetch(`${url}${path}`, {
    method: 'POST',
    headers: {
      authorization: 'Bearer demo-token-all-scopes',
      'content-type': 'application/json',
      ...headers,
    },
    body: JSON.stringify(body),
  });
  if (res.status !== 200) throw new Error(`${path} answered ${res.status}`);
}

async function main(): Promise<void> {
  if (chromiumMissing !== undefined) throw new Error(chromiumMissing);
  const engine = createEngine();
  await seedDemo(engine);
  const web = createWebPages({ outbox: engine.outbox, inbox: inboxAccessFor({ demo: true }) });
  const server = await startServer({ engine, port: 0, extraRoutes: web.handle });
  const browser = await launchChromium();
  try {
    await post(server.url, '/api/verifications', { phone_number: '+380501234567' });
    await post(
      server.url,
      '/api/person_requests/00000000-0000-4000-8000-000000000002/actions/resend_otp',
      undefined,
      {
        'api-key': 'demo-api-key',
      },
    );
    const context = await browser.newContext({
      viewport: { width: 1100, height: 720 },
      locale: 'en-GB',
      timezoneId: 'Europe/Kyiv',
      colorScheme: 'light',
    });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
    const page = await context.newPage();
    await page.goto(`${server.url}/inbox`);
    await page.locator('#connection[data-state="live"]').waitFor();
    // One arrives while the page is open, as in use; then the keyboard copies its code.
    await post(server.url, '/api/verifications', { phone_number: '+380671112233' });
    await page.getByRole('listitem').filter({ hasText: '+380671112233' }).waitFor();
    await page.waitForTimeout(2600); // let the arrival highlight fade
    await page.getByLabel('Filter by phone number').focus();
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.locator('button.is-copied').waitFor();
    mkdirSync(outDir, { recursive: true });
    await page.screenshot({ path: `${outDir}inbox.png` });

    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(`${server.url}/docs#tag/OTP-verification/operation/initializeVerification`);
    await page.locator('[id$="/operation/initializeVerification"] h2').waitFor();
    await page.waitForTimeout(500);
    await page.screenshot({ path: `${outDir}api-reference.png` });
    await context.close();
  } finally {
    await browser.close();
    web.close();
    await server.close();
  }
  process.stdout.write(`wrote ${outDir}inbox.png and ${outDir}api-reference.png\n`);
}

await main();
