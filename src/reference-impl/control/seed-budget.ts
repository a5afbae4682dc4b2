import type { Settings } from '../settings.js';

/**
 * How much the control API has seeded since the last reset: entities (tokens, person requests)
 * and the bytes of the bodies that made them. Issue 18: 500 person requests of 0.9 MB held
 * 1.08 GB, with no count limit. Past either bound a seeding call answers 503 (control.yaml
 * `ControlSeedsFull`) and stores nothing, until `POST /__control/reset`. Counted per process:
 * replicas on one Redis each keep their own count (docs/security.md).
 */
export class SeedBudget {
  #count = 0;
  #bytes = 0;
  constructor(private readonly limits: Pick<Settings, 'controlSeedLimit' | 'controlSeedBytes'>) {}

  /** Takes one seed of `bytes`; false, and nothing taken, when it would pass either bound. */
  take(bytes: number): boolean {
    if (this.#count + 1 > this.limits.controlSeedLimit || this.#bytes + bytes > this.limits.controlSeedBytes)
      return false;
    this.#count++;
    this.#bytes += bytes;
    return true;
  }

  reset(): void {
    this.#count = 0;
    this.#bytes = 0;
  }
}
