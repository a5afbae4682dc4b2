import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

/** Paths the process-spawning tests share. */
export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
export const prismBin = fileURLToPath(new URL('../../node_modules/.bin/prism', import.meta.url));
export const tsxBin = fileURLToPath(new URL('../../node_modules/.bin/tsx', import.meta.url));
export const ehealthSpecPath = fileURLToPath(new URL('../../openapi/ehealth-otp.yaml', import.meta.url));

/** A port that was free on 127.0.0.1 a moment ago (for programs that cannot take port 0). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface Spawned {
  readonly child: ChildProcess;
  /** Everything the process wrote so far, stdout and stderr interleaved. */
  output(): string;
  /** SIGTERM, then SIGKILL after 5 s; resolves once the process is gone. */
  stop(): Promise<void>;
}

/** Starts a program with its output collected (colour off, so tests can match text). */
export function spawnCollected(
  command: string,
  args: readonly string[],
  cwd = repoRoot,
  env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' },
): Spawned {
  const child = spawn(command, [...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'], env });
  let text = '';
  const collect = (chunk: Buffer) => {
    text += chunk.toString();
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  return {
    child,
    output: () => text,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5_000))]);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
  };
}

/** Waits until `ready()` holds, failing early with the output when the process exits. */
export async function waitFor(
  spawned: Spawned,
  ready: () => Promise<boolean> | boolean,
  ms = 60_000,
): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await ready())) {
    const { exitCode } = spawned.child;
    if (exitCode !== null) throw new Error(`the process exited with ${exitCode}:\n${spawned.output()}`);
    if (Date.now() > deadline)
      throw new Error(`the process was not ready within ${ms} ms:\n${spawned.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
}

/** True once something answers HTTP at `url` (any status). */
export async function answers(url: string): Promise<boolean> {
  try {
    await fetch(url);
    return true;
  } catch {
    return false;
  }
}
