import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run, type Started, startAndWaitForUrl } from './cli.js';

/**
 * What a fresh project gets from `npm install ehealth-otp-kit`: the package packed as npm would
 * publish it, installed into a temp project (the registry supplies its dependencies), then used
 * through its bin and its entry points, never through this repository's sources.
 *
 * The tarball is EHEALTH_OTP_KIT_TARBALL when set (.ci/run packs once and runs this file on Node
 * 20, 22 and 24), else `npm pack` of a copy of the working tree: packing here would rebuild dist/
 * under the other tests that read it.
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

/** The goal of issue 12 for an install of the kit alone (it was 93 MB and 116 packages). */
const INSTALL_BUDGET = { kilobytes: 15 * 1024, packages: 30 };
let installed = { kilobytes: 0, packages: 0 };

async function packWorkingTree(): Promise<string> {
  const copy = join(work, 'source');
  const { stdout } = await run('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
    cwd: root,
    ...quiet,
  });
  for (const file of stdout.split('\0').filter((f) => f !== '' && existsSync(join(root, f)))) {
    mkdirSync(dirname(join(copy, file)), { recursive: true });
    copyFileSync(join(root, file), join(copy, file));
  }
  symlinkSync(join(root, 'node_modules'), join(copy, 'node_modules'));
  const packed = await run(npm, ['pack', '--json', '--pack-destination', work], { cwd: copy, ...quiet });
  const [result] = JSON.parse(packed.stdout) as { filename: string }[];
  if (result === undefined) throw new Error(`npm pack printed no file: ${packed.stdout}`);
  return join(work, result.filename);
}

beforeAll(async () => {
  const tarball = process.env.EHEALTH_OTP_KIT_TARBALL ?? (await packWorkingTree());
  mkdirSync(project, { recursive: true });
  writeFileSync(
    join(project, 'package.json'),
    JSON.stringify({ name: 'consumer', private: true, type: 'module' }),
  );
  for (const file of ['msw-flow.mjs', 'browser-entry.mjs', 'tsconfig.json'])
    copyFileSync(join(consumerFiles, file), join(project, file));
  copyFileSync(join(consumerFiles, 'types-check.ts.txt'), join(project, 'types-check.ts'));
  const install = (specs: string[]) =>
    run(npm, ['install', ...specs, '--no-audit', '--no-fund', '--prefer-offline'], {
      cwd: project,
      ...quiet,
    });
  // The kit alone first, measured; then msw, the optional peer the msw entry point needs.
  await install([tarball]);
  const du = await run('du', ['-sk', join(project, 'node_modules')]);
  const lock = JSON.parse(readFileSync(join(project, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, unknown>;
  };
  installed = {
    kilobytes: Number.parseInt(du.stdout, 10),
    packages: Object.keys(lock.packages).filter((k) => k !== '').length,
  };
  await install(['msw@2']);
}, 300_000);

afterAll(async () => {
  await Promise.all(started.map((s) => s.stop()));
  rmSync(work, { recursive: true, force: true });
});

describe('the packed package in a fresh project', () => {
  it('installs lean: under 15 MB and 30 packages on disk (no Redoc, React or core-js at run time)', async () => {
    console.info(
      `Node ${process.version}, installed kit alone: ${installed.kilobytes} kB in node_modules, ${installed.packages} packages`,
    );
    expect(installed.packages).toBeGreaterThan(0);
    expect(installed.kilobytes).toBeLessThan(INSTALL_BUDGET.kilobytes);
    expect(installed.packages).toBeLessThan(INSTALL_BUDGET.packages);
    expect(existsSync(join(project, 'node_modules/redoc'))).toBe(false);
  });

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
    // The API reference's Redoc bundle was built into the package: redoc itself is not installed.
    const bundle = await fetch(`${server.url}/docs/redoc.standalone.js`);
    expect(bundle.status).toBe(200);
    expect(bundle.headers.get('content-type')).toMatch(/javascript/);
    expect((await bundle.text()).length).toBeGreaterThan(100_000);
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
