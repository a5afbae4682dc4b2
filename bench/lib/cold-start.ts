import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { request } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort, prismArgs } from './child-server.js';
import { BUILT_CLI, buildCli, runCollected } from './conformance.js';
import { median } from './load.js';

/**
 * Cold start (`BENCH_ONLY=coldstart`), each measure in fresh processes, `runs` times, medians:
 * - msw: bench/lib/cold-start-probe.mjs in a new `node` — the kit's import + createHandlers() +
 *   a first authenticated, validated request, beside msw's own import (and its first request);
 * - `serve`: spawn of the built CLI → its first answered API request; Prism's in the same runs,
 *   interleaved with ours;
 * - `conform`: the built CLI against a local `serve` (started once, not timed), process start
 *   and module loading included.
 * The kit is timed as installed: dist/, built by `npm run build` first.
 */
export interface ColdStartReport {
  readonly runs: number;
  readonly msw: {
    readonly mswMs: number;
    readonly kitImportMs: number;
    readonly createHandlersMs: number;
    readonly firstRequestMs: number;
    /** import + createHandlers() + first request: the figure the target is about. */
    readonly kitMs: number;
    readonly kitRuns: readonly number[];
    /** CPU time of the probe process over the same part (user + system), median. */
    readonly kitCpuMs: number;
  };
  readonly serveMs: number;
  readonly serveRuns: readonly number[];
  /** `node -e 0` spawned → exited, in the same runs: the floor any Node CLI starts from here. */
  readonly nodeMs: number;
  readonly nodeRuns: readonly number[];
  readonly prismMs: number | undefined;
  readonly prismRuns: readonly number[];
  readonly conformSeconds: number;
  readonly conformRuns: readonly number[];
  readonly conformExitCodes: readonly (number | null)[];
}

const DEMO = { token: 'demo-token-all-scopes', apiKey: 'demo-api-key' };
const FIRST_BODY = JSON.stringify({ phone_number: '+380509990001' });

/** One POST /api/verifications; resolves with the status, rejects when nothing listens yet. */
function initialize(port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: '/api/verifications',
        agent: false,
        headers: {
          authorization: `Bearer ${DEMO.token}`,
          'api-key': DEMO.apiKey,
          'content-type': 'application/json',
          'content-length': String(Buffer.byteLength(FIRST_BODY)),
        },
      },
      (res) => {
        res.resume();
        res.once('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.once('error', reject);
    req.end(FIRST_BODY);
  });
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

/**
 * Milliseconds from `spawn` to the end of the first answer to an authenticated initialize; the
 * port is polled every millisecond (a refused connection costs microseconds on loopback).
 */
export async function timeToFirstAnswer(
  name: string,
  args: readonly string[],
  port: number,
): Promise<number> {
  const began = performance.now();
  const child = spawn(process.execPath, [...args], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-4000);
  });
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`${name} exited (code ${child.exitCode}):\n${stderr}`);
      if (performance.now() - began > 60_000) throw new Error(`${name} did not answer in 60 s:\n${stderr}`);
      const status = await initialize(port).catch(() => undefined);
      if (status !== undefined) {
        const ms = performance.now() - began;
        if (status !== 200) throw new Error(`${name}: first answer ${status}, expected 200`);
        return ms;
      }
      await sleep(1);
    }
  } finally {
    await stop(child);
  }
}

interface ProbeLine {
  msw: number;
  kitImport: number;
  createHandlers: number;
  firstRequest: number;
  kitCpu: number;
}

async function mswProbe(): Promise<ProbeLine> {
  const { code, output } = await runCollected(process.execPath, ['bench/lib/cold-start-probe.mjs']);
  const line = output.trim().split('\n').at(-1) ?? '';
  if (code !== 0) throw new Error(`cold-start probe failed (exit ${code}):\n${output}`);
  return JSON.parse(line) as ProbeLine;
}

const serveArgs = (port: number): string[] => [BUILT_CLI, 'serve', '--port', String(port)];

export async function runColdStart(
  runs: number,
  withPrism: boolean,
  log: (line: string) => void,
): Promise<ColdStartReport | { readonly unavailable: string }> {
  const failed = await buildCli(log);
  if (failed !== undefined) return { unavailable: failed };

  const probes = [];
  for (let i = 1; i <= runs; i++) {
    const p = await mswProbe();
    probes.push(p);
    const kit = p.kitImport + p.createHandlers + p.firstRequest;
    log(
      `cold start msw ${i}: kit ${kit.toFixed(1)} ms (import ${p.kitImport.toFixed(1)}, createHandlers ` +
        `${p.createHandlers.toFixed(1)}, first request ${p.firstRequest.toFixed(1)}; CPU ${p.kitCpu.toFixed(1)}); ` +
        `msw itself ${p.msw.toFixed(0)} ms`,
    );
  }

  const serveRuns: number[] = [];
  const prismRuns: number[] = [];
  const nodeRuns: number[] = [];
  for (let i = 1; i <= runs; i++) {
    const began = performance.now();
    await runCollected(process.execPath, ['-e', '0']);
    nodeRuns.push(performance.now() - began);
    const ours = await freePort();
    serveRuns.push(await timeToFirstAnswer('serve', serveArgs(ours), ours));
    if (withPrism) {
      const theirs = await freePort();
      prismRuns.push(await timeToFirstAnswer('prism', prismArgs(theirs), theirs));
    }
    log(
      `cold start ${i}: node -e 0 ${nodeRuns.at(-1)?.toFixed(0)} ms, serve → first answer ${serveRuns.at(-1)?.toFixed(0)} ms` +
        (withPrism ? `, Prism ${prismRuns.at(-1)?.toFixed(0)} ms` : ''),
    );
  }

  const conformRuns: number[] = [];
  const conformExitCodes: (number | null)[] = [];
  const port = await freePort();
  const controlToken = randomUUID();
  const server = spawn(process.execPath, [...serveArgs(port), '--control-token', controlToken], {
    stdio: 'ignore',
  });
  try {
    while ((await initialize(port).catch(() => undefined)) === undefined) await sleep(5);
    for (let i = 1; i <= runs; i++) {
      const began = performance.now();
      const { code } = await runCollected(
        process.execPath,
        [BUILT_CLI, 'conform', '--target', `http://127.0.0.1:${port}`, '--control-token', controlToken],
        { ...process.env, NO_COLOR: '1' },
      );
      conformRuns.push((performance.now() - began) / 1000);
      conformExitCodes.push(code);
      log(`cold start conform ${i}: ${conformRuns.at(-1)?.toFixed(2)} s, exit ${code}`);
    }
  } finally {
    await stop(server);
  }

  const kitRuns = probes.map((p) => p.kitImport + p.createHandlers + p.firstRequest);
  return {
    runs,
    msw: {
      mswMs: median(probes.map((p) => p.msw)),
      kitImportMs: median(probes.map((p) => p.kitImport)),
      createHandlersMs: median(probes.map((p) => p.createHandlers)),
      firstRequestMs: median(probes.map((p) => p.firstRequest)),
      kitMs: median(kitRuns),
      kitRuns,
      kitCpuMs: median(probes.map((p) => p.kitCpu)),
    },
    serveMs: median(serveRuns),
    serveRuns,
    nodeMs: median(nodeRuns),
    nodeRuns,
    prismMs: withPrism ? median(prismRuns) : undefined,
    prismRuns,
    conformSeconds: median(conformRuns),
    conformRuns,
    conformExitCodes,
  };
}
