/**
 * The API reference page (src/web/api-reference.ts) runs Redoc in the browser. Redoc ships a
 * standalone bundle (React, styled-components and core-js inside it), so the build copies that one
 * file into dist/web and redoc stays a devDependency: the installed kit carries 1 MB of static
 * JavaScript instead of redoc's 90 MB dependency tree (docs/packaging.md has the measured sizes).
 */
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where src/web/api-reference.ts looks for the bundle (beside its own built module). */
export const bundleDir = fileURLToPath(new URL('../dist/web/', import.meta.url));

/**
 * The one address off this machine in Redoc 2.5's bundle: the Redocly logo in the sidebar footer,
 * fetched unconditionally. It becomes an empty image (Redoc hides an image that fails), so the page
 * asks nothing of the internet; were the URL to change in an update, the page's CSP still blocks it
 * and test/web/api-reference.e2e.test.ts fails on the blocked request.
 */
const REDOC_LOGO_URL = 'https://cdn.redoc.ly/redoc/logo-mini.svg';

export function buildApiReference() {
  const require = createRequire(import.meta.url);
  const bundle = require.resolve('redoc/bundles/redoc.standalone.js');
  const redocRoot = dirname(require.resolve('redoc/package.json'));
  mkdirSync(bundleDir, { recursive: true });
  const text = readFileSync(bundle, 'utf8').replaceAll(REDOC_LOGO_URL, 'data:,');
  writeFileSync(join(bundleDir, 'redoc.standalone.js'), text);
  // MIT and the bundled libraries' licences travel with the copy.
  copyFileSync(`${bundle}.LICENSE.txt`, join(bundleDir, 'redoc.standalone.js.LICENSE.txt'));
  copyFileSync(join(redocRoot, 'LICENSE'), join(bundleDir, 'redoc.LICENSE'));
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) buildApiReference();
