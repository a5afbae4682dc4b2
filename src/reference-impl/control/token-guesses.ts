/**
 * Wrong control tokens are counted (a request without Authorization guesses nothing); past
 * GUESS_LIMIT in one GUESS_WINDOW_MS every control request
 * answers 429 until the window ends. Before, a client tried 2,000 wrong tokens in 1.3 s (issue
 * 18), and the README's examples use short words. While the limit holds, the right token is
 * refused too: were it let through, 200 against 429 would tell a right guess from a wrong one.
 * Wall-clock time on purpose: the engine's clock is moved by `/__control/clock`.
 */
export const GUESS_LIMIT = 100;
export const GUESS_WINDOW_MS = 60_000;

export class TokenGuesses {
  #windowStart = 0;
  #wrong = 0;
  constructor(private readonly now: () => number = Date.now) {}

  /** Seconds to wait while the limit holds; undefined when a token may be checked. */
  retryAfter(): number | undefined {
    const now = this.now();
    if (now - this.#windowStart >= GUESS_WINDOW_MS) {
      this.#windowStart = now;
      this.#wrong = 0;
    }
    if (this.#wrong < GUESS_LIMIT) return undefined;
    return Math.max(1, Math.ceil((this.#windowStart + GUESS_WINDOW_MS - now) / 1000));
  }

  recordWrong(): void {
    this.#wrong++;
  }
}
