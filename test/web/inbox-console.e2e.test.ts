import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEhealthOtpClient } from '../../src/client/index.js';
import { chromiumMissing, launchChromium } from '../../src/web/chromium.js';
import { flowPerson } from '../support/person-request-flow.js';
import { api, type PagesServer, startPagesServer } from './server.js';

const CONTROL_TOKEN = 'console-e2e-control-token';
const PHONE = '+380671112233';
const OTHER = '+380931234567';

describe('the console gateway /inbox/control/* (no browser)', () => {
  let s: PagesServer;
  beforeAll(async () => {
    s = await startPagesServer({ controlToken: CONTROL_TOKEN });
  });
  afterAll(() => s?.close());

  const signedInCookie = async () => {
    const res = await fetch(`${s.url}/inbox?token=${CONTROL_TOKEN}`, { redirect: 'manual' });
    return (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  };

  it('answers 401 without a session, whatever the Authorization', async () => {
    const res = await fetch(`${s.url}/inbox/control/phones`, {
      headers: { authorization: `Bearer ${CONTROL_TOKEN}` },
    });
    expect(res.status).toBe(401);
  });

  it('forwards a signed-in call to the control API with the server token', async () => {
    const cookie = await signedInCookie();
    const res = await fetch(`${s.url}/inbox/control/phones`, { headers: { cookie } });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ data: [] });
    const bad = await fetch(`${s.url}/inbox/control/clock`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json' },
      body: JSON.stringify({ advance_seconds: -1 }),
    });
    expect(bad.status).toBe(422);
    expect(((await bad.json()) as { error: string }).error).toMatch(/advance_seconds/);
  });

  it('refuses a call from another site, even signed in', async () => {
    const cookie = await signedInCookie();
    for (const headers of [{ origin: 'http://evil.example' }, { 'sec-fetch-site': 'cross-site' }]) {
      const res = await fetch(`${s.url}/inbox/control/reset`, {
        method: 'POST',
        headers: { cookie, ...headers },
      });
      expect(res.status).toBe(403);
    }
  });
});

if (chromiumMissing !== undefined) console.warn(`browser tests skipped: ${chromiumMissing}`);

