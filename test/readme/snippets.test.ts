import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, parse } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanEnv, type Serve, startServe } from '../cli/support/cli.js';
import { freePort, repoRoot, tsxBin } from '../support/child-process.js';

/**
 * The README's snippets, run as written (issue 12 point 2). Each is the fenced block right below
 * an `<!-- snippet: NAME … -->` comment; a renamed or deleted marker fails here rather than
 * leaving an untested snippet behind.
 */

const exec = promisify(execFile);
const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');

function snippet(markdown: string, name: string): { lang: string; code: string } {
  const found = new RegExp(
    `<!-- snippet: ${name}\\b[^>]*-->\\s*\\n\`\`\`(\\w+)\\n([\\s\\S]*?)\\n\`\`\``,
  ).exec(markdown);
  if (found === null) throw new Error(`README.md has no fenced block under <!-- snippet: ${name} -->`);
  return { lang: found[1] ?? '', code: found[2] ?? '' };
}

describe('the README curl session', () => {
  let serve: Serve | undefined;
  afterAll(() => serve?.stop());

  it('confirms a phone against a real `serve`, with only the port changed', async () => {
    const { lang, code } = snippet(readme, 'curl-session');
    expect(lang).toBe('sh');
    // As a user runs it: `npm start` is `serve` in demo mode, here on a free loopback port.
    const port = await freePort();
    serve = await startServe(['--port', String(port)]);
    expect(code).toContain('127.0.0.1:4010');
    const script = code.replaceAll('127.0.0.1:4010', `127.0.0.1:${port}`);
    const { stdout } = await exec('sh', ['-e', '-c', script], { env: cleanEnv(), timeout: 30_000 });
    const [initialized, completed] = stdout.trim().split('\n');
    expect(JSON.parse(initialized ?? '')).toMatchObject({ data: { status: 'NEW', active: true } });
    expect(JSON.parse(completed ?? '')).toMatchObject({ meta: { code: 200 }, data: { status: 'VERIFIED' } });
    // Exactly one SMS: no code was wasted on a guess.
    expect(serve.output().match(/^sms {2}\+380501234567/gm)).toHaveLength(1);
  });
});

describe('the README msw snippet', () => {
  // A project of its own in a temp dir, whose node_modules is the repository's (so `msw` resolves).
  const dir = mkdtempSync(join(tmpdir(), 'ehealth-otp-kit-readme-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('runs as a script and confirms the phone', async () => {
    const { lang, code } = snippet(readme, 'msw');
    expect(lang).toBe('ts');
    symlinkSync(join(repoRoot, 'node_modules'), join(dir, 'node_modules'), 'dir');
    // .mts: an ES module (top-level await), as in any "type": "module" project.
    writeFileSync(join(dir, 'snippet.mts'), code);
    // `ehealth-otp-kit/msw` is the package's own export (package.json "exports"), mapped to its
    // source so the snippet runs without a build; nothing else in the snippet is changed.
    const tsconfig = {
      extends: join(repoRoot, 'tsconfig.json'),
      compilerOptions: {
        paths: { 'ehealth-otp-kit/msw': [join(repoRoot, 'src/msw/index.ts')] },
        // The sources of the kit and the snippet live in different trees; nothing is emitted.
        rootDir: parse(dir).root,
      },
      include: ['snippet.mts'],
    };
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify(tsconfig));
    const { stdout, stderr } = await exec(
      tsxBin,
      ['--tsconfig', join(dir, 'tsconfig.json'), join(dir, 'snippet.mts')],
      {
        cwd: dir,
        env: cleanEnv(),
        timeout: 30_000,
      },
    );
    expect(stderr).toBe('');
    expect(stdout).toBe('VERIFIED\n');
    // …and it type-checks under the kit's own strict settings, as a user's TypeScript would see it.
    const tsc = join(repoRoot, 'node_modules/.bin/tsc');
    const checked = await exec(tsc, ['-p', join(dir, 'tsconfig.json'), '--noEmit'], { cwd: dir }).then(
      () => '',
      (error: { stdout?: string }) => error.stdout ?? String(error),
    );
    expect(checked).toBe('');
  }, 60_000);
});
