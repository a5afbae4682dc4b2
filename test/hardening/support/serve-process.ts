import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../..', import.meta.url));

export interface ServeProcess {
  readonly url: string;
  readonly child: ChildProcess;
  /** Everything the process wrote so far. */
  output(): { readonly stdout: string; readonly stderr: string };
  /** Resolves when `stdout` contains `text`. */
  waitFor(text: string): Promise<void>;
  /** Sends the signal and resolves with the exit code once the process is gone. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/**
 * `ehealth-otp-kit serve` as a real process (the CLI entry through tsx, as `npx tsx
 * src/cli/main.ts` runs it, minus the npx wrapper so signals reach the server itself).
 */
export function spawnServe(args: readonly string[]): Promise<ServeProcess> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'src/cli/main.ts', 'serve', '--port', '0', ...args],
    {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stdout = '';
  let stderr = '';
  const waiters: { text: string; resolve: () => void }[] = [];
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    for (const w of waiters.splice(0)) {
      if (stdout.includes(w.text)) w.resolve();
      else waiters.push(w);
    }
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const waitFor = (text: string) =>
    new Promise<void>((resolve, reject) => {
      if (stdout.includes(text)) resolve();
      else waiters.push({ text, resolve });
      void exited.then(() => reject(new Error(`serve exited before printing "${text}": ${stdout}${stderr}`)));
    });
  return waitFor('\n').then(() => {
    // serve prints its URL on the first line.
    const url = /listening on (http:\/\/\S+)/.exec(stdout.split('\n')[0] ?? '')?.[1];
    if (url === undefined) throw new Error(`no URL on serve's first line: ${stdout}`);
    return {
      url,
      child,
      output: () => ({ stdout, stderr }),
      waitFor,
      stop: (signal = 'SIGTERM') => {
        if (child.exitCode === null) child.kill(signal);
        return exited;
      },
    };
  });
}
