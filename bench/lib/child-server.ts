import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

/** A server under test, in its own process so its CPU and memory are its own. */
export interface ChildServer {
  readonly name: string;
  readonly url: string;
  readonly pid: number;
  /** Peak resident set of the process so far (VmHWM), in MB; undefined off Linux. */
  peakRssMb(): Promise<number | undefined>;
  stop(): Promise<void>;
}

/** A port the kernel says is free right now (tiny race with other processes; fine on loopback). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

export async function readVmHwmMb(pid: number): Promise<number | undefined> {
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    const kb = /VmHWM:\s+(\d+) kB/.exec(status)?.[1];
    return kb === undefined ? undefined : Number(kb) / 1024;
  } catch {
    return undefined;
  }
}

function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise((resolve) => child.once('exit', () => resolve()));
}

/**
 * Spawns `node <args>` (the current node binary: no npx or tsx wrapper process in between, so
 * the pid is the server's own) and waits until it answers HTTP on `port`. Its stdout (the demo
 * SMS log lines) goes to /dev/null; the tail of stderr is kept for the error message.
 */
export async function spawnServer(
  name: string,
  args: readonly string[],
  port: number,
  readyTimeoutMs = 90_000,
): Promise<ChildServer> {
  const child = spawn(process.execPath, [...args], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-4000);
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + readyTimeoutMs;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`${name} exited before answering (code ${child.exitCode}):\n${stderr}`);
    }
    try {
      await fetch(`${url}/`, { signal: AbortSignal.timeout(1000) });
      break;
    } catch {
      if (Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new Error(`${name} did not answer on ${url} within ${readyTimeoutMs} ms:\n${stderr}`);
      }
      await sleep(100);
    }
  }
  const pid = child.pid;
  if (pid === undefined) throw new Error(`${name} has no pid`);
  return {
    name,
    url,
    pid,
    peakRssMb: () => readVmHwmMb(pid),
    stop: async () => {
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited(child);
      clearTimeout(killer);
    },
  };
}

/**
 * Starts the reference server (`src/cli/main.ts serve`) on `port` with a fresh control token,
 * via `spawnServer` under the name `reference` (or `name`). `nodeFlags` go before the entry (e.g.
 * `--cpu-prof`); `serveArgs` go after serve's own (e.g. `--store redis://…` for the `redis` target).
 * `entry` is what node runs: src/ through tsx by default, `['dist/cli/main.js']` for the built CLI.
 */
export async function spawnReferenceServer(
  port: number,
  nodeFlags: readonly string[] = [],
  serveArgs: readonly string[] = [],
  entry: readonly string[] = ['--import', 'tsx', 'src/cli/main.ts'],
  name = 'reference',
): Promise<{ server: ChildServer; controlToken: string }> {
  const controlToken = randomUUID();
  // The bench measures speed, not the bounds: its pools of seeded requests and phones outgrow the
  // defaults sized for a mock (docs/security.md "Limits"), so it lifts them to their maxima.
  const bounds = ['--max-phones', '100000000', '--control-max-seeds', '10000000'];
  const server = await spawnServer(
    name,
    [
      ...nodeFlags,
      ...entry,
      'serve',
      '--port',
      String(port),
      '--control-token',
      controlToken,
      ...bounds,
      ...serveArgs,
    ],
    port,
  );
  return { server, controlToken };
}

/** `node <these>` runs the Prism mock of the same spec on `port`, as the throughput and cold-start runs do. */
export function prismArgs(port: number): string[] {
  return [
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
  ];
}
