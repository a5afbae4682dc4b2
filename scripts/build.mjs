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
 * `ehealth-otp-kit`, `ehealth-otp-kit/msw` and the CLI as bundles of tsc's output (issue 20, cold
 * start): Node's ES module loader costs about as much per module (resolve, stat, read, compile,
 * link) as the kit's code costs to evaluate, and the msw entry reached ~75 modules, `serve` ~100;
 * bundled, an msw test file's import loads the entry and a few chunks. The entries in one build
 * with code splitting, so the code they share (the engine, the store, the contract) is one copy in
 * dist/chunks/: a store or an engine made through one entry is the same class through the other
 * (the lifecycle's `instanceof StoreFullError` sees a store's error whichever entry built it).
 * The chunks sit two levels below the package root like every tsc output directory (dist/cli,
 * dist/contract, dist/web), so each `import.meta.url` path (the specs, package.json, the Redoc
 * bundle) still reaches its file. Dependencies stay imports (`packages: 'external'`), and so do
 * the suite's modules: `client` and `conformance` stay tsc's modules (their depths vary, and
 * src/conformance/runner/run.ts reads package.json from three levels down). The .d.ts files
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
/**
 * An import kept as written: a path up out of its directory (`../generated/…`, `../../src/…`)
 * from two levels below the root reaches the same file from the chunks; anything else is bundled.
 */
function keptImport(args) {
  if (!args.path.startsWith('../')) return undefined;
  const depth = relative(root, dirname(args.importer)).split(sep).length;
  if (depth !== 2) throw new Error(`${args.importer} imports ${args.path} from depth ${depth}, not 2`);
  return { path: args.path, external: true };
}
const keptExternal = {
  name: 'kept-external',
  setup(build) {
    build.onResolve({ filter: /\/generated\/[^/]+\.m?js$/ }, keptImport);
    // The CLI's `conform` and `verify` load the suite, tsc's modules (its own paths and depth).
    build.onResolve({ filter: /^\.\.\/conformance\// }, keptImport);
  },
};

await build({
  absWorkingDir: root,
  entryPoints: { index: 'dist/index.js', 'msw/index': 'dist/msw/index.js', 'cli/main': 'dist/cli/main.js' },
  outdir: 'dist',
  allowOverwrite: true,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'neutral',
  target: 'es2022',
  packages: 'external',
  chunkNames: 'chunks/[name]-[hash]',
  plugins: [keptExternal],
  legalComments: 'inline',
  logLevel: 'warning',
});
// tsc's maps of the two entries describe the files the bundles replaced.
for (const map of ['index.js.map', 'msw/index.js.map', 'cli/main.js.map'])
  rmSync(new URL(map, `file://${dist}`));
buildApiReference();
