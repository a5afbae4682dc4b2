import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run, type Started, startAndWaitForUrl } from './cli.js';

/**
 * What a fresh project gets from `npm install ehealth-otp-kit`: the built package, packed as npm
 * would publish it, installed into a temp project (the registry supplies its dependencies), then
 * used through its bin and its entry points, never through this repository's sources.
 */
const root = fileURLToPath(new URL('../../', import.meta.url));
const consumerFiles = fileURLToPath(new URL('./consumer/', import.meta.url));
const tsc = join(root, 'node_modules/typescript/bin/tsc');
const work = mkdtempSync(join(tmpdir(), 'ehealth-otp-kit-pack-'));
const project = join(work, 'project');
const bin = join(project, 'node_modules/.bin/ehealth-otp-kit');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const quiet = {
  maxBuffer: 64 * 1024 * 1024,
  env: { ...process.env, NO_COLOR: '1', npm_config_loglevel: 'error' },
};
const started: Started[] = [];

beforeAll(async () => {
  await run(npm, ['run', 'build'], { cwd: root, ...quiet });
  const { stdout } = await run(npm, ['pack', '--json', '--pack-destination', work], { cwd: root, ...quiet });
  const [packed] = JSON.parse(stdout) as { filename: string }[];
  if (packed === undefined) throw new Error(`npm pack printed no file: ${stdout}`);
  await run('mkdir', ['-p', project]);
  writeFileSync(
    join(project, 'package.json'),
    JSON.stringify({ name: 'consumer', private: true, type: 'module' }),
  );
  for (const file of ['msw-flow.mjs', 'browser-entry.mjs', 'tsconfig.json'])
    copyFileSync(join(consumerFiles, file), join(project, file));
  copyFileSync(join(consumerFiles, 'types-check.ts.txt'), join(project, 'types-check.ts'));
  await run(
    npm,
    ['install', join(work, packed.filename), 'msw@2', '--no-audit', '--no-fund', '--prefer-offline'],
    { cwd: project, ...quiet },
  );
}, 180_000);

afterAll(async () => {
  await Promise.all(started.map((s) => s.stop()));
  rmSync(work, { recursive: true, force: true });
});

describe('the packed package in a fresh project', () => {
  it('runs `serve --port 0` from its bin and answers an initialize', { timeout: 60_000 }, async () => {
    const server = await startAndWaitForUrl(bin, ['serve', '--port', '0'], project);
    started.push(server);
    const response = await fetch(`${server.url}/api/verifications`, {
      method: 'POST',
      headers: { authorization: 'Bearer demo-token-all-scopes', 'content-type': 'application/json' },
      body: JSON.stringify({ phone_number: '+380501234567' }),
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ data: { status: 'NEW', active: true } });
  });

  it('certifies its own serve with `conform --control-token` (exit 0)', { timeout: 120_000 }, async () => {
    const server = await startAndWaitForUrl(
      bin,
      ['serve', '--port', '0', '--control-token', 'pack-test'],
      project,
    );
    started.push(server);
    const result = await run(bin, ['conform', '--target', server.url, '--control-token', 'pack-test'], {
      cwd: project,
      ...quiet,
    }).then(
      (r) => ({ code: 0, out: r.stdout }),
      (e: { code?: number; stdout?: string; stderr?: string }) => ({
        code: e.code,
        out: `${e.stdout}${e.stderr}`,
      }),
    );
    expect(result.out).toContain('failed 0');
    expect(result.code).toBe(0);
  });

  it('imports ehealth-otp-kit/msw and /client and completes a flow in-process', {
    timeout: 60_000,
  }, async () => {
    const { stdout } = await run(
      process.execPath,
      ['-e', "import('ehealth-otp-kit/msw').then((m) => console.log(typeof m.createHandlers))"],
      {
        cwd: project,
      },
    );
    expect(stdout.trim()).toBe('function');
    const flow = await run(process.execPath, ['msw-flow.mjs'], { cwd: project });
    expect(flow.stdout.trim()).toBe('msw flow: VERIFIED');
  });

  it('bundles for the browser as it is: no aliases, no shims, no spec files to hand over', {
    timeout: 60_000,
  }, async () => {
    // esbuild cannot resolve a `node:` import for the browser platform: the build itself fails
    // if anything the msw entry reaches imports one.
    const result = await build({
      absWorkingDir: project,
      entryPoints: ['browser-entry.mjs'],
      bundle: true,
      format: 'esm',
      platform: 'browser',
      write: false,
      logLevel: 'silent',
    });
    const text = result.outputFiles[0]?.text ?? '';
    // The embedded control spec (src/generated/control.spec.ts) travels inside the bundle.
    expect(text).toContain('ehealth-otp-kit control API');
    expect(text).not.toMatch(/from ["']node:/);
  });

  it('type-checks against the shipped declarations (NodeNext, strict)', { timeout: 60_000 }, async () => {
    await expect(
      run(process.execPath, [tsc, '-p', 'tsconfig.json'], { cwd: project }),
    ).resolves.toBeDefined();
  });

  it('ships the spec files and the CLI with its shebang', async () => {
    const { stdout } = await run('head', [
      '-1',
      join(project, 'node_modules/ehealth-otp-kit/dist/cli/main.js'),
    ]);
    expect(stdout.trim()).toBe('#!/usr/bin/env node');
    const spec = await run('ls', [join(project, 'node_modules/ehealth-otp-kit/openapi')]);
    expect(spec.stdout.split('\n')).toEqual(expect.arrayContaining(['control.yaml', 'ehealth-otp.yaml']));
  });
});
