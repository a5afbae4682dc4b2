import { type ChildServer, freePort, spawnReferenceServer, spawnServer } from './child-server.js';
import type { BenchConfig, TargetName } from './config.js';
import { ownCpuSeconds, processCpuSeconds } from './cpu.js';
import { median, type RoundResult, runLoad } from './load.js';
import {
  buildMix,
  type Expectations,
  newCounters,
  PreparedSlots,
  type SlotSource,
  StaticSlots,
} from './mix.js';
import { runPaced } from './paced.js';
import { preparePool } from './pool.js';

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
  readonly serverUsPerRequest: number | undefined;
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
  /** After each run: the throughput seen, to size the next pool. */
  observe(result: RunResult, connections: number): void;
}

/** One run: what the load generator saw, plus CPU use of the server and of the load generator. */
export interface RunResult extends RoundResult {
  /** Share of one core, in %. */
  readonly serverCpu: number | undefined;
  readonly loadgenCpu: number;
  /** Server CPU time per answered request, in µs: robust to other load on the machine. */
  readonly serverUsPerRequest: number | undefined;
}

/** One counter for every phone of the run, well away from the demo phones (+38050111000x). */
class PhoneCounter {
  #n = 200_000_000;
  fresh = (): string => `+380${String(this.#n++).padStart(9, '0')}`;
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
        observe: () => {},
      };
    }
    case 'reference': {
      const { server, controlToken } = await spawnReferenceServer(port);
      // Cycles (5 requests) per second by connection count; a first guess, then the best seen.
      const cyclesPerSecond = new Map<number, number>();
      return {
        name,
        label: 'reference (`serve`, demo data)',
        server,
        expect: { ...ALL_200, completeWrong: 403 },
        slotsFor: async (seconds, connections) => {
          // A generous guess (a slow warm-up must not starve round 1), or the best rate seen.
          const guess = Math.min(2_000, 800 + connections * 100);
          const rate = Math.max(guess, cyclesPerSecond.get(connections) ?? 0);
          const size = Math.ceil(rate * seconds * 1.6) + connections * 2;
          const slots = await preparePool({ url: server.url, controlToken, ...DEMO }, size, phones.fresh);
          return new PreparedSlots(slots, phones);
        },
        observe: (r, connections) => {
          cyclesPerSecond.set(connections, Math.max(cyclesPerSecond.get(connections) ?? 0, r.rps / 5));
        },
      };
    }
    case 'prism': {
      const server = await spawnServer(
        name,
        [
          'node_modules/@stoplight/prism-cli/dist/index.js',
          'mock',
          'openapi/ehealth-otp.yaml',
          '--port',
          String(port),
          '--host',
          '127.0.0.1',
          // Prism logs every request at "info"; quiet it so logging does not weigh on its figures.
          '--verboseLevel',
          'error',
        ],
        port,
      );
      const slots = new StaticSlots(300_000_000);
      return {
        name,
        label: 'Prism mock (same spec)',
        server,
        expect: ALL_200,
        slotsFor: async () => slots,
        observe: () => {},
      };
    }
  }
}

async function runOnce(
  target: Target,
  seconds: number,
  connections: number,
  pacedRate = 0,
): Promise<RunResult> {
  const slots = await target.slotsFor(seconds, connections);
  const counters = newCounters();
  const requests = buildMix(slots, target.expect, counters, DEMO);
  const serverBefore = await processCpuSeconds(target.server.pid);
  const ownBefore = ownCpuSeconds();
  const began = performance.now();
  const load =
    pacedRate > 0
      ? await runPaced(target.server.url, requests, counters, { seconds, connections, rate: pacedRate })
      : await runLoad(target.server.url, requests, counters, { seconds, connections });
  const wall = (performance.now() - began) / 1000;
  const serverAfter = await processCpuSeconds(target.server.pid);
  const result: RunResult = {
    ...load,
    serverCpu:
      serverBefore === undefined || serverAfter === undefined
        ? undefined
        : ((serverAfter - serverBefore) / wall) * 100,
    loadgenCpu: ((ownCpuSeconds() - ownBefore) / wall) * 100,
    serverUsPerRequest:
      serverBefore === undefined || serverAfter === undefined || load.requests === 0
        ? undefined
        : ((serverAfter - serverBefore) / load.requests) * 1e6,
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
    serverUsPerRequest: medianOf(rounds, (r) => r.serverUsPerRequest),
    pacedP50Ms: medianOf(paced, (r) => r.p50Ms),
    pacedP99Ms: medianOf(paced, (r) => r.p99Ms),
    peakRssMb,
  };
}

const fmt = (r: RunResult): string =>
  `${r.rps.toFixed(0)} req/s, p50 ${r.p50Ms.toFixed(2)} ms, p99 ${r.p99Ms.toFixed(2)} ms, ` +
  `max ${r.maxMs.toFixed(1)} ms, errors ${r.errors}, expected 403 ${r.expectedNon2xx}, ` +
  `CPU server ${r.serverCpu?.toFixed(0) ?? '?'} % (${r.serverUsPerRequest?.toFixed(0) ?? '?'} µs/request) / ` +
  `load generator ${r.loadgenCpu.toFixed(0)} %`;

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
    let r = await runOnce(target, config.seconds, config.connections, pacedRate);
    if (r.poolExhausted > 0) {
      log(`${what}: prepared pool ran dry (${r.poolExhausted}), repeating`);
      r = await runOnce(target, config.seconds, config.connections, pacedRate);
    }
    log(`${what}: ${fmt(r)}`);
    for (const s of r.samples) log(`  unexpected: ${s}`);
    return r;
  };
  try {
    for (const name of config.targets) {
      log(`starting ${name}…`);
      targets.push(await startTarget(name, phones));
    }
    if (config.warmupSeconds > 0) {
      for (const target of targets) {
        const r = await runOnce(target, config.warmupSeconds, config.connections);
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
    await Promise.all(targets.map((t) => t.server.stop()));
  }
}
