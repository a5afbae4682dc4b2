/**
 * Before/after of a hot-path change, interleaved in one session: `npx tsx bench/ab.ts <checkout>
 * [<checkout>]` starts `serve` from another checkout of the kit (e.g. `git worktree add
 * /tmp/before main`, with its own node_modules or a symlink to these) and from this one (or the
 * second one given: two copies of the same tree make an A/A run, which shows the noise), then
 * alternates wrk runs of the bench mix against the two, in ABBA order (who goes first changes
 * every round), BENCH_ROUNDS (5) × BENCH_SECONDS (3), and prints each run's server CPU µs per
 * request and the medians. Needs wrk (bench/lib/wrk-load.ts). Both servers run
 * as `serve` does by default (demo mode, request log on, to /dev/null).
 */
import { randomUUID } from 'node:crypto';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type ChildServer, freePort, spawnServer } from './lib/child-server.js';
import { processCpuSeconds } from './lib/cpu.js';
import { median } from './lib/load.js';
import { preparePool } from './lib/pool.js';
import { runWrk, wrkAvailable } from './lib/wrk-load.js';

process.chdir(resolve(dirname(fileURLToPath(import.meta.url)), '..'));
const other = process.argv[2];
if (other === undefined || !wrkAvailable()) {
  process.stderr.write('usage: npx tsx bench/ab.ts <other checkout>  (needs wrk)\n');
  process.exit(2);
}
const seconds = Number(process.env.BENCH_SECONDS ?? 3);
const rounds = Number(process.env.BENCH_ROUNDS ?? 5);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 50);
const demo = { token: 'demo-token-all-scopes', apiKey: 'demo-api-key' };

interface Side {
  readonly label: string;
  readonly server: ChildServer;
  readonly controlToken: string;
  readonly usPerRequest: number[];
}

async function start(label: string, root: string): Promise<Side> {
  const port = await freePort();
  const controlToken = randomUUID();
  const main = join(root, 'src/cli/main.ts');
  const args = ['--import', 'tsx', main, 'serve', '--port', String(port), '--control-token', controlToken];
  return { label, server: await spawnServer(label, args, port), controlToken, usPerRequest: [] };
}

let n = 600_000_000;
const fresh = () => `+380${String(n++).padStart(9, '0')}`;
const second = process.argv[3];
const sides = [
  await start(`before (${other})`, resolve(other)),
  await start(`after (${second ?? 'this checkout'})`, second === undefined ? '.' : resolve(second)),
];
try {
  for (let round = 0; round <= rounds; round++) {
    for (const side of round % 2 === 0 ? sides : [...sides].reverse()) {
      const target = { url: side.server.url, controlToken: side.controlToken, ...demo };
      // A slot per five requests: 6,000 a second covers 30,000 req/s.
      const slots = await preparePool(target, 6_000 * seconds, fresh);
      const before = await processCpuSeconds(side.server.pid);
      const r = await runWrk(side.server.url, {
        seconds,
        connections,
        credentials: demo,
        slots,
        firstPhone: n,
      });
      n += 20_000_000;
      const after = await processCpuSeconds(side.server.pid);
      const us =
        before === undefined || after === undefined ? Number.NaN : ((after - before) / r.requests) * 1e6;
      // Round 0 warms both up and is not counted.
      if (round > 0) side.usPerRequest.push(us);
      process.stdout.write(
        `${round === 0 ? 'warm-up' : `round ${round}`} ${side.label}: ${r.rps.toFixed(0)} req/s, ` +
          `${us.toFixed(1)} µs/request, errors ${r.errors}, pool dry ${r.poolExhausted}\n`,
      );
    }
  }
  const [a, b] = sides.map((s) => median(s.usPerRequest)) as [number, number];
  process.stdout.write(
    `\nmedian server CPU per request: before ${a.toFixed(1)} µs, after ${b.toFixed(1)} µs ` +
      `(${(((b - a) / a) * 100).toFixed(0)} %)\n`,
  );
} finally {
  await Promise.all(sides.map((s) => s.server.stop()));
}
