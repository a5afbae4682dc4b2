/**
 * `npm run build` (also run by `prepare`, so a clone, a git dependency and `npm pack` all get it):
 * a clean dist/ (a module renamed or removed in src/ must not linger in the tarball), tsc, the
 * package's main and msw entries bundled (below), then the API reference page's browser bundle
 * (scripts/build-api-reference.mjs).
 */
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { buildApiReference } from './build-api-reference.mjs';

const root = fileURLToPath(new URL('../', import.meta.url));
const dist = fileURLToPath(new URL('../dist/', import.meta.url));
rmSync(dist, { recursive: true, force: true });
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });

/*
 * `ehealth-otp-kit` and `ehealth-otp-kit/msw` as bundles of tsc's output (issue 20, cold start):
 * Node's ES module loader costs about as much per module (resolve, stat, read, compile, link) as
 * the kit's code costs to evaluate, and the msw entry reached ~75 modules; bundled, an msw test
 * file's import loads the entry and a few chunks. Both entries in one build with code splitting,
 * so the code they share (the engine, the store, the contract) is one copy in dist/chunks/: a
 * store or an engine made through one entry is the same class through the other (the lifecycle's
 * `instanceof StoreFullError` sees a store's error whichever entry built it). The chunks sit two
 * levels below the package root, as src/contract/spec-files.ts (its `import.meta.url`) and the
 * generated validators' path expect. Dependencies stay imports (`packages: 'external'`). The
 * other entries (client, conformance, the CLI) stay tsc's modules: their `import.meta.url` paths
 * assume their own depth, and their start is not in an integrator's test files. The .d.ts files
 * are tsc's, unchanged. No source maps: the bundle is tsc's JavaScript as it was, each part headed
 * by its file's name, and a map of it would be most of the package's install budget
 * (test/packaging/pack.test.ts).
 *
 * The generated modules (the embedded specs, the spec digest, the request validators) stay
 * imports of their own files, which the CLI's modules import too: one copy of each on disk.
 * Their importers sit in dist/contract/ and the chunks in dist/chunks/, both two levels below
 * the package root, so the relative path each import was written with still reaches its file
 * (`generatedExternal` checks that depth).
 */
const generatedExternal = {
  name: 'generated-external',
  setup(build) {
    build.onResolve({ filter: /\/generated\/[^/]+\.m?js$/ }, (args) => {
      const depth = relative(root, dirname(args.importer)).split(sep).length;
      if (depth !== 2) throw new Error(`${args.importer} imports ${args.path} from depth ${depth}, not 2`);
      return { path: args.path, external: true };
    });
  },
};

await build({
  absWorkingDir: root,
  entryPoints: { index: 'dist/index.js', 'msw/index': 'dist/msw/index.js' },
  outdir: 'dist',
  allowOverwrite: true,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'neutral',
  target: 'es2022',
  packages: 'external',
  chunkNames: 'chunks/[name]-[hash]',
  plugins: [generatedExternal],
  legalComments: 'inline',
  logLevel: 'warning',
});
// tsc's maps of the two entries describe the files the bundles replaced.
for (const map of ['index.js.map', 'msw/index.js.map']) rmSync(new URL(map, `file://${dist}`));
buildApiReference();
