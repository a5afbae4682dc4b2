import { describe, expect, it } from 'vitest';
import { checkResponse } from '../../src/contract/validators.js';
import {
  GUESS_LIMIT,
  GUESS_WINDOW_MS,
  TokenGuesses,
} from '../../src/reference-impl/control/token-guesses.js';
import { createEngine } from '../../src/reference-impl/engine.js';
import { ORIGIN } from './support/fixture.js';

/**
 * Issue 18: control-token guesses were unlimited (2,000 wrong tokens in 1.3 s). Checked against
 * the defect: without the TokenGuesses check in control/control-api.ts the first test sees 401
 * where it wants 429.
 */
const reset = (engine: ReturnType<typeof createEngine>, token: string) =>
  engine.handle({
    method: 'POST',
    target: '/__control/reset',
    origin: ORIGIN,
    headers: { authorization: `Bearer ${token}` },
    body: undefined,
  });

describe('control-token guesses are limited', () => {
  it(`after ${GUESS_LIMIT} wrong tokens every control request answers 429 with Retry-After, the right token too`, async () => {
    const engine = createEngine({ controlToken: 'the-right-token' });
    for (let i = 0; i < GUESS_LIMIT; i++) expect((await reset(engine, `guess-${i}`)).status).toBe(401);
    for (const token of ['guess-x', 'the-right-token']) {
      const res = await reset(engine, token);
      expect(res.status).toBe(429);
      expect(Number(res.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      expect(Number(res.headers['retry-after'])).toBeLessThanOrEqual(GUESS_WINDOW_MS / 1000);
      expect(checkResponse('resetState', 429, JSON.parse(res.body), 'control')).toEqual({ ok: true });
    }
  });

  it('the right token alone is never counted, and a new window starts afresh', () => {
    let now = 1_000_000;
    const guesses = new TokenGuesses(() => now);
    for (let i = 0; i < GUESS_LIMIT - 1; i++) {
      expect(guesses.retryAfter()).toBeUndefined();
      guesses.recordWrong();
    }
    expect(guesses.retryAfter()).toBeUndefined();
    guesses.recordWrong();
    expect(guesses.retryAfter()).toBe(GUESS_WINDOW_MS / 1000);
    now += GUESS_WINDOW_MS - 1_500;
    expect(guesses.retryAfter()).toBe(2);
    now += 1_500;
    expect(guesses.retryAfter()).toBeUndefined();
  });

  it('a test runner with the right token is not limited however often it calls', async () => {
    const engine = createEngine({ controlToken: 'the-right-token' });
    for (let i = 0; i < 3 * GUESS_LIMIT; i++)
      expect((await reset(engine, 'the-right-token')).status).toBe(204);
  });
});