describe.skipIf(chromiumMissing !== undefined)(
  `the inbox console in Chromium${chromiumMissing === undefined ? '' : ` (skipped: ${chromiumMissing})`}`,
  () => {
    let browser: Browser;
    let s: PagesServer;
    let page: Page;
    const errors: string[] = [];
    beforeAll(async () => {
      browser = await launchChromium();
      s = await startPagesServer({ controlToken: CONTROL_TOKEN });
      page = await browser.newPage();
      page.on('pageerror', (error) => errors.push(error.message));
      page.on('console', (message) => {
        if (message.type() === 'error') errors.push(message.text());
      });
      await page.goto(`${s.url}/inbox?token=${CONTROL_TOKEN}`);
      await page.locator('#connection[data-state="live"]').waitFor();
    });
    afterAll(async () => {
      await browser?.close();
      await s?.close();
    });

    const row = (phone: string) => page.locator(`#phones tbody tr[data-phone="${phone}"]`);
    const announced = () => page.locator('#announcer').textContent();

    it('sends an OTP from the keyboard and shows the code active, its countdown and the cap left', async () => {
      await expect.poll(() => page.locator('#phones-empty').isVisible()).toBe(true);
      await page.getByLabel('Send an OTP to').fill(PHONE);
      await page.getByLabel('Send an OTP to').press('Enter');
      await expect.poll(announced).toBe(`OTP sent to ${PHONE}.`);
      await row(PHONE).waitFor();
      await expect.poll(() => row(PHONE).locator('td.current [data-state]').textContent()).toBe('active');
      expect(await row(PHONE).locator('td.expires').textContent()).toMatch(/^1[45]:\d\d$/);
      expect(await row(PHONE).locator('td.cap').textContent()).toBe('9 of 10');
    });

    it('a second code invalidates the first, in the table and on the message itself', async () => {
      await page.getByRole('button', { name: 'Send OTP' }).click();
      await expect
        .poll(() => row(PHONE).locator('td.history [data-state]').allTextContents())
        .toEqual(['invalidated by a newer code']);
      expect(await row(PHONE).locator('td.cap').textContent()).toBe('8 of 10');
      const badges = page.locator('#messages li.sms .state-slot');
      await expect.poll(() => badges.allTextContents()).toEqual(['active', 'invalidated by a newer code']);
    });

    it('marks a code used once it verified the phone through the API', async () => {
      const created = await api(s.url, 'POST', '/__control/tokens', CONTROL_TOKEN, { scopes: ['otp:write'] });
      const code = (await row(PHONE).locator('td.current code').textContent()) ?? '';
      const done = await api(
        s.url,
        'PATCH',
        `/api/verifications/${encodeURIComponent(PHONE)}/actions/complete`,
        String(created.json.token),
        { code: Number(code) },
      );
      expect(done.status).toBe(200);
      // No SMS tells the page: its periodic refresh (every 3 s) does.
      await expect
        .poll(() => row(PHONE).locator('td.current [data-state]').textContent(), { timeout: 10_000 })
        .toBe('used');
      expect(await row(PHONE).locator('.verified').textContent()).toBe(' verified');
    });

    it('advances the clock: an active code expires', async () => {
      await page.getByLabel('Send an OTP to').fill(OTHER);
      await page.getByRole('button', { name: 'Send OTP' }).click();
      await expect.poll(() => row(OTHER).locator('td.current [data-state]').textContent()).toBe('active');
      await page.getByLabel('Advance the clock by (seconds)').fill('901');
      await page.getByLabel('Advance the clock by (seconds)').press('Enter');
      await expect.poll(announced).toMatch(/^Clock advanced by 901 s/);
      await expect.poll(() => row(OTHER).locator('td.current [data-state]').textContent()).toBe('expired');
    });

    it('creates a token with the chosen scopes, which the API accepts', async () => {
      await page.getByLabel('person_request:write').uncheck();
      await page.getByLabel('person_request:read').uncheck();
      await page.getByLabel('declaration_request:approve').uncheck();
      await page.getByLabel('authentication_method_request:write').uncheck();
      await page.getByLabel('confidant_person_relationship_request:write').uncheck();
      await page.getByLabel('merge_request:write').uncheck();
      await page.getByRole('button', { name: 'Create token' }).click();
      await expect.poll(announced).toBe('Token created with otp:write, otp:read.');
      const token = (await page.locator('#token-output code').first().textContent()) ?? '';
      expect(token).not.toBe('');
      const res = await api(s.url, 'GET', `/api/verifications/${encodeURIComponent(PHONE)}`, token);
      expect(res.status).toBe(200);
    });

    it('shows a person request created through the API: its status, current method and the code sent', async () => {
      const REQUESTER = '+380501240077';
      const created = await api(s.url, 'POST', '/__control/tokens', CONTROL_TOKEN, {
        scopes: ['otp:write', 'otp:read', 'person_request:write', 'person_request:read'],
      });
      const client = createEhealthOtpClient({
        baseUrl: s.url,
        token: String(created.json.token),
        apiKey: String(created.json.api_key),
      });
      const lastCode = async () => {
        const sms = await api(
          s.url,
          'GET',
          `/__control/sms?phone_number=${encodeURIComponent(REQUESTER)}`,
          CONTROL_TOKEN,
        );
        return (sms.json.data as { code: string }[])[0]?.code ?? '';
      };
      expect((await client.initializeVerification(REQUESTER)).response.status).toBe(200);
      expect((await client.completeVerification(REQUESTER, Number(await lastCode()))).response.status).toBe(
        200,
      );
      const request = await client.createPersonRequestV2({
        person: flowPerson(REQUESTER),
        patient_signed: false,
        process_disclosure_data_consent: true,
      });
      expect(request.response.status).toBe(201);
      const id = request.data?.data.id ?? '';
      const sent = await lastCode();
      expect(sent).toMatch(/^\d{4}$/);

      const requestRow = page.locator(`#requests tbody tr[data-request="${id}"]`);
      await requestRow.waitFor({ timeout: 10_000 });
      expect(await page.locator('#requests-empty').isVisible()).toBe(false);
      expect(await requestRow.locator('td.status').textContent()).toBe('NEW');
      expect(await requestRow.locator('td.method').textContent()).toBe(`OTP ${REQUESTER}`);
      expect(await requestRow.locator('td.code-sent').textContent()).toBe(sent);

      // Approving it with that code moves its status on the page too.
      expect((await client.approvePersonRequestV2(id, Number(sent))).response.status).toBe(201);
      await expect
        .poll(() => requestRow.locator('td.status').textContent(), { timeout: 10_000 })
        .toBe('APPROVED');
    });

    it('resets the server after a confirmation, and the phones are gone', async () => {
      // The committed image comes from this very state: UPDATE_SCREENSHOTS=1 npx vitest run test/web
      if (process.env.UPDATE_SCREENSHOTS === '1')
        await page.screenshot({ path: 'docs/screenshots/inbox-console.png', fullPage: true });
      page.once('dialog', (dialog) => void dialog.accept());
      await page.getByRole('button', { name: 'Reset the server' }).click();
      await expect.poll(announced).toBe('The server was reset.');
      await expect.poll(() => page.locator('#phones-empty').isVisible()).toBe(true);
      await expect.poll(() => page.locator('#requests-empty').isVisible()).toBe(true);
      expect(errors).toEqual([]);
    });
  },
);
