import { type ChildServer, freePort, prismArgs, spawnReferenceServer, spawnServer } from './child-server.js';
import type { BenchConfig, TargetName } from './config.js';
import { ownCpuSeconds, processCpuSeconds } from './cpu.js';
import { median, type RoundResult, runLoad } from './load.js';
import {
  buildMix,
  type Expectations,
  newCounters,
  PreparedSlots,
  type Slot,
  type SlotSource,
  StaticSlots,
} from './mix.js';
import { runPaced } from './paced.js';
import { preparePool } from './pool.js';
import { redisMissing, startBenchRedis } from './redis-server.js';
import { runWrk, wrkAvailable } from './wrk-load.js';

export interface TargetSummary {
  readonly name: TargetName;
  readonly label: string;
  readonly rounds: readonly RunResult[];
  /** The paced (open-loop) runs at config.pacedRate, one per round. */
  readonly paced: readonly RunResult[];
  readonly rps: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  /** Summed over the measured rounds. */
  readonly errors: number;
  readonly expectedNon2xx: number;
  readonly requests: number;
  readonly serverCpu: number | undefined;
  readonly loadgenCpu: number;
  /** The closed-loop load generator of the rounds. */
  readonly loadgen: RunResult['loadgen'];
  readonly loadgenUsPerRequest: number | undefined;
  readonly serverUsPerRequest: number | undefined;
  /** The sidecar's CPU time per answered request (the `redis` target's redis-server), in µs. */
  readonly sidecarUsPerRequest: number | undefined;
  readonly pacedP50Ms: number | undefined;
  readonly pacedP99Ms: number | undefined;
  readonly peakRssMb: number | undefined;
}

/** The demo data of `serve` (src/reference-impl/demo.ts). */
const DEMO = { token: 'demo-token-all-scopes', apiKey: 'demo-api-key' };
const ALL_200: Expectations = {
  initialize: 200,
  completeWrong: 200,
  completeRight: 200,
  getVerified: 200,
  resend: 200,
  getRequest: 200,
};

interface Target {
  readonly name: TargetName;
  readonly label: string;
  readonly server: ChildServer;
  readonly expect: Expectations;
  /** Slots for one run; the reference needs them prepared beforehand, sized from earlier runs. */
  slotsFor(seconds: number, connections: number): Promise<SlotSource>;
  /** The same for wrk: the prepared slots themselves, or undefined for a stateless target. */
  preparedFor(seconds: number, connections: number): Promise<Slot[] | undefined>;
  /** After each run: the throughput seen, to size the next pool. */
  observe(result: RunResult, connections: number): void;
  /** A process the target started besides its server (the `redis` target's redis-server). */
  readonly sidecar?: { readonly pid: number; stop(): Promise<void> };
}

/** One run: what the load generator saw, plus CPU use of the server and of the load generator. */
export interface RunResult extends RoundResult {
  /** Share of one core, in %. */
  readonly serverCpu: number | undefined;
  readonly loadgenCpu: number;
  /** Which load generator ran: wrk (a separate process), autocannon (this one), or the paced sockets. */
  readonly loadgen: 'wrk' | 'autocannon' | 'paced';
  /** The load generator's CPU time per answered request, in µs. */
  readonly loadgenUsPerRequest: number | undefined;
  /** Server CPU time per answered request, in µs: robust to other load on the machine. */
  readonly serverUsPerRequest: number | undefined;
  /** The sidecar's CPU time per answered request, in µs; undefined without one. */
  readonly sidecarUsPerRequest: number | undefined;
}

/** One counter for every phone of the run, well away from the demo phones (+38050111000x). */
class PhoneCounter {
  #n = 200_000_000;
  fresh = (): string => `+380${String(this.#n++).padStart(9, '0')}`;
  /** A block of `count` numbers for a load generator that counts them itself (wrk); its first. */
  reserve(count: number): number {
    const first = this.#n;
    this.#n += count;
    return first;
  }
}

/**
 * A target holding state (the reference server, in memory or on Redis): slots prepared through
 * the control API before each run (bench/lib/pool.ts), the wrong code answered 403.
 */
function statefulTarget(
  name: TargetName,
  label: string,
  server: ChildServer,
  controlToken: string,
  phones: PhoneCounter,
): Target {
  // Cycles (5 requests) per second by connection count; a first guess, then the best seen.
  const cyclesPerSecond = new Map<number, number>();
  const prepare = (seconds: number, connections: number) => {
    // A generous guess (a slow warm-up must not starve round 1), or the best rate seen.
    const guess = Math.min(2_000, 800 + connections * 100);
    const rate = Math.max(guess, cyclesPerSecond.get(connections) ?? 0);
    const size = Math.ceil(rate * seconds * 1.6) + connections * 2;
    return preparePool({ url: server.url, controlToken, ...DEMO }, size, phones.fresh);
  };
  return {
    name,
    label,
    server,
    expect: { ...ALL_200, completeWrong: 403 },
    slotsFor: async (seconds, connections) => new PreparedSlots(await prepare(seconds, connections), phones),
    preparedFor: prepare,
    observe: (r, connections) => {
      cyclesPerSecond.set(connections, Math.max(cyclesPerSecond.get(connections) ?? 0, r.rps / 5));
    },
  };
}

