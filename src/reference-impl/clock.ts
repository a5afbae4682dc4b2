/**
 * The engine never reads the wall clock directly: lifetimes, caps and `sent_at` all come from
 * an injected clock, so tests and the control API can move time without sleeping.
 */
export interface Clock {
  /** Milliseconds since the epoch. Never goes backwards. */
  now(): number;
}

/** The system clock shifted by an offset that only grows (`POST /__control/clock`). */
export class AdjustableClock implements Clock {
  #offsetMs = 0;
  constructor(private readonly source: () => number = Date.now) {}
  now(): number {
    return this.source() + this.#offsetMs;
  }
  advance(seconds: number): number {
    this.#offsetMs += seconds * 1000;
    return this.now();
  }
  reset(): void {
    this.#offsetMs = 0;
  }
}
