import { cleanEnv, type Serve } from '../cli/support/cli.js';
import { repoRoot, spawnCollected, waitFor } from '../support/child-process.js';

/**
 * `serve` as its own Node process (`node --import tsx`, not the tsx wrapper, so SIGTERM reaches
 * the server itself and its exit code is the CLI's), once it printed its URL.
 */
export async function startReplica(
  args: readonly string[],
  env: Record<string, string> = cleanEnv(),
): Promise<Serve> {
  const spawned = spawnCollected(
    process.execPath,
    ['--import', 'tsx', 'src/cli/main.ts', 'serve', '--port', '0', ...args],
    repoRoot,
    env,
  );
  const url = () => /listening on (http:\/\/\S+)/.exec(spawned.output())?.[1];
  await waitFor(spawned, () => url() !== undefined);
  return { ...spawned, url: url() as string };
}
