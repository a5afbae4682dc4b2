/**
 * `npm run build` (also run by `prepare`, so a clone, a git dependency and `npm pack` all get it):
 * a clean dist/ (a module renamed or removed in src/ must not linger in the tarball), tsc, then the
 * API reference page's browser bundle (scripts/build-api-reference.mjs).
 */
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { buildApiReference } from './build-api-reference.mjs';

const root = fileURLToPath(new URL('../', import.meta.url));
rmSync(new URL('../dist/', import.meta.url), { recursive: true, force: true });
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
buildApiReference();
