/** Every knob of `npm run bench`, from the environment, so a quick run is one line. */
export interface BenchConfig {
  /** Measured seconds per round and target. */
  readonly seconds: number;
  readonly rounds: number;
  /** Unmeasured seconds per target before the first round. */
  readonly warmupSeconds: number;
  readonly connections: number;
  /**
   * A second run per round, open loop: the same connections offering this many requests per
   * second in all, evenly spaced (bench/lib/paced.ts): latency below saturation. 0: none.
   */
  readonly pacedRate: number;
  readonly targets: readonly TargetName[];
  readonly parts: readonly Part[];
  readonly memoryVerifications: number;
  readonly conformRuns: number;
  /** Fresh processes per cold-start measure (bench/lib/cold-start.ts); medians are reported. */
  readonly coldStartRuns: number;
  readonly resultsFile: string;
}

/** `redis`: the reference server with `--store redis://…` on a local redis-server (issue 17). */
export type TargetName = 'bare' | 'reference' | 'redis' | 'prism';
export type Part = 'throughput' | 'memory' | 'conformance' | 'coldstart';

const ALL_TARGETS: readonly TargetName[] = ['bare', 'reference', 'redis', 'prism'];
const ALL_PARTS: readonly Part[] = ['throughput', 'memory', 'conformance', 'coldstart'];

function num(name: string, fallback: number, min: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < min) throw new Error(`${name} must be a number ≥ ${min}, got "${raw}"`);
  return n;
}

function list<T extends string>(name: string, all: readonly T[]): readonly T[] {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return all;
  const picked = raw.split(',').map((s) => s.trim());
  for (const p of picked) {
    if (!all.includes(p as T)) throw new Error(`${name}: unknown "${p}" (one of ${all.join(', ')})`);
  }
  return all.filter((a) => picked.includes(a));
}

export function readConfig(): BenchConfig {
  return {
    seconds: num('BENCH_SECONDS', 5, 1),
    rounds: Math.round(num('BENCH_ROUNDS', 3, 1)),
    warmupSeconds: num('BENCH_WARMUP', 2, 0),
    connections: Math.round(num('BENCH_CONNECTIONS', 50, 1)),
    pacedRate: Math.round(num('BENCH_PACED_RATE', 2_000, 0)),
    targets: list('BENCH_TARGETS', ALL_TARGETS),
    parts: list('BENCH_ONLY', ALL_PARTS),
    memoryVerifications: Math.round(num('BENCH_MEMORY_VERIFICATIONS', 1_000_000, 1)),
    conformRuns: Math.round(num('BENCH_CONFORM_RUNS', 5, 1)),
    coldStartRuns: Math.round(num('BENCH_COLDSTART_RUNS', 11, 1)),
    resultsFile: process.env.BENCH_RESULTS ?? 'bench/RESULTS.md',
  };
}

export function describeConfig(c: BenchConfig): string {
  return (
    `${c.rounds} rounds × ${c.seconds} s per target after ${c.warmupSeconds} s warm-up, ` +
    `${c.connections} connections, pipelining 1; targets interleaved within each round`
  );
}