async function startTarget(name: TargetName, phones: PhoneCounter): Promise<Target> {
  const port = await freePort();
  switch (name) {
    case 'bare': {
      const server = await spawnServer(
        name,
        ['--import', 'tsx', 'bench/servers/bare.ts', '--port', String(port)],
        port,
      );
      const slots = new StaticSlots(100_000_000);
      return {
        name,
        label: 'bare node:http (baseline)',
        server,
        expect: ALL_200,
        slotsFor: async () => slots,
        preparedFor: async () => undefined,
        observe: () => {},
      };
    }
    case 'reference': {
      const { server, controlToken } = await spawnReferenceServer(port);
      return statefulTarget(name, 'reference (`serve`, demo data)', server, controlToken, phones);
    }
    case 'redis': {
      // Its own redis-server, stopped with the target; `serve` otherwise exactly as `reference`.
      const redis = await startBenchRedis();
      try {
        const { server, controlToken } = await spawnReferenceServer(port, [], ['--store', redis.url]);
        const label = 'reference on Redis (`serve --store redis://…`, local redis-server)';
        return { ...statefulTarget(name, label, server, controlToken, phones), sidecar: redis };
      } catch (error) {
        await redis.stop();
        throw error;
      }
    }
    case 'prism': {
      const server = await spawnServer(name, prismArgs(port), port);
      const slots = new StaticSlots(300_000_000);
      return {
        name,
        label: 'Prism mock (same spec)',
        server,
        expect: ALL_200,
        slotsFor: async () => slots,
        preparedFor: async () => undefined,
        observe: () => {},
      };
    }
  }
}

/** Fresh phones one closed-loop wrk run may use at most (it counts them itself). */
const WRK_PHONE_BLOCK = 20_000_000;

async function runOnce(
  target: Target,
  phones: PhoneCounter,
  seconds: number,
  connections: number,
  pacedRate = 0,
): Promise<RunResult> {
  // Closed loop from wrk where it is installed; the open-loop (paced) run keeps its own sockets.
  const viaWrk = pacedRate === 0 && wrkAvailable();
  const counters = newCounters();
  let runLoadgen: () => Promise<RoundResult & { loadgenCpuSeconds?: number }>;
  if (viaWrk) {
    const slots = await target.preparedFor(seconds, connections);
    // A stateful target (prepared slots) counts fresh phones for initialize; a stateless one any.
    const firstPhone = slots === undefined ? 100_000_000 : phones.reserve(WRK_PHONE_BLOCK);
    runLoadgen = () =>
      runWrk(target.server.url, { seconds, connections, credentials: DEMO, slots, firstPhone });
  } else {
    const requests = buildMix(await target.slotsFor(seconds, connections), target.expect, counters, DEMO);
    runLoadgen = () =>
      pacedRate > 0
        ? runPaced(target.server.url, requests, counters, { seconds, connections, rate: pacedRate })
        : runLoad(target.server.url, requests, counters, { seconds, connections });
  }
  const serverBefore = await processCpuSeconds(target.server.pid);
  const sidecarCpu = async () =>
    target.sidecar === undefined ? undefined : processCpuSeconds(target.sidecar.pid);
  const sidecarBefore = await sidecarCpu();
  const ownBefore = ownCpuSeconds();
  const began = performance.now();
  const load = await runLoadgen();
  const wall = (performance.now() - began) / 1000;
  const serverAfter = await processCpuSeconds(target.server.pid);
  const sidecarAfter = await sidecarCpu();
  const loadgenSeconds = load.loadgenCpuSeconds ?? ownCpuSeconds() - ownBefore;
  const result: RunResult = {
    ...load,
    loadgen: viaWrk ? 'wrk' : pacedRate > 0 ? 'paced' : 'autocannon',
    serverCpu:
      serverBefore === undefined || serverAfter === undefined
        ? undefined
        : ((serverAfter - serverBefore) / wall) * 100,
    loadgenCpu: (loadgenSeconds / wall) * 100,
    loadgenUsPerRequest: load.requests === 0 ? undefined : (loadgenSeconds / load.requests) * 1e6,
    serverUsPerRequest:
      serverBefore === undefined || serverAfter === undefined || load.requests === 0
        ? undefined
        : ((serverAfter - serverBefore) / load.requests) * 1e6,
    sidecarUsPerRequest:
      sidecarBefore === undefined || sidecarAfter === undefined || load.requests === 0
        ? undefined
        : ((sidecarAfter - sidecarBefore) / load.requests) * 1e6,
  };
  if (pacedRate === 0) target.observe(result, connections);
  return result;
}

const medianOf = (runs: readonly RunResult[], pick: (r: RunResult) => number | undefined) => {
  const values = runs.map(pick).filter((v): v is number => v !== undefined);
  return values.length === 0 ? undefined : median(values);
};

