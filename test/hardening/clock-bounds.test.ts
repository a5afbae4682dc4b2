import { describe, expect, it } from 'vitest';
import { checkResponse } from '../../src/contract/validators.js';
import { AdjustableClock, LATEST_MS } from '../../src/reference-impl/clock.js';
import { api } from './support/api.js';
import { ORIGIN, seededEngine } from './support/fixture.js';
import { CONTROL_TOKEN } from './support/hostile-requests.js';

/**
 * Issue 18, defect 3: repeated maximum advances (ten years each) made dates leave the spec's
 * `date-time` from call ~800 and every initialize and SMS read answer 500 from call ~27,400, and
 * `reset` did not reset the clock. Checked against the defect: with the clamp in clock.ts and the
 * `clock.reset()` in control-state.ts reverted, both tests fail (an invalid `now` at call ~800; a
 * clock still thousands of years ahead after reset).
 */

const TEN_YEARS = 315_360_000;
const utf8 = new TextEncoder();

async function control(
  engine: Awaited<ReturnType<typeof seededEngine>>['engine'],
  target: string,
  body?: unknown,
) {
  const res = await engine.handle({
    method: 'POST',
    target,
    origin: ORIGIN,
    headers: { authorization: `Bearer ${CONTROL_TOKEN}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : utf8.encode(JSON.stringify(body)),
  });
  return {
    status: res.status,
    json: res.body === '' ? undefined : (JSON.parse(res.body) as { now: string }),
  };
}

describe('the control clock stays a date-time whatever is asked of it', () => {
  it('30,000 advances of ten years: every answer valid, and the API still answers 200 after them', async () => {
    const fuzz = await seededEngine({});
    let last = '';
    for (let i = 0; i < 30_000; i++) {
      const res = await control(fuzz.engine, '/__control/clock', { advance_seconds: TEN_YEARS });
      if (res.status !== 200 || checkResponse('advanceClock', 200, res.json, 'control').ok !== true)
        throw new Error(`call ${i + 1}: ${res.status} ${JSON.stringify(res.json)}`);
      last = res.json?.now ?? '';
    }
    expect(Date.parse(last)).toBeLessThanOrEqual(LATEST_MS);
    const calls = api(fuzz.engine);
    const initialized = await calls.initialize('+380501239999');
    expect(initialized.status).toBe(200);
    expect(checkResponse('initializeVerification', 200, initialized.json)).toEqual({ ok: true });
    const sms = await fuzz.engine.handle({
      method: 'GET',
      target: '/__control/sms?phone_number=+380501239999',
      origin: ORIGIN,
      headers: { authorization: `Bearer ${CONTROL_TOKEN}` },
      body: undefined,
    });
    expect(sms.status).toBe(200);
    expect(checkResponse('listSms', 200, JSON.parse(sms.body), 'control')).toEqual({ ok: true });
    expect(fuzz.faults).toEqual([]);
  });

  it('reset sets the clock back to the system time', async () => {
    const fuzz = await seededEngine({});
    for (let i = 0; i < 100; i++)
      await control(fuzz.engine, '/__control/clock', { advance_seconds: TEN_YEARS });
    expect((await control(fuzz.engine, '/__control/reset')).status).toBe(204);
    const now = await control(fuzz.engine, '/__control/clock', { advance_seconds: 0 });
    // The system clock, not a thousand years on (a day of slack: no timing is measured).
    expect(Math.abs(Date.parse(now.json?.now ?? '') - Date.now())).toBeLessThan(86_400_000);
  });

  it('AdjustableClock stops at LATEST_MS and never goes backwards while it advances', () => {
    let wall = Date.UTC(2026, 0, 1);
    const clock = new AdjustableClock(() => wall);
    let previous = clock.now();
    for (let i = 0; i < 1_000; i++) {
      wall += 1_000;
      const now = clock.advance(TEN_YEARS);
      expect(now).toBeGreaterThanOrEqual(previous);
      previous = now;
    }
    expect(previous).toBeLessThanOrEqual(LATEST_MS + 1_000_000);
    expect(new Date(clock.now()).toISOString()).toMatch(/^\d{4}-/);
    clock.reset();
    expect(clock.now()).toBe(wall);
  });
});
