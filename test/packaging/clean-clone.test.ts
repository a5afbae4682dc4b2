import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, normalize } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { markdownCitations } from '../docs/support/sources.js';
import { type ReadmeCommand, readmeCommands } from './support/readme-commands.js';
import { type ShellProcess, startShell, waitForServer } from './support/shell.js';

/**
 * What a newcomer does (issue 12): clone the repository, then type the README's commands as
 * written. The clone is of this repository's HEAD (commit first to test a change); the commands
 * are read from the clone's README, so a rewritten snippet is tested as rewritten. Servers listen
 * where the README says (127.0.0.1:4010; no other test binds that port) and are stopped after
 * their section.
 */
const run = promisify(execFile);
const root = new URL('../../', import.meta.url).pathname;
const work = join(tmpdir(), `ehealth-otp-kit-clone-${process.pid}-${Date.now()}`);
const clone = join(work, 'ehealth-otp-kit');
const big = { maxBuffer: 64 * 1024 * 1024 };

/**
 * A newcomer's shell, not this test runner's: npm's lifecycle variables (`npm_config_*` from the
 * `npm test` that runs this file) and vitest's own would change what npm and the kit do.
 */
const userEnv: NodeJS.ProcessEnv = Object.fromEntries(
  Object.entries(process.env).filter(([k]) => !/^(npm_|VITEST|INIT_CWD$|NODE_ENV$)/i.test(k)),
);
userEnv.NO_COLOR = '1';

/**
 * `npm ci && npm test` runs this whole suite, this file included, inside the clone: that is what
 * `.ci/run` does from a fresh clone, so here it would only run everything twice (and recurse).
 */
const ranElsewhere = (c: ReadmeCommand) => /\bnpm test\b/.test(c.command);

const servers: { proc: ShellProcess; url: string }[] = [];

