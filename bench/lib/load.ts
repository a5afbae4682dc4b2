import autocannon from 'autocannon';
import type { MixCounters } from './mix.js';

export interface RoundResult {
  readonly requests: number;
  readonly seconds: number;
  readonly rps: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  /** Connection errors and timeouts, plus answers with an unexpected status. */
  readonly errors: number;
  readonly connectionErrors: number;
  readonly unexpected: number;
  /** The wrong-code 403s the mix asks for: counted, not errors. */
  readonly expectedNon2xx: number;
  readonly poolExhausted: number;
  readonly samples: readonly string[];
}

/** Grows as needed; float milliseconds of every response (autocannon's histogram is whole ms). */
class Samples {
  #data = new Float64Array(1 << 16);
  #n = 0;
  push(v: number): void {
    if (this.#n === this.#data.length) {
      const bigger = new Float64Array(this.#data.length * 2);
      bigger.set(this.#data);
      this.#data = bigger;
    }
    this.#data[this.#n++] = v;
  }
  sorted(): Float64Array {
    return this.#data.slice(0, this.#n).sort();
  }
}

/** Nearest-rank percentile of sorted values. */
export function percentile(sorted: Float64Array | readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil(q * sorted.length)));
  return sorted[rank - 1] ?? Number.NaN;
}

export function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  if (s.length === 0) return Number.NaN;
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

/** One autocannon run of `seconds` against `url` with the mix; counters are filled by the mix. */
export function runLoad(
  url: string,
  requests: autocannon.Request[],
  counters: MixCounters,
  options: { readonly seconds: number; readonly connections: number },
): Promise<RoundResult> {
  const latencies = new Samples();
  let responses = 0;
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url,
        connections: options.connections,
        duration: options.seconds,
        pipelining: 1,
        timeout: 10,
        requests,
      },
      (error, result) => {
        if (error !== null) {
          reject(error);
          return;
        }
        const sorted = latencies.sorted();
        const connectionErrors = result.errors;
        resolve({
          requests: responses,
          seconds: result.duration,
          rps: responses / result.duration,
          p50Ms: percentile(sorted, 0.5),
          p99Ms: percentile(sorted, 0.99),
          maxMs: sorted.length === 0 ? Number.NaN : (sorted[sorted.length - 1] as number),
          errors: connectionErrors + counters.unexpected + result.mismatches,
          connectionErrors,
          unexpected: counters.unexpected,
          expectedNon2xx: counters.expectedNon2xx,
          poolExhausted: counters.poolExhausted,
          samples: counters.samples,
        });
      },
    );
    instance.on('response', (_client, _status, _bytes, ms) => {
      responses++;
      latencies.push(ms);
    });
  });
}
