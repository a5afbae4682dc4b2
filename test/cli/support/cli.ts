import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { repoRoot, type Spawned, spawnCollected, tsxBin, waitFor } from '../../support/child-process.js';

const exec = promisify(execFile);

/** The environment without the variables `serve` reads, so the machine's own PORT or HOST cannot leak in. */
export function cleanEnv(extra: Readonly<Record<string, string>> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env))
    if (value !== undefined && !name.startsWith('EHEALTH_OTP_KIT_') && name !== 'PORT' && name !== 'HOST')
      env[name] = value;
  return { ...env, NO_COLOR: '1', ...extra };
}

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the real CLI entry (src/cli/main.ts through tsx) to its exit. */
export async function runCli(
  args: readonly string[],
  env: Record<string, string> = cleanEnv(),
): Promise<CliResult> {
  try {
    const { stdout, stderr } = await exec(tsxBin, ['src/cli/main.ts', ...args], { cwd: repoRoot, env });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

export interface Serve extends Spawned {
  readonly url: string;
}

/** `serve` with these arguments (add `--port 0`), once it printed its URL. */
export async function startServe(
  args: readonly string[],
  env: Record<string, string> = cleanEnv(),
): Promise<Serve> {
  const spawned = spawnCollected(tsxBin, ['src/cli/main.ts', 'serve', ...args], repoRoot, env);
  const url = () => /listening on (http:\/\/\S+)/.exec(spawned.output())?.[1];
  await waitFor(spawned, () => url() !== undefined);
  return { ...spawned, url: url() as string };
}

/** Waits until the output holds `text` (log lines are written once per event-loop turn). */
export async function outputContains(serve: Spawned, text: string | RegExp): Promise<void> {
  await waitFor(
    serve,
    () => (typeof text === 'string' ? serve.output().includes(text) : text.test(serve.output())),
    10_000,
  );
}
