import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { freePort, spawnReferenceServer } from './child-server.js';
import { median } from './load.js';

export type ConformanceReport =
  | { readonly available: false; readonly reason: string }
  | {
      readonly available: true;
      readonly runs: readonly { readonly seconds: number; readonly exitCode: number | null }[];
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
 * Wall time of the whole conformance run as a user gets it: the built CLI as a child process
 * (process start and module loading included) against a freshly started reference server with a
 * control token (server start not included), `runs` times, median.
 */
export async function timeConformance(runs: number, log: (line: string) => void): Promise<ConformanceReport> {
  const failed = await buildCli(log);
  if (failed !== undefined) return { available: false, reason: failed };
  const results: { seconds: number; exitCode: number | null }[] = [];
  let lastSummary = '';
  for (let i = 1; i <= runs; i++) {
    const port = await freePort();
    const { server, controlToken } = await spawnReferenceServer(port);
    try {
      const began = process.hrtime.bigint();
      const { code: exitCode, output } = await runCollected(
        process.execPath,
        [BUILT_CLI, 'conform', '--target', server.url, '--control-token', controlToken, '--reporter', 'list'],
        { ...process.env, NO_COLOR: '1' },
      );
      const seconds = Number(process.hrtime.bigint() - began) / 1e9;
      results.push({ seconds, exitCode });
      const lines = output.trim().split('\n');
      lastSummary = (lines.findLast((l) => /\bpassed\b|\bfailed\b/i.test(l)) ?? lines.at(-1) ?? '').trim();
      log(`conformance run ${i}: ${seconds.toFixed(2)} s, exit ${exitCode}  ${lastSummary}`);
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
