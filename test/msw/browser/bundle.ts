import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = new URL('../../../', import.meta.url);
const at = (path: string) => fileURLToPath(new URL(path, root));

/**
 * Bundles test/msw/browser/page.ts from the package sources into one ES module, as an
 * integrator's bundler would: no aliases, no shims, no spec files to load. The engine runs on Web
 * Crypto and reads the specs embedded by `npm run generate`, so a `node:` import anywhere in what
 * the page reaches fails this build (esbuild cannot resolve `node:*` for the browser platform).
 */
export async function bundlePage(): Promise<string> {
  const result = await build({
    entryPoints: [at('test/msw/browser/page.ts')],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
  });
  const [output] = result.outputFiles;
  if (output === undefined) throw new Error('esbuild produced no output');
  return output.text;
}
