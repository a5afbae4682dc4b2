import { randomUUID } from 'node:crypto';
import { type ChildServer, freePort, spawnServer } from './child-server.js';
import type { BenchConfig, TargetName } from './config.js';
import { median, type RoundResult, runLoad } from './load.js';
import {
  buildMix,
  type Expectations,
  newCounters,
  PreparedSlots,
  type SlotSource,
  StaticSlots,
} from './mix.js';
import { preparePool } from './pool.js';

export interface TargetSummary {
  readonly name: TargetName;
  readonly label: string;
  readonly rounds: readonly RoundResult[];
  readonly rps: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  /** Summed over the measured rounds. */
  readonly errors: number;
  readonly expectedNon2xx: number;
  readonly requests: number;
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
};

interface Target {
  readonly name: TargetName;
  readonly label: string;
  readonly server: ChildServer;
  readonly expect: Expectations;
  /** Slots for one run of `seconds`; the reference needs them prepared beforehand. */
  slotsFor(seconds: number): Promise<SlotSource>;
  /** After each run: the throughput seen, to size the next pool. */
  observe(result: RoundResult): void;
}

/** One counter for every phone of the run, well away from the demo phones (+38050111000x). */
class PhoneCounter {
  #n = 200_000_000;
  fresh = (): string => `+380${String(this.#n++).padStart(9, '0')}`;
}

async function startTarget(name: TargetName, phones: PhoneCounter, connections: number): Promise<Target> {
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
      const controlToken = randomUUID();
      const server = await spawnServer(
        name,
        [
          '--import',
          'tsx',
          'src/cli/main.ts',
          'serve',
          '--port',
          String(port),
          '--control-token',
          controlToken,
        ],
        port,
      );
      // Cycles (5 requests) per second; a first guess, then the best seen so far.
      let cyclesPerSecond = 2_000;
      return {
        name,
        label: 'reference (`serve`, demo data)',
        server,
        expect: { ...ALL_200, completeWrong: 403 },
        slotsFor: async (seconds) => {
          const size = Math.ceil(cyclesPerSecond * seconds * 1.6) + connections * 2;
          const slots = await preparePool({ url: server.url, controlToken, ...DEMO }, size, phones.fresh);
          return new PreparedSlots(slots, phones);
        },
        observe: (r) => {
          cyclesPerSecond = Math.max(cyclesPerSecond, r.rps / 5);
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

async function runOnce(target: Target, seconds: number, connections: number): Promise<RoundResult> {
  const slots = await target.slotsFor(seconds);
  const counters = newCounters();
  const requests = buildMix(slots, target.expect, counters, DEMO);
  const result = await runLoad(target.server.url, requests, counters, { seconds, connections });
  target.observe(result);
  return result;
}

function summarize(
  target: Target,
  rounds: readonly RoundResult[],
  peakRssMb: number | undefined,
): TargetSummary {
  return {
    name: target.name,
    label: target.label,
    rounds,
    rps: median(rounds.map((r) => r.rps)),
    p50Ms: median(rounds.map((r) => r.p50Ms)),
    p99Ms: median(rounds.map((r) => r.p99Ms)),
    maxMs: median(rounds.map((r) => r.maxMs)),
    errors: rounds.reduce((s, r) => s + r.errors, 0),
    expectedNon2xx: rounds.reduce((s, r) => s + r.expectedNon2xx, 0),
    requests: rounds.reduce((s, r) => s + r.requests, 0),
    peakRssMb,
  };
}

const fmt = (r: RoundResult): string =>
  `${r.rps.toFixed(0)} req/s, p50 ${r.p50Ms.toFixed(2)} ms, p99 ${r.p99Ms.toFixed(2)} ms, ` +
  `max ${r.maxMs.toFixed(1)} ms, errors ${r.errors}, expected 403 ${r.expectedNon2xx}`;

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
  try {
    for (const name of config.targets) {
      log(`starting ${name}…`);
      targets.push(await startTarget(name, phones, config.connections));
    }
    if (config.warmupSeconds > 0) {
      for (const target of targets) {
        const r = await runOnce(target, config.warmupSeconds, config.connections);
        log(`warm-up ${target.name}: ${fmt(r)}`);
      }
    }
    const rounds = new Map<TargetName, RoundResult[]>(targets.map((t) => [t.name, []]));
    for (let round = 1; round <= config.rounds; round++) {
      for (const target of targets) {
        let r = await runOnce(target, config.seconds, config.connections);
        if (r.poolExhausted > 0) {
          // The pool was sized from the best rate seen so far; the run outpaced it. Once more.
          log(`round ${round} ${target.name}: prepared pool ran dry (${r.poolExhausted}), repeating`);
          r = await runOnce(target, config.seconds, config.connections);
        }
        rounds.get(target.name)?.push(r);
        log(`round ${round} ${target.name}: ${fmt(r)}`);
        for (const s of r.samples) log(`  unexpected: ${s}`);
      }
    }
    const out: TargetSummary[] = [];
    for (const target of targets) {
      out.push(summarize(target, rounds.get(target.name) ?? [], await target.server.peakRssMb()));
    }
    return out;
  } finally {
    await Promise.all(targets.map((t) => t.server.stop()));
  }
}