function summarize(
  target: Target,
  rounds: readonly RunResult[],
  paced: readonly RunResult[],
  peakRssMb: number | undefined,
): TargetSummary {
  return {
    name: target.name,
    label: target.label,
    rounds,
    paced,
    rps: median(rounds.map((r) => r.rps)),
    p50Ms: median(rounds.map((r) => r.p50Ms)),
    p99Ms: median(rounds.map((r) => r.p99Ms)),
    maxMs: median(rounds.map((r) => r.maxMs)),
    errors: [...rounds, ...paced].reduce((s, r) => s + r.errors, 0),
    expectedNon2xx: rounds.reduce((s, r) => s + r.expectedNon2xx, 0),
    requests: rounds.reduce((s, r) => s + r.requests, 0),
    serverCpu: medianOf(rounds, (r) => r.serverCpu),
    loadgenCpu: median(rounds.map((r) => r.loadgenCpu)),
    loadgen: rounds[0]?.loadgen ?? 'autocannon',
    loadgenUsPerRequest: medianOf(rounds, (r) => r.loadgenUsPerRequest),
    serverUsPerRequest: medianOf(rounds, (r) => r.serverUsPerRequest),
    sidecarUsPerRequest: medianOf(rounds, (r) => r.sidecarUsPerRequest),
    pacedP50Ms: medianOf(paced, (r) => r.p50Ms),
    pacedP99Ms: medianOf(paced, (r) => r.p99Ms),
    peakRssMb,
  };
}

const fmt = (r: RunResult): string =>
  `${r.rps.toFixed(0)} req/s, p50 ${r.p50Ms.toFixed(2)} ms, p99 ${r.p99Ms.toFixed(2)} ms, ` +
  `max ${r.maxMs.toFixed(1)} ms, errors ${r.errors}, expected 403 ${r.expectedNon2xx}, ` +
  `CPU server ${r.serverCpu?.toFixed(0) ?? '?'} % (${r.serverUsPerRequest?.toFixed(0) ?? '?'} µs/request) / ` +
  `${r.loadgen} ${r.loadgenCpu.toFixed(0)} % (${r.loadgenUsPerRequest?.toFixed(0) ?? '?'} µs/request)` +
  (r.sidecarUsPerRequest === undefined
    ? ''
    : `, redis-server ${r.sidecarUsPerRequest.toFixed(0)} µs/request`);

/**
 * Every server in its own child process; autocannon in this one. Targets are interleaved within
 * each round, so background load on the machine weighs on all of them alike.
 */
export async function runThroughput(
  config: BenchConfig,
  log: (line: string) => void,
): Promise<TargetSummary[]> {
  const phones = new PhoneCounter();
  const targets: Target[] = [];
  // A run whose prepared pool ran dry is repeated once (its pool is sized from the best rate seen).
  const measured = async (target: Target, what: string, pacedRate = 0): Promise<RunResult> => {
    let r = await runOnce(target, phones, config.seconds, config.connections, pacedRate);
    if (r.poolExhausted > 0) {
      log(`${what}: prepared pool ran dry (${r.poolExhausted}), repeating`);
      r = await runOnce(target, phones, config.seconds, config.connections, pacedRate);
    }
    log(`${what}: ${fmt(r)}`);
    for (const s of r.samples) log(`  unexpected: ${s}`);
    return r;
  };
  try {
    for (const name of config.targets) {
      const missing = name === 'redis' ? redisMissing() : undefined;
      if (missing !== undefined) {
        log(`skipping redis: ${missing}`);
        continue;
      }
      log(`starting ${name}…`);
      targets.push(await startTarget(name, phones));
    }
    if (config.warmupSeconds > 0) {
      for (const target of targets) {
        const r = await runOnce(target, phones, config.warmupSeconds, config.connections);
        log(`warm-up ${target.name}: ${fmt(r)}`);
      }
    }
    const rounds = new Map<TargetName, RunResult[]>(targets.map((t) => [t.name, []]));
    const paced = new Map<TargetName, RunResult[]>(targets.map((t) => [t.name, []]));
    for (let round = 1; round <= config.rounds; round++) {
      for (const target of targets) {
        rounds.get(target.name)?.push(await measured(target, `round ${round} ${target.name}`));
        if (config.pacedRate > 0) {
          const what = `round ${round} ${target.name} paced at ${config.pacedRate} req/s`;
          paced.get(target.name)?.push(await measured(target, what, config.pacedRate));
        }
      }
    }
    const out: TargetSummary[] = [];
    for (const target of targets) {
      out.push(
        summarize(
          target,
          rounds.get(target.name) ?? [],
          paced.get(target.name) ?? [],
          await target.server.peakRssMb(),
        ),
      );
    }
    return out;
  } finally {
    await Promise.all(
      targets.map(async (t) => {
        await t.server.stop();
        await t.sidecar?.stop();
      }),
    );
  }
}
