import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';

const root = new URL('../../../', import.meta.url);
const at = (path: string) => fileURLToPath(new URL(path, root));

/**
 * The engine imports node:crypto and node:fs; in a browser those become the kit's shims (Web
 * Crypto, and a file system that is never reached because the page registers the specs). This is
 * the same mapping an integrator's bundler needs (docs/running-modes.md).
 */
const nodeShims: Plugin = {
  name: 'ehealth-otp-kit-node-shims',
  setup(b) {
    b.onResolve({ filter: /^node:(crypto|fs)$/ }, (args) => ({
      path: at(`src/msw/shims/node-${args.path.slice('node:'.length)}.ts`),
    }));
  },
};

/** Bundles test/msw/browser/page.ts from the package sources into one ES module. */
export async function bundlePage(): Promise<string> {
  const result = await build({
    entryPoints: [at('test/msw/browser/page.ts')],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
    loader: { '.yaml': 'text' },
    plugins: [nodeShims],
  });
  const [output] = result.outputFiles;
  if (output === undefined) throw new Error('esbuild produced no output');
  return output.text;
}
