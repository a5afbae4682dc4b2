import { mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runConformCommand } from '../../src/conformance/cli.js';
import { prepareOutDir } from '../../src/conformance/out-dir.js';

/**
 * Issue 18, defect 5: `conform --out /proc/x` spun at full CPU forever after the run (Node 20's
 * recursive mkdir loops under /proc) and every `--out` problem was found only after the whole
 * suite ran. Checked against the defect: without the `prepareOutDir` call in src/conformance/cli.ts
 * the file cases fail (the suite runs first, then the old message), and the /proc case never
 * returns (not run that way here: it spins a core until the test times out).
 */

let target: Server;
let requests = 0;
let url = '';
let scratch = '';
beforeAll(async () => {
  target = createServer((_, res) => {
    requests++;
    res.writeHead(500).end();
  });
  await new Promise<void>((r) => target.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(target.address() as { port: number }).port}`;
  scratch = await mkdtemp(join(tmpdir(), 'ehealth-out-dir-'));
});
afterAll(async () => {
  await new Promise<void>((r) => target.close(() => r()));
  await rm(scratch, { recursive: true, force: true });
});

async function conform(out: string) {
  let stderr = '';
  const code = await runConformCommand(['--target', url, '--control-token', 'x', '--out', out], {
    stdout: () => {},
    stderr: (s) => {
      stderr += s;
    },
  });
  return { code, stderr };
}

describe('conform --out is checked before the suite runs', () => {
  it.each([
    ['a directory under /proc', () => '/proc/ehealth-otp-kit-x'],
    ['a path below a regular file', () => join(scratch, 'a-file', 'reports')],
    ['a regular file', () => join(scratch, 'a-file')],
  ])('%s: exit 2 naming --out, and not one request to the target', async (_, out) => {
    await writeFile(join(scratch, 'a-file'), 'x');
    requests = 0;
    const result = await conform(out());
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /^ehealth-otp-kit conform: --out .*cannot write the reports there \(E[A-Z]+\)\n$/,
    );
    expect(requests).toBe(0);
  });

  it('prepareOutDir creates missing levels and leaves no probe file behind', async () => {
    const dir = join(scratch, 'one', 'two', 'three');
    await prepareOutDir(dir);
    expect((await stat(dir)).isDirectory()).toBe(true);
    expect(await readdir(dir)).toEqual([]);
    // An existing directory is fine too.
    await prepareOutDir(dir);
  });
});
