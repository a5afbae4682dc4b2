/**
 * Before/after of a hot-path change, interleaved in one session: `npx tsx bench/ab.ts <side>
 * [<side>…]` starts each side's server and alternates wrk runs of the bench mix against them,
 * in a rotating order (who goes first changes every round), BENCH_ROUNDS (5) × BENCH_SECONDS (3)
 * after a warm-up round, and prints each run's server CPU µs per request (user and system apart)
 * and the medians, each side against the first. With one side given, this checkout is the second.
 *
 * A side is a checkout of the kit (`git worktree add /tmp/before main`, with its own
 * node_modules or a symlink to these): `<checkout>` runs its `src/cli/main.ts serve` through tsx,
 * `dist:<checkout>` its built CLI (`dist/cli/main.js serve`, as installed: `npm run build` there
 * first); `bare` is the bench's bare node:http server (bench/servers/bare.ts), given the stateless
 * mix as in the throughput runs. Two copies of the same tree make an A/A run, which shows the
 * noise. Every `serve` runs as by default (demo mode, request log on, to /dev/null), plus the
 * words of AB_SERVE_ARGS and the words after the checkout in its own side (one argument:
 * `'dist:. --log-level silent'`, to see what a part costs), and its `node:<flag>` words to node
 * (`'node:--max-semi-space-size=64 dist:.'`). Needs wrk (bench/lib/wrk-load.ts).
 */
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type ChildServer, freePort, spawnReferenceServer, spawnServer } from './lib/child-server.js';
import { processCpuSplit } from './lib/cpu.js';
import { median } from './lib/load.js';
import { preparePool } from './lib/pool.js';
import { runWrk, wrkAvailable } from './lib/wrk-load.js';

process.chdir(resolve(dirname(fileURLToPath(import.meta.url)), '..'));
const given = process.argv.slice(2);
if (given.length === 0 || !wrkAvailable()) {
  process.stderr.write(
    'usage: npx tsx bench/ab.ts <side> [<side>…]  (side: checkout, dist:checkout, bare; needs wrk)\n',
  );
  process.exit(2);
}
const seconds = Number(process.env.BENCH_SECONDS ?? 3);
const rounds = Number(process.env.BENCH_ROUNDS ?? 5);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 50);
const serveArgs = (process.env.AB_SERVE_ARGS ?? '').split(' ').filter((w) => w !== '');
const demo = { token: 'demo-token-all-scopes', apiKey: 'demo-api-key' };

interface Side {
  readonly label: string;
  readonly server: ChildServer;
  /** Undefined for the bare server: no control API, the stateless mix. */
  readonly controlToken: string | undefined;
  readonly total: number[];
  readonly user: number[];
  readonly system: number[];
}

async function start(spec: string): Promise<Side> {
  const port = await freePort();
  const runs = { total: [], user: [], system: [] };
  if (spec === 'bare') {
    const args = ['--import', 'tsx', 'bench/servers/bare.ts', '--port', String(port)];
    return { label: 'bare', server: await spawnServer('bare', args, port), controlToken: undefined, ...runs };
  }
  const words = spec.split(' ').filter((w) => w !== '');
  // `node:<flag>` words (e.g. `node:--max-semi-space-size=64`) go to node, before the entry.
  const nodeFlags = words.filter((w) => w.startsWith('node:')).map((w) => w.slice('node:'.length));
  const [checkout = '.', ...own] = words.filter((w) => !w.startsWith('node:'));
  const built = checkout.startsWith('dist:');
  const root = resolve(built ? checkout.slice('dist:'.length) : checkout);
  const entry = built ? [join(root, 'dist/cli/main.js')] : ['--import', 'tsx', join(root, 'src/cli/main.ts')];
  const { server, controlToken } = await spawnReferenceServer(
    port,
    nodeFlags,
    [...serveArgs, ...own],
    entry,
    spec,
  );
  return { label: spec, server, controlToken, ...runs };
}

// Fresh phones for the pools and for wrk, apart per run: a run uses well under 2,000,000 of them.
let n = 100_000_000;
const fresh = () => `+380${String(n++).padStart(9, '0')}`;
const sides: Side[] = [];
try {
  for (const spec of given.length === 1 ? [given[0] as string, '.'] : given) sides.push(await start(spec));
  for (let round = 0; round <= rounds; round++) {
    const shift = round % sides.length;
    const order = round % 2 === 0 ? [...sides.slice(shift), ...sides.slice(0, shift)] : [...sides].reverse();
    for (const side of order) {
      // A slot per five requests: 6,000 a second covers 30,000 req/s.
      const slots =
        side.controlToken === undefined
          ? undefined
          : await preparePool(
              { url: side.server.url, controlToken: side.controlToken, ...demo },
              6_000 * seconds,
              fresh,
            );
      const before = await processCpuSplit(side.server.pid);
      const r = await runWrk(side.server.url, {
        seconds,
        connections,
        credentials: demo,
        slots,
        firstPhone: n,
      });
      n += 2_000_000;
      const after = await processCpuSplit(side.server.pid);
      const per = (s: number) => (s / r.requests) * 1e6;
      const user = before === undefined || after === undefined ? Number.NaN : per(after.user - before.user);
      const system =
        before === undefined || after === undefined ? Number.NaN : per(after.system - before.system);
      // Round 0 warms every side up and is not counted.
      if (round > 0) {
        side.total.push(user + system);
        side.user.push(user);
        side.system.push(system);
      }
      process.stdout.write(
        `${round === 0 ? 'warm-up' : `round ${round}`} ${side.label}: ${r.rps.toFixed(0)} req/s, ` +
          `${(user + system).toFixed(1)} µs/request (user ${user.toFixed(1)}, system ${system.toFixed(1)}), ` +
          `p99 ${r.p99Ms.toFixed(2)} ms, errors ${r.errors}, pool dry ${r.poolExhausted}\n`,
      );
    }
  }
  const first = median(sides[0]?.total ?? []);
  process.stdout.write('\nmedian server CPU per request:\n');
  for (const side of sides) {
    const m = median(side.total);
    process.stdout.write(
      `  ${side.label}: ${m.toFixed(1)} µs (user ${median(side.user).toFixed(1)}, system ${median(side.system).toFixed(1)}), ` +
        `${(m / first).toFixed(2)}× the first (${(((m - first) / first) * 100).toFixed(0)} %)\n`,
    );
  }
} finally {
  await Promise.all(sides.map((s) => s.server.stop()));
}
