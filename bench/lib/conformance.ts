import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { freePort, spawnReferenceServer } from './child-server.js';
import { processCpuSeconds } from './cpu.js';
import { median } from './load.js';

export type ConformanceReport =
  | { readonly available: false; readonly reason: string }
  | {
      readonly available: true;
      readonly runs: readonly {
        readonly seconds: number;
        readonly exitCode: number | null;
        /** CPU (user + system) of the `conform` process and of the server during it; undefined off Linux. */
        readonly clientCpuSeconds?: number | undefined;
        readonly serverCpuSeconds?: number | undefined;
      }[];
      readonly medianSeconds: number;
      /** The summary line the suite printed on its last run, when there was one. */
      readonly lastSummary: string;
    };

/** The CLI as the package ships it (`bin` in package.json): what `npx ehealth-otp-kit conform` runs. */
export const BUILT_CLI = 'dist/cli/main.js';

/** Runs a program to its end; its exit code and the tail of stdout and stderr, interleaved. */
export function runCollected(
  command: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, [...args], { stdio: ['ignore', 'pipe', 'pipe'], env });
    let out = '';
    const keep = (chunk: Buffer) => {
      out = (out + chunk.toString('utf8')).slice(-8000);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, output: out }));
  });
}

/** `npm run build` (tsc into dist/), so the timing is of the JavaScript users install, not of tsx. */
export async function buildCli(log: (line: string) => void): Promise<string | undefined> {
  log('conformance: npm run build (the timed CLI is dist/cli/main.js, as installed)…');
  const { code, output } = await runCollected('npm', ['run', 'build']);
  if (code !== 0 || !existsSync(BUILT_CLI)) return `npm run build failed (exit ${code}):\n${output}`;
  return undefined;
}

/**
 * CPU seconds of this process's children that have ended and been waited for (cutime + cstime of
 * /proc/self/stat): across one `conform` child, the growth is that child's own CPU, since the
 * server it runs against is still alive. Undefined off Linux.
 */
async function endedChildrenCpuSeconds(): Promise<number | undefined> {
  try {
    const stat = await readFile('/proc/self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[13]) + Number(fields[14])) / 100;
  } catch {
    return undefined;
  }
}

const minus = (after: number | undefined, before: number | undefined): number | undefined =>
  after === undefined || before === undefined ? undefined : after - before;

/**
 * Wall time of the whole conformance run as a user gets it: the built CLI as a child process
 * (process start and module loading included) against a freshly started reference server with a
 * control token (server start not included), `runs` times, median.
 */
export async function timeConformance(runs: number, log: (line: string) => void): Promise<ConformanceReport> {
  const failed = await buildCli(log);
  if (failed !== undefined) return { available: false, reason: failed };
  const results: {
    seconds: number;
    exitCode: number | null;
    clientCpuSeconds: number | undefined;
    serverCpuSeconds: number | undefined;
  }[] = [];
  let lastSummary = '';
  for (let i = 1; i <= runs; i++) {
    const port = await freePort();
    const { server, controlToken } = await spawnReferenceServer(port);
    try {
      // Both processes bound the wall time on two cores, so each one's CPU is reported beside it.
      const serverBefore = await processCpuSeconds(server.pid);
      const clientBefore = await endedChildrenCpuSeconds();
      const began = process.hrtime.bigint();
      const { code: exitCode, output } = await runCollected(
        process.execPath,
        [BUILT_CLI, 'conform', '--target', server.url, '--control-token', controlToken, '--reporter', 'list'],
        { ...process.env, NO_COLOR: '1' },
      );
      const seconds = Number(process.hrtime.bigint() - began) / 1e9;
      const clientCpuSeconds = minus(await endedChildrenCpuSeconds(), clientBefore);
      const serverCpuSeconds = minus(await processCpuSeconds(server.pid), serverBefore);
      results.push({ seconds, exitCode, clientCpuSeconds, serverCpuSeconds });
      const lines = output.trim().split('\n');
      lastSummary = (lines.findLast((l) => /\bpassed\b|\bfailed\b/i.test(l)) ?? lines.at(-1) ?? '').trim();
      const cpu = (v: number | undefined) => (v === undefined ? 'n/a' : `${v.toFixed(2)} s`);
      log(
        `conformance run ${i}: ${seconds.toFixed(2)} s, exit ${exitCode}, CPU conform ${cpu(clientCpuSeconds)} serve ${cpu(serverCpuSeconds)}  ${lastSummary}`,
      );
      if (exitCode !== 0 && i === 1) log(output.split('\n').slice(-30).join('\n'));
    } finally {
      await server.stop();
    }
  }
  return {
    available: true,
    runs: results,
    medianSeconds: median(results.map((r) => r.seconds)),
    lastSummary,
  };
}
