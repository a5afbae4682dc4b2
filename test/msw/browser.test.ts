import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumMissing, launchChromium } from '../../src/web/chromium.js';
import { bundlePage } from './browser/bundle.js';
import type { FlowResult } from './browser/page.js';
import { type StaticServer, serveFiles } from './browser/static-server.js';

if (chromiumMissing !== undefined) console.warn(`skipping the msw browser test: ${chromiumMissing}`);

const workerScript = readFileSync(createRequire(import.meta.url).resolve('msw/mockServiceWorker.js'), 'utf8');
const html =
  '<!doctype html><meta charset="utf-8"><title>msw</title><script type="module" src="/page.js"></script>';

describe.skipIf(chromiumMissing !== undefined)('the msw handlers in a real browser (setupWorker)', () => {
  let browser: Browser | undefined;
  let site: StaticServer | undefined;

  beforeAll(async () => {
    site = await serveFiles({
      '/': { type: 'text/html; charset=utf-8', body: html },
      '/page.js': { type: 'text/javascript; charset=utf-8', body: await bundlePage() },
      '/mockServiceWorker.js': { type: 'text/javascript; charset=utf-8', body: workerScript },
    });
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await site?.close();
  });

  it('completes a verification with the code read from the state', { timeout: 60_000 }, async () => {
    if (browser === undefined || site === undefined) throw new Error('setup failed');
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => {
      // The browser logs every 4xx it receives (the wrong code's 403, the favicon); not a fault.
      if (message.type() === 'error' && !message.text().startsWith('Failed to load resource'))
        errors.push(message.text());
    });
    await page.goto(site.url);
    await page.waitForFunction(() => 'kitReady' in window);
    await page.evaluate(() => window.kitReady);
    const result: FlowResult = await page.evaluate(() => window.runFlow());
    expect(errors).toEqual([]);
    expect(result).toEqual({
      initialize: 200,
      wrongCode: { status: 403, message: 'Invalid verification code' },
      complete: { status: 200, verification: 'VERIFIED' },
      verified: { phone_number: '+380501234567' },
    });
  });
});
