import { spawn } from 'node:child_process';

/** A README command running under `sh -c` in its own process group (so its children stop with it). */
export interface ShellProcess {
  output(): string;
  /** The exit code, once it has exited. */
  readonly exited: Promise<number | null>;
  stop(): Promise<void>;
}

export function startShell(command: string, cwd: string, env: NodeJS.ProcessEnv): ShellProcess {
  const child = spawn('sh', ['-c', command], { cwd, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let text = '';
  const collect = (chunk: Buffer) => {
    text += chunk.toString();
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const signalGroup = (signal: NodeJS.Signals) => {
    try {
      if (child.pid !== undefined) process.kill(-child.pid, signal);
    } catch {
      // The group is gone already.
    }
  };
  return {
    output: () => text,
    exited,
    async stop() {
      signalGroup('SIGTERM');
      const timer = setTimeout(() => signalGroup('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
      // `sh` may exit before the server it started: make sure the group is gone.
      signalGroup('SIGKILL');
    },
  };
}

/** The first loopback origin a server prints (`http://127.0.0.1:4010/inbox` → `http://127.0.0.1:4010`). */
const LOOPBACK_ORIGIN = /(http:\/\/(?:127\.0\.0\.1|localhost|\[::1\]):\d+)/;

async function answers(origin: string): Promise<boolean> {
  try {
    await fetch(origin, { signal: AbortSignal.timeout(2_000) });
    return true;
  } catch {
    return false;
  }
}

/** Waits for a server command to print a loopback URL that answers HTTP; fails if it exits first. */
export async function waitForServer(proc: ShellProcess, timeoutMs: number): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let exitCode: number | null | undefined;
  void proc.exited.then((code) => {
    exitCode = code;
  });
  for (;;) {
    if (exitCode !== undefined)
      throw new Error(`exited with ${exitCode} before listening:\n${proc.output()}`);
    const url = LOOPBACK_ORIGIN.exec(proc.output())?.[1];
    if (url !== undefined && (await answers(url))) return url;
    if (Date.now() > deadline) throw new Error(`no listening URL within ${timeoutMs} ms:\n${proc.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
