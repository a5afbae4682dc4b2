import { describe, expect, it } from 'vitest';
import { seedDemo } from '../../src/reference-impl/demo.js';
import { checkDigit } from '../../src/reference-impl/domain/otp-code.js';
import { createEngine } from '../../src/reference-impl/engine.js';
import { cryptoRandom, type RandomSource } from '../../src/reference-impl/random.js';
import { defaultSettings, type Settings } from '../../src/reference-impl/settings.js';
import { api } from './support/api.js';

/** Every 4-digit code the service can issue: 3 digits 1–9 and the check digit, ascending (729). */
const ALL_CODES: readonly number[] = (() => {
  const out: number[] = [];
  for (let a = 1; a <= 9; a++)
    for (let b = 1; b <= 9; b++)
      for (let c = 1; c <= 9; c++) out.push(Number(`${a}${b}${c}${checkDigit([a, b, c])}`));
  return out;
})();

/** The worst case for the defender: every issued code is 9993, the very last one an attacker tries. */
const lastCodeRandom: RandomSource = { ...cryptoRandom, int: (_min, max) => max - 1 };

const PHONE = '+380501239999';

describe.each(['resend', 'attempts'] as const)('brute force under wrongCodePolicy %s', (policy) => {
  const settings: Partial<Settings> = { wrongCodePolicy: policy };
  const cap = defaultSettings.smsCapLimit;

  it(`trying all ${ALL_CODES.length} codes is stopped by 429 with Retry-After within the SMS cap`, async () => {
    const engine = createEngine({ settings, random: lastCodeRandom });
    await seedDemo(engine);
    const otp = api(engine);
    expect(ALL_CODES).toHaveLength(729);
    expect(ALL_CODES.at(-1)).toBe(9993);
    expect((await otp.initialize(PHONE)).status).toBe(200);

    let guessed = 0;
    let evaluated = 0;
    let firstCap: { tried: number; retryAfter: string | undefined } | undefined;
    for (const [i, code] of ALL_CODES.entries()) {
      let res = await otp.complete(PHONE, code);
      if (res.status === 200) guessed++;
      if (res.json.error?.message === 'Invalid verification code') evaluated++;
      // The code is dead (attempts used up, or replaced and the replacement refused): ask for a new one.
      if (res.json.error?.message === 'Maximum attempts exceed') res = await otp.initialize(PHONE);
      if (res.status === 429 && firstCap === undefined)
        firstCap = { tried: i + 1, retryAfter: res.headers['retry-after'] };
    }

    expect(guessed).toBe(0);
    expect((await otp.verified(PHONE)).status).toBe(404);
    expect(firstCap).toBeDefined();
    // One SMS per code issued, and no more than the cap: the attacker saw at most `cap` codes…
    expect((await otp.codes(PHONE)).length).toBeLessThanOrEqual(cap);
    // …and had each judged at most once (resend) or maxAttempts times (attempts) before 429.
    const perCode = policy === 'attempts' ? defaultSettings.maxAttempts : 1;
    expect(evaluated).toBeLessThanOrEqual(cap * perCode);
    // (each dead code costs the attacker one more try, answered 403 without a comparison)
    expect(firstCap?.tried).toBeLessThanOrEqual(cap * (perCode + 1));
    const retryAfter = Number(firstCap?.retryAfter);
    expect(Number.isInteger(retryAfter)).toBe(true);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(defaultSettings.smsCapWindowSeconds);
  });

  it('after Retry-After seconds the phone gets a code again (the window slides)', async () => {
    const engine = createEngine({ settings });
    await seedDemo(engine);
    const otp = api(engine);
    for (let i = 0; i < cap; i++) expect((await otp.initialize(PHONE)).status).toBe(200);
    const refused = await otp.initialize(PHONE);
    expect(refused.status).toBe(429);
    expect((await otp.codes(PHONE)).length).toBe(cap);
    engine.clock.advance(Number(refused.headers['retry-after']));
    expect((await otp.initialize(PHONE)).status).toBe(200);
  });
});

describe('resend on a person request counts against the same cap', () => {
  it('answers 429 with Retry-After once the phone has had its SMS, and sends nothing more', async () => {
    const engine = createEngine({ settings: { smsCapLimit: 3 } });
    await seedDemo(engine);
    const otp = api(engine);
    const id = '00000000-0000-4000-8000-000000000001'; // demo: OTP to +380501110001
    for (let i = 0; i < 3; i++) expect((await otp.resend(id)).status).toBe(200);
    const refused = await otp.resend(id);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect((await otp.codes('+380501110001')).length).toBe(3);
  });
});

/**
 * The rate an attacker gets (issue 18: "slowed, not prevented"; docs/security.md states it). A
 * simulated attacker guesses random valid-looking codes, asks for a new code when one is dead and
 * skips the clock by each Retry-After. Over 48 simulated hours it never gets more comparisons per
 * cap window than smsCapLimit × (1 or maxAttempts), whatever the code length; the `codeLength`
 * setting (`--code-length`) is what makes each comparison less likely to hit.
 */
describe.each([
  ['resend', 4],
  ['attempts', 4],
  ['attempts', 6],
] as const)('a simulated attacker under %s with %i-digit codes', (policy, codeLength) => {
  it('gets at most smsCapLimit × attempts comparisons per window, and codes of that length', async () => {
    const engine = createEngine({ settings: { wrongCodePolicy: policy, codeLength } });
    await seedDemo(engine);
    const otp = api(engine);
    const perCode = policy === 'attempts' ? defaultSettings.maxAttempts : 1;
    const window = defaultSettings.smsCapWindowSeconds;
    let seed = 7;
    const nextDigit = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return 1 + (seed % 9);
    };
    const guess = () => {
      const digits = Array.from({ length: codeLength - 1 }, nextDigit);
      return Number(`${digits.join('')}${checkDigit(digits)}`);
    };
    const start = engine.clock.now();
    const perWindow = new Map<number, number>();
    expect((await otp.initialize(PHONE)).status).toBe(200);
    while (engine.clock.now() - start < 48 * 3600_000) {
      const res = await otp.complete(PHONE, guess());
      if (res.status === 200) break;
      if (res.json.error?.message === 'Invalid verification code') {
        const slot = Math.floor((engine.clock.now() - start) / (window * 1000));
        perWindow.set(slot, (perWindow.get(slot) ?? 0) + 1);
      }
      if (res.json.error?.message !== 'Maximum attempts exceed') continue;
      const fresh = await otp.initialize(PHONE);
      if (fresh.status === 429) engine.clock.advance(Number(fresh.headers['retry-after']));
    }
    // Windows counted from the start may straddle two cap windows: at most twice the cap each.
    for (const count of perWindow.values())
      expect(count).toBeLessThanOrEqual(2 * defaultSettings.smsCapLimit * perCode);
    const total = [...perWindow.values()].reduce((a, b) => a + b, 0);
    expect(total).toBeLessThanOrEqual(
      ((48 * 3600) / window) * defaultSettings.smsCapLimit * perCode + defaultSettings.smsCapLimit * perCode,
    );
    const codes = await otp.codes(PHONE);
    expect(codes.length).toBeGreaterThan(0);
    for (const code of codes) expect(String(code)).toHaveLength(codeLength);
  });
});
