/**
 * The engine never reads the wall clock directly: lifetimes, caps and `sent_at` all come from
 * an injected clock, so tests and the control API can move time without sleeping.
 */
export interface Clock {
  /** Milliseconds since the epoch. Never goes backwards. */
  now(): number;
}

/**
 * Where the clock's offset lives when several replicas must agree on it (issue 17: a move by
 * `POST /__control/clock` on one replica holds on all). Implemented by the Redis store
 * (store/redis-shared.ts); without one, the offset is this process's alone.
 */
export interface SharedOffset {
  /** The current offset in milliseconds (0 before any move). */
  read(): Promise<number>;
  /** Adds `ms` atomically and resolves to the resulting offset. */
  add(ms: number): Promise<number>;
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
  constructor(
    private readonly source: () => number = Date.now,
    private readonly shared?: SharedOffset,
  ) {}
  now(): number {
    return this.source() + this.#offsetMs;
  }
  /** Moves this process's offset only (tests, the in-memory default); see {@link move}. */
  advance(seconds: number): number {
    this.#offsetMs = Math.min(this.#offsetMs + seconds * 1000, LATEST_MS - this.source());
    return this.now();
  }
  /** Moves the clock, for every replica when the offset is shared; resolves to the new now. */
  async move(seconds: number): Promise<number> {
    if (this.shared === undefined) return this.advance(seconds);
    this.#adopt(await this.shared.add(seconds * 1000));
    return this.now();
  }
  /**
   * Reads the shared offset (the engine calls it before each request, so a move on another
   * replica holds from the next request on); undefined when nothing is shared.
   */
  get refresh(): (() => Promise<void>) | undefined {
    const shared = this.shared;
    if (shared === undefined) return undefined;
    return async () => this.#adopt(await shared.read());
  }
  reset(): void {
    this.#offsetMs = 0;
  }
  // Never backwards (Clock), even if the shared value were lost (a Redis restarted empty).
  // The same bound as advance(): a shared offset moved past it stops there.
  #adopt(offsetMs: number): void {
    const bounded = Math.min(offsetMs, LATEST_MS - this.source());
    if (bounded > this.#offsetMs) this.#offsetMs = bounded;
  }
}
