/**
 * The engine never reads the wall clock directly: lifetimes, caps and `sent_at` all come from
 * an injected clock, so tests and the control API can move time without sleeping.
 */
export interface Clock {
  /** Milliseconds since the epoch. Never goes backwards. */
  now(): number;
}

/**
 * The clock stops here: every date the engine derives (now plus a lifetime of at most 31 days,
 * settings.ts) keeps a four-digit year, as RFC 3339 `date-time` wants. Unbounded, repeated
 * ten-year advances left that format from call ~800 and the `Date` range from ~27,400, after
 * which every call answered 500 (issue 18, defect 3).
 */
export const LATEST_MS = Date.UTC(9999, 0, 1);

/** The system clock shifted by an offset that only grows (`POST /__control/clock`) until `reset`. */
export class AdjustableClock implements Clock {
  #offsetMs = 0;
  constructor(private readonly source: () => number = Date.now) {}
  now(): number {
    return this.source() + this.#offsetMs;
  }
  advance(seconds: number): number {
    this.#offsetMs = Math.min(this.#offsetMs + seconds * 1000, LATEST_MS - this.source());
    return this.now();
  }
  reset(): void {
    this.#offsetMs = 0;
  }
}
