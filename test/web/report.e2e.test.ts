import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderHtml } from '../../src/conformance/report/html.js';
import type { RunReport } from '../../src/conformance/report/model.js';
import { runConformance } from '../../src/conformance/runner/run.js';
import { type RunningServer, startServer } from '../../src/reference-impl/adapters/node.js';
import { chromiumMissing, launchChromium } from '../../src/web/chromium.js';

if (chromiumMissing !== undefined) console.warn(`browser tests skipped: ${chromiumMissing}`);

/** The HTML conformance report in a real browser: its filter is CSS alone, so only a browser can show it works. */
describe.skipIf(chromiumMissing !== undefined)(
  `the HTML conformance report in Chromium${chromiumMissing === undefined ? '' : ` (skipped: ${chromiumMissing})`}`,
  () => {
    let browser: Browser;
    let server: RunningServer;
    let report: RunReport;
    let page: Page;
    beforeAll(async () => {
      // The attempts policy diverges from the contract; --strict turns those divergences into failures.
      server = await startServer({
        port: 0,
        host: '127.0.0.1',
        controlToken: 'ctl',
        settings: { wrongCodePolicy: 'attempts' },
      });
      report = await runConformance({
        target: server.url,
        controlToken: 'ctl',
        strict: true,
        only: ['COMPLETE-*', 'INIT-200', 'VERIFIED-*'],
      });
      browser = await launchChromium();
      page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
      await page.setContent(renderHtml(report));
    });
    afterAll(async () => {
      await browser?.close();
      await server?.close();
    });

    // The scenario rows (the profile table's rows have no id).
    const visibleIds = () =>
      page
        .locator('tbody tr[id]')
        .evaluateAll((rows) => rows.filter((r) => (r as HTMLElement).offsetParent !== null).map((r) => r.id));

    it('lists failures first and hides outcomes and operations as the filter says', async () => {
      const failed = report.scenarios.filter((s) => s.status === 'failed').map((s) => s.id);
      expect(failed.length).toBeGreaterThan(0);
      const all = await visibleIds();
      expect(all).toHaveLength(report.scenarios.length);
      expect(all.slice(0, failed.length).sort()).toEqual([...failed].sort());

      await page.getByLabel('passed').uncheck();
      expect((await visibleIds()).sort()).toEqual(
        report.scenarios
          .filter((s) => s.status !== 'passed')
          .map((s) => s.id)
          .sort(),
      );
      await page.getByLabel('passed').check();
      await page.getByLabel('completeVerification').check();
      expect((await visibleIds()).sort()).toEqual(
        report.scenarios
          .filter((s) => s.operation === 'completeVerification')
          .map((s) => s.id)
          .sort(),
      );
      // A failure's request log is open, with a curl line to reproduce each request.
      const first = page.locator(`tr[id="${failed[0]}"]`);
      expect(await first.locator('pre.curl').first().textContent()).toMatch(/^curl -sS -i -X /);
      if (process.env.UPDATE_SCREENSHOTS === '1') {
        await first
          .locator('details details')
          .first()
          .evaluate((d) => {
            (d as HTMLDetailsElement).open = true;
          });
        await page.screenshot({ path: 'docs/screenshots/conformance-report.png' });
      }
    });

    it('filters by kind of requirement (a scenario tag) too, and "every kind" shows all again', async () => {
      await page.getByLabel('every operation').check();
      const tagged = (tag: string) =>
        report.scenarios
          .filter((s) => s.tags.includes(tag as (typeof s.tags)[number]))
          .map((s) => s.id)
          .sort();
      // A kind some scenarios have and others do not, so the filter has something to hide.
      const tag = [...new Set(report.scenarios.flatMap((s) => s.tags))].find(
        (t) => tagged(t).length > 0 && tagged(t).length < report.scenarios.length,
      );
      expect(tag).toBeDefined();
      await page.getByLabel(tag as string, { exact: true }).check();
      expect((await visibleIds()).sort()).toEqual(tagged(tag as string));
      // Kinds and outcomes combine: hiding passes leaves only the kind's other outcomes.
      await page.getByLabel('passed').uncheck();
      expect((await visibleIds()).sort()).toEqual(
        report.scenarios
          .filter((s) => s.status !== 'passed' && tagged(tag as string).includes(s.id))
          .map((s) => s.id)
          .sort(),
      );
      await page.getByLabel('passed').check();
      await page.getByLabel('every kind').check();
      expect(await visibleIds()).toHaveLength(report.scenarios.length);
    });
  },
);
