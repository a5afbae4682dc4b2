/**
 * Memory of the reference engine with many live verifications, no HTTP. Run as its own process
 * (`node --import tsx --expose-gc bench/memory.ts`) so nothing else shares its heap; prints one
 * JSON line (MemoryReport) on stdout for bench/run.ts.
 *
 * Steps: createEngine → initialize N verifications for distinct phones through `engine.handle`
 * (authenticated and validated, as over HTTP) → peak RSS/heap → move the clock past code lifetime
 * + retention + SMS cap window (the control API sweeps) → gc → RSS/heap and store size again.
 */
import { createEngine } from '../src/reference-impl/engine.js';
import type { EngineRequest } from '../src/reference-impl/http/exchange.js';
import { resolveSettings } from '../src/reference-impl/settings.js';
import { MemoryStore } from '../src/reference-impl/store/memory-store.js';
import { phoneNumber } from './lib/phones.js';

export interface MemorySample {
  readonly rssMb: number;
  readonly heapUsedMb: number;
}

export interface MemoryReport {
  readonly verifications: number;
  readonly seconds: number;
  readonly start: MemorySample;
  /** Highest RSS seen while the records were live (VmHWM), and the heap then. */
  readonly peak: MemorySample;
  /** After a full gc with every record still live: the real cost of the records. */
  readonly liveAfterGc: MemorySample;
  readonly bytesPerVerification: number;
  readonly afterExpiry: MemorySample;
  readonly storeSizeLive: number;
  readonly storeSizeAfterExpiry: number;
}

const MB = 1024 * 1024;
const SETTLE_MS = 6_000;
const gc = (globalThis as { gc?: () => void }).gc;

function collect(): void {
  if (gc === undefined) throw new Error('run with --expose-gc');
  // Several passes: weak references and finalizers may need more than one.
  for (let i = 0; i < 3; i++) gc();
}

/**
 * gc, a quiet moment, gc again: V8 sizes its young generation by the recent allocation rate, so a
 * gc right after a burst keeps the burst's young generation (~30 MB of RSS); after 5 s of quiet
 * (V8 measures the rate over 5 s) it shrinks it, as a server's idle time does.
 */
async function settle(): Promise<void> {
  collect();
  await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
  collect();
}

function sample(): MemorySample {
  const m = process.memoryUsage();
  return { rssMb: m.rss / MB, heapUsedMb: m.heapUsed / MB };
}

/** Peak resident set of this process so far, from the kernel (Linux), else the current RSS. */
async function peakRssMb(): Promise<number> {
  try {
    const { readFile } = await import('node:fs/promises');
    const status = await readFile('/proc/self/status', 'utf8');
    const kb = /VmHWM:\s+(\d+) kB/.exec(status)?.[1];
    if (kb !== undefined) return Number(kb) / 1024;
  } catch {
    // not Linux: fall through
  }
  return process.memoryUsage().rss / MB;
}

export async function measureMemory(count: number): Promise<MemoryReport> {
  const store = new MemoryStore(resolveSettings().outboxLimit);
  const engine = createEngine({ store });
  const { token, api_key } = await engine.control.createToken(['otp:write']);
  const headers = {
    authorization: `Bearer ${token}`,
    'api-key': api_key,
    'content-type': 'application/json',
  };
  const request = (phone: string): EngineRequest => ({
    method: 'POST',
    target: '/api/verifications',
    origin: 'http://127.0.0.1:4010',
    headers,
    // As node:http hands it over: a small Buffer, a slice of Node's shared pool (no malloc each).
    body: Buffer.from(`{"phone_number":"${phone}"}`),
  });
  // Warm the validators and code paths so the baseline includes what every server has loaded.
  const warm = await engine.handle(request(phoneNumber(999_999_999)));
  if (warm.status !== 200) throw new Error(`initialize answered ${warm.status}: ${warm.body}`);
  await engine.control.advanceClock(
    engine.settings.codeLifetimeSeconds +
      engine.settings.expiredRetentionSeconds +
      engine.settings.smsCapWindowSeconds,
  );
  await settle();
  const start = sample();

  const began = process.hrtime.bigint();
  for (let i = 0; i < count; i++) {
    const res = await engine.handle(request(phoneNumber(i)));
    if (res.status !== 200) throw new Error(`initialize #${i} answered ${res.status}: ${res.body}`);
  }
  const seconds = Number(process.hrtime.bigint() - began) / 1e9;
  const heapAtPeak = process.memoryUsage().heapUsed / MB;
  collect();
  const liveAfterGc = sample();
  // VmHWM: the highest RSS of the process so far, all records live (a gc does not lower it).
  const peak = { rssMb: await peakRssMb(), heapUsedMb: heapAtPeak };
  const storeSizeLive = (await store.size()).phones;

  // Past lifetime + retention + cap window every record may go; advanceClock sweeps them.
  const { settings } = engine;
  await engine.control.advanceClock(
    settings.codeLifetimeSeconds + settings.expiredRetentionSeconds + settings.smsCapWindowSeconds + 1,
  );
  await settle();
  const afterExpiry = sample();
  const storeSizeAfterExpiry = (await store.size()).phones;

  return {
    verifications: count,
    seconds,
    start,
    peak,
    liveAfterGc,
    bytesPerVerification: ((liveAfterGc.heapUsedMb - start.heapUsedMb) * MB) / count,
    afterExpiry,
    storeSizeLive,
    storeSizeAfterExpiry,
  };
}

const count = Number(process.env.BENCH_MEMORY_VERIFICATIONS ?? 1_000_000);
const report = await measureMemory(count);
process.stdout.write(`${JSON.stringify(report)}\n`);