/** Stops the servers and waits until their ports refuse connections (the next section reuses 4010). */
async function stopServers(): Promise<void> {
  await Promise.all(
    servers.splice(0).map(async ({ proc, url }) => {
      await proc.stop();
      for (let i = 0; i < 100; i++) {
        const open = await fetch(url, { signal: AbortSignal.timeout(1_000) }).then(
          () => true,
          () => false,
        );
        if (!open) return;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      throw new Error(`${url} still answers after its server was stopped`);
    }),
  );
}

/** Runs one README command; a server must come up and answer, anything else must exit 0. */
async function runAsWritten(c: ReadmeCommand): Promise<string> {
  const proc = startShell(c.command, clone, userEnv);
  if (c.server) {
    try {
      servers.push({ proc, url: await waitForServer(proc, 240_000) });
    } catch (error) {
      await proc.stop();
      throw error;
    }
    return proc.output();
  }
  const code = await proc.exited;
  expect(code, `\`${c.command}\` exited with ${code}:\n${proc.output()}`).toBe(0);
  return proc.output();
}

/** The loopback ports a section's commands name must be free: a server already there would answer instead. */
async function assertPortsFree(commands: readonly ReadmeCommand[]): Promise<void> {
  const ports = new Set(
    commands.flatMap((c) => [...c.command.matchAll(/127\.0\.0\.1:(\d+)/g)].map((m) => Number(m[1]))),
  );
  for (const port of ports) {
    const free = await new Promise<boolean>((resolve) => {
      const probe = createServer();
      probe.once('error', () => resolve(false));
      probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
    });
    if (!free)
      throw new Error(`127.0.0.1:${port} is taken by another process; the README's commands need it`);
  }
}

let readme = '';
beforeAll(async () => {
  mkdirSync(work, { recursive: true });
  await run('git', ['clone', '--quiet', root, clone]);
  const [head, cloned] = await Promise.all([
    run('git', ['rev-parse', 'HEAD'], { cwd: root }),
    run('git', ['rev-parse', 'HEAD'], { cwd: clone }),
  ]);
  expect(cloned.stdout).toBe(head.stdout);
  readme = readFileSync(join(clone, 'README.md'), 'utf8');
});

afterAll(async () => {
  await stopServers();
  // npx keeps one entry per local package path in npm's cache (~/.npm/_npx/<hash>); drop ours.
  const { stdout } = await run('npm', ['config', 'get', 'cache'], { env: userEnv });
  const npx = join(stdout.trim(), '_npx');
  for (const entry of existsSync(npx) ? readdirSync(npx) : []) {
    const manifest = join(npx, entry, 'package.json');
    if (existsSync(manifest) && readFileSync(manifest, 'utf8').includes(clone))
      rmSync(join(npx, entry), { recursive: true, force: true });
  }
  rmSync(work, { recursive: true, force: true });
}, 180_000); // removing a clone with its node_modules is slow on a loaded machine

describe('a clean clone, used as the README says', () => {
  it("runs the README's first screen as written (install, start, confirm a phone)", {
    timeout: 420_000,
  }, async () => {
    const commands = readmeCommands(readme, []);
    expect(commands.map((c) => c.command).join('\n')).toMatch(/npm ci/);
    await assertPortsFree(commands);
    try {
      const steps = commands.filter((c) => !ranElsewhere(c));
      for (const c of steps.filter((c) => c.server)) await runAsWritten(c);
      expect(servers.length).toBeGreaterThan(0);
      // The curl session is one shell session (its CODE=… carries into the complete), run as written.
      const session = steps.filter((c) => !c.server);
      const out = await runAsWritten({
        ...session[0],
        command: session.map((c) => c.command).join('\n'),
      } as ReadmeCommand);
      const replies = out
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as { data?: { status?: string } });
      // Every curl reaches the server and gets the envelope; the last one confirms the phone with the code it read.
      expect(replies.length).toBeGreaterThanOrEqual(2);
      expect(replies.at(-1)?.data?.status).toBe('VERIFIED');
    } finally {
      await stopServers();
    }
  });

  it('certifies a deployment as "Certify a deployment" says (npx serve, npx conform, reports/)', {
    timeout: 180_000,
  }, async () => {
    const commands = readmeCommands(readme, ['Certify a deployment']).filter(
      (c) => c.section === 'Certify a deployment',
    );
    expect(commands.some((c) => /npx ehealth-otp-kit conform/.test(c.command))).toBe(true);
    await assertPortsFree(commands);
    try {
      for (const c of commands) await runAsWritten(c);
    } finally {
      await stopServers();
    }
    for (const file of ['report.json', 'junit.xml', 'report.html'])
      expect(existsSync(join(clone, 'reports', file)), `reports/${file}`).toBe(true);
  });

  it('packs (building dist/ first) a tarball with dist/, the specs, and every file its Markdown links to', {
    timeout: 120_000,
  }, async () => {
    // Without dist/ (as after a clone with `npm ci --ignore-scripts`): packing must build it.
    rmSync(join(clone, 'dist'), { recursive: true, force: true });
    const { stdout } = await run('npm', ['pack', '--json', '--pack-destination', work], {
      cwd: clone,
      env: userEnv,
      ...big,
    });
    const [packed] = JSON.parse(stdout) as { files: { path: string }[] }[];
    const files = new Set(packed?.files.map((f) => f.path));
    for (const file of ['dist/cli/main.js', 'dist/index.js', 'dist/web/redoc.standalone.js'])
      expect(files, file).toContain(file);
    for (const file of ['openapi/ehealth-otp.yaml', 'openapi/control.yaml', 'README.md'])
      expect(files, file).toContain(file);
    // Relative links, as npm's and an editor's Markdown views resolve them inside the package.
    const inPackage = (path: string) =>
      files.has(path) || [...files].some((f) => f.startsWith(`${path.replace(/\/$/, '')}/`));
    const shippedMarkdown = [...files].filter((f) => f.endsWith('.md'));
    expect(shippedMarkdown).toContain('README.md');
    const broken = shippedMarkdown.flatMap((md) =>
      markdownCitations(md, readFileSync(join(clone, md), 'utf8'))
        .map((c) => ({ c, target: normalize(join(md, '..', decodeURIComponent(c.path))) }))
        .filter(({ target }) => !inPackage(target))
        .map(({ c, target }) => `${md}:${c.where} → ${c.path} (${target} is not in the package)`),
    );
    expect(broken).toEqual([]);
  });

  it('installs as a git dependency (npm runs `prepare`, so the bin and dist/ are there)', {
    timeout: 300_000,
  }, async () => {
    const project = join(work, 'git-dependency');
    mkdirSync(project);
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true }));
    await run('npm', ['install', `git+file://${clone}`, '--no-audit', '--no-fund', '--prefer-offline'], {
      cwd: project,
      env: userEnv,
      ...big,
    });
    const { stdout } = await run(
      process.execPath,
      ['-e', "import('ehealth-otp-kit').then((m) => console.log(typeof m.startServer))"],
      { cwd: project },
    );
    expect(stdout.trim()).toBe('function');
    expect(existsSync(join(project, 'node_modules/.bin/ehealth-otp-kit'))).toBe(true);
  });
});
