/**
 * CPU profile of the reference server under the bench mix: `npx tsx bench/profile.ts`.
 * Starts `serve` with `node --cpu-prof`, runs the mix (from wrk where installed, as the
 * throughput runs do; else autocannon) for BENCH_SECONDS (default 5) after a
 * warm-up, stops the server (the profile is written on exit) and prints the functions and files
 * with the most self time. The .cpuprofile stays in the printed directory (open it in Chrome
 * DevTools or speedscope). BENCH_PROFILE_BUILT=1 profiles the built CLI (`dist/cli/main.js serve`,
 * `npm run build` first) instead of `src/` through tsx: the same code, with its own line numbers.
 */
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, spawnReferenceServer } from './lib/child-server.js';
import { runLoad } from './lib/load.js';
import { buildMix, newCounters, PreparedSlots, WRONG_CODE } from './lib/mix.js';
import { preparePool } from './lib/pool.js';
import { runWrk, wrkAvailable } from './lib/wrk-load.js';

interface ProfileNode {
  id: number;
  children?: number[];
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  /** Microseconds since the previous sample. */
  timeDeltas: number[];
}

process.chdir(resolve(dirname(fileURLToPath(import.meta.url)), '..'));
const seconds = Number(process.env.BENCH_SECONDS ?? 5);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 50);
const demo = { token: 'demo-token-all-scopes', apiKey: 'demo-api-key' };

const dir = await mkdtemp(join(os.tmpdir(), 'ehealth-otp-kit-prof-'));
const port = await freePort();
const { server, controlToken } = await spawnReferenceServer(
  port,
  ['--cpu-prof', '--cpu-prof-dir', dir],
  [],
  process.env.BENCH_PROFILE_BUILT === '1' ? ['dist/cli/main.js'] : undefined,
);
let n = 400_000_000;
const phones = { fresh: () => `+380${String(n++).padStart(9, '0')}` };
const expect = {
  initialize: 200,
  completeWrong: 403,
  completeRight: 200,
  getVerified: 200,
  resend: 200,
  getRequest: 200,
} as const;
// Driver-side times (ms) of the profiled run and of the server's exit, to cut the profile to that window.
let loadStart = 0;
let loadEnd = 0;
try {
  for (const [label, secs] of [
    ['warm-up', 2],
    ['profiled', seconds],
  ] as const) {
    // A slot per five requests; 4,000 slots a second covers 20,000 req/s.
    const slots = await preparePool({ url: server.url, controlToken, ...demo }, 4_000 * secs, phones.fresh);
    const counters = newCounters();
    loadStart = performance.now();
    const r = wrkAvailable()
      ? await runWrk(server.url, {
          seconds: secs,
          connections,
          credentials: demo,
          slots,
          firstPhone: 500_000_000,
        })
      : await runLoad(
          server.url,
          buildMix(new PreparedSlots(slots, phones), expect, counters, demo),
          counters,
          {
            seconds: secs,
            connections,
          },
        );
    loadEnd = performance.now();
    process.stdout.write(
      `${label}: ${r.rps.toFixed(0)} req/s, p50 ${r.p50Ms.toFixed(2)} ms, p99 ${r.p99Ms.toFixed(2)} ms, ` +
        `errors ${r.errors} (wrong code ${WRONG_CODE} → 403 ×${r.expectedNon2xx})\n`,
    );
  }
} finally {
  await server.stop();
}
const exitAt = performance.now();

const file = (await readdir(dir)).find((f) => f.endsWith('.cpuprofile'));
if (file === undefined) throw new Error(`no .cpuprofile in ${dir}`);
const profile = JSON.parse(await readFile(join(dir, file), 'utf8')) as CpuProfile;
// The profile ends when the server exits: count only the samples taken during the profiled run.
const windowStart = profile.endTime - (exitAt - loadStart) * 1000;
const windowEnd = profile.endTime - (exitAt - loadEnd) * 1000;
const hitsById = new Map<number, number>();
let t = profile.startTime;
let total = 0;
profile.samples.forEach((id, i) => {
  t += profile.timeDeltas[i] ?? 0;
  if (t < windowStart || t > windowEnd) return;
  hitsById.set(id, (hitsById.get(id) ?? 0) + 1);
  total++;
});
const byFunction = new Map<string, number>();
const byFile = new Map<string, number>();
const cwd = process.cwd();
for (const node of profile.nodes) {
  const hits = hitsById.get(node.id) ?? 0;
  if (hits === 0) continue;
  const { functionName, url, lineNumber } = node.callFrame;
  const where = url.replace(`file://${cwd}/`, '').replace(/^node:/, 'node:');
  const fn = `${functionName || '(anonymous)'}  ${where || '(native)'}:${lineNumber + 1}`;
  byFunction.set(fn, (byFunction.get(fn) ?? 0) + hits);
  const key = where.startsWith('node_modules/')
    ? where
        .split('/')
        .slice(0, where.startsWith('node_modules/@') ? 3 : 2)
        .join('/')
    : where || functionName;
  byFile.set(key, (byFile.get(key) ?? 0) + hits);
}
const top = (m: Map<string, number>, k: number) =>
  [...m.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, k)
    .map(([name, hits]) => `${((hits / total) * 100).toFixed(1).padStart(5)} %  ${name}`)
    .join('\n');
process.stdout.write(`\nself time by function (top 30 of ${total} samples):\n${top(byFunction, 30)}\n`);
// Inclusive time of the project's own functions: a sample counts once for each function on its stack.
const parent = new Map<number, number>();
for (const node of profile.nodes) for (const c of node.children ?? []) parent.set(c, node.id);
const nodeById = new Map(profile.nodes.map((node) => [node.id, node]));
const inclusive = new Map<string, number>();
for (const [id, hits] of hitsById) {
  const seen = new Set<string>();
  for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
    const frame = nodeById.get(at)?.callFrame;
    if (frame === undefined || !/^(?:src|dist)\//.test(frame.url.replace(`file://${cwd}/`, ''))) continue;
    const name = `${frame.functionName || '(anonymous)'}  ${frame.url.replace(`file://${cwd}/`, '')}:${frame.lineNumber + 1}`;
    if (seen.has(name)) continue;
    seen.add(name);
    inclusive.set(name, (inclusive.get(name) ?? 0) + hits);
  }
}
process.stdout.write(`\ninclusive time of src/ functions:\n${top(inclusive, 25)}\n`);
process.stdout.write(`\nself time by file:\n${top(byFile, 25)}\n\nprofile: ${join(dir, file)}\n`);
