import { mkdir, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { UsageError } from './runner/signals.js';

const codeOf = (error: unknown): string =>
  typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : String(error);

/**
 * Makes sure `--out DIR` can take the reports, before the suite runs: a problem with it is the
 * user's, found in a second, not after the whole run (issue 18, defect 5). Creates the missing
 * directories one level at a time instead of `mkdir(dir, { recursive: true })`: under /proc that
 * call of Node 20 never returns and spins at full CPU (`mkdir('/proc/x', { recursive: true })`
 * loops on ENOENT), so `conform --out /proc/x` hung after the run. Then writes and removes a probe
 * file, so a directory that exists but refuses files (read-only, not a directory) fails here too.
 */
export async function prepareOutDir(dir: string): Promise<void> {
  try {
    await makeDirectories(resolve(dir));
    const probe = join(dir, `.ehealth-otp-kit-write-check-${process.pid}`);
    await writeFile(probe, '');
    await rm(probe, { force: true });
  } catch (error) {
    throw new UsageError(`--out ${dir}: cannot write the reports there (${codeOf(error)})`);
  }
}

/** `mkdir -p` in a bounded walk: at most one stat and one mkdir per path segment. */
async function makeDirectories(dir: string): Promise<void> {
  const missing: string[] = [];
  for (let current = dir; ; current = dirname(current)) {
    const found = await stat(current).catch((error: unknown) => {
      if (codeOf(error) === 'ENOENT') return undefined;
      throw error;
    });
    if (found !== undefined) {
      if (!found.isDirectory())
        throw Object.assign(new Error(`${current} is not a directory`), { code: 'ENOTDIR' });
      break;
    }
    missing.push(current);
    if (dirname(current) === current) break;
  }
  for (const path of missing.reverse()) {
    await mkdir(path).catch((error: unknown) => {
      // Made meanwhile by someone else: fine, as long as it is a directory (the probe checks).
      if (codeOf(error) !== 'EEXIST') throw error;
    });
  }
}
