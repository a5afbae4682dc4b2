import { spawn, spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RoundResult } from './load.js';
import { KINDS, route, type Slot } from './mix.js';

/**
 * Closed-loop load from `wrk` (C, one thread, the mix in bench/lib/wrk/mix.lua): a separate
 * process that costs a few µs per request, so the bare server's req/s stops being the load
 * generator's ceiling (autocannon, in the bench process, used most of a core against it).
 * Debian: `apt-get install wrk`. Without it the bench falls back to autocannon (bench/lib/load.ts).
 */
export const WRK = '/usr/bin/wrk';
const SCRIPT = fileURLToPath(new URL('./wrk/mix.lua', import.meta.url));

let found: boolean | undefined;
/** Whether wrk is installed and runs (checked once); BENCH_LOADGEN=autocannon forces the fallback. */
export function wrkAvailable(): boolean {
  if (process.env.BENCH_LOADGEN === 'autocannon') return false;
  found ??= spawnSync(WRK, ['--version'], { stdio: 'ignore' }).error === undefined;
  return found;
}

export interface WrkRun extends RoundResult {
  /** CPU seconds wrk used (its `os.clock()` at the end: every thread, start-up included). */
  readonly loadgenCpuSeconds: number;
}

interface WrkJson {
  requests: number;
  durationUs: number;
  connectErrors: number;
  readErrors: number;
  writeErrors: number;
  timeouts: number;
  p50Us: number;
  p99Us: number;
  maxUs: number;
  cpuSeconds: number;
  threads: {
    unexpected: number;
    expectedNon2xx: number;
    poolExhausted: number;
    /** Up to five unexpected answers, one per line. */
    samples: string;
  }[];
}

/**
 * One wrk run of `seconds` with `connections` on one thread. `slots` (the reference's prepared
 * phones and person requests) selects the stateful mix; without, the stateless one (bare, Prism:
 * every answer 200). Fresh phones are numbered from `firstPhone` on.
 */
export async function runWrk(
  url: string,
  options: {
    readonly seconds: number;
    readonly connections: number;
    readonly credentials: { readonly token: string; readonly apiKey: string };
    readonly slots: readonly Slot[] | undefined;
    readonly firstPhone: number;
  },
): Promise<WrkRun> {
  const dir = await mkdtemp(join(os.tmpdir(), 'ehealth-otp-kit-wrk-'));
  try {
    const slotsFile = join(dir, 'slots.txt');
    await writeFile(
      slotsFile,
      (options.slots ?? []).map((s) => `${s.phone} ${s.code} ${s.personRequestId}`).join('\n'),
    );
    const routeArgs = KINDS.flatMap((kind) => {
      const r = route(kind);
      return [r.method, r.before, r.after];
    });
    const args = [
      '-t1',
      `-c${options.connections}`,
      `-d${options.seconds}s`,
      '--timeout',
      '10s',
      '-s',
      SCRIPT,
      url,
      '--',
      options.slots === undefined ? 'stateless' : 'reference',
      options.credentials.token,
      options.credentials.apiKey,
      slotsFile,
      String(options.firstPhone),
      ...routeArgs,
    ];
    const output = await new Promise<string>((resolve, reject) => {
      const child = spawn(WRK, args, { stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      child.stdout.setEncoding('utf8').on('data', (c: string) => {
        out += c;
      });
      child.stderr.setEncoding('utf8').on('data', (c: string) => {
        out += c;
      });
      child.once('error', reject);
      child.once('close', (code) =>
        code === 0 ? resolve(out) : reject(new Error(`wrk exit ${code}:\n${out}`)),
      );
    });
    const line = output.split('\n').find((l) => l.startsWith('WRK-JSON '));
    if (line === undefined) throw new Error(`wrk printed no WRK-JSON line:\n${output}`);
    const w = JSON.parse(line.slice('WRK-JSON '.length)) as WrkJson;
    const sum = (pick: (t: WrkJson['threads'][number]) => number) =>
      w.threads.reduce((s, t) => s + pick(t), 0);
    const unexpected = sum((t) => t.unexpected);
    const connectionErrors = w.connectErrors + w.readErrors + w.writeErrors + w.timeouts;
    const seconds = w.durationUs / 1e6;
    return {
      requests: w.requests,
      seconds,
      rps: w.requests / seconds,
      p50Ms: w.p50Us / 1000,
      p99Ms: w.p99Us / 1000,
      maxMs: w.maxUs / 1000,
      errors: connectionErrors + unexpected,
      connectionErrors,
      unexpected,
      expectedNon2xx: sum((t) => t.expectedNon2xx),
      poolExhausted: sum((t) => t.poolExhausted),
      samples: w.threads.flatMap((t) => (t.samples === '' ? [] : t.samples.split('\n'))),
      loadgenCpuSeconds: w.cpuSeconds,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
