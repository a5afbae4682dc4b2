import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../../', import.meta.url));
/** The Node-only modules the core may sit beside but never import (the node:http adapter and its CORS step). */
const NODE_ONLY = [
  'src/reference-impl/adapters/node.ts',
  'src/reference-impl/adapters/cors.ts',
  'src/reference-impl/adapters/host-check.ts',
  'src/reference-impl/adapters/per-client.ts',
  'src/contract/spec-text.ts',
];
const CORE_DIRS = ['src/reference-impl', 'src/contract'];
/** What a browser bundle starts from: the msw entry and the engine. */
const ENTRIES = ['src/msw/index.ts', 'src/reference-impl/engine.ts'];

const IMPORT = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+|\brequire\s*\(\s*)['"]([^'"]+)['"]/g;

function sourceFiles(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => relative(root, join(e.parentPath, e.name)));
}

function importsOf(file: string): string[] {
  return [...readFileSync(join(root, file), 'utf8').matchAll(IMPORT)].map((m) => m[1] ?? '');
}

/** Every file reached from `entries` through relative imports (`./x.js` is the source `./x.ts`). */
function reachable(entries: readonly string[]): Set<string> {
  const seen = new Set<string>();
  const queue = [...entries];
  for (let file = queue.pop(); file !== undefined; file = queue.pop()) {
    if (seen.has(file)) continue;
    seen.add(file);
    for (const spec of importsOf(file)) {
      if (!spec.startsWith('.')) continue;
      queue.push(relative(root, resolve(root, dirname(file), spec.replace(/\.js$/, '.ts'))));
    }
  }
  return seen;
}

describe('the core is runtime-agnostic', () => {
  it('no file of src/reference-impl or src/contract imports a node: module, but the Node-only ones', () => {
    const files = CORE_DIRS.flatMap(sourceFiles).filter((f) => !NODE_ONLY.includes(f));
    expect(files.length).toBeGreaterThan(20);
    const offenders = files.flatMap((f) =>
      importsOf(f)
        .filter((spec) => spec.startsWith('node:'))
        .map((spec) => `${f} imports ${spec}`),
    );
    expect(offenders).toEqual([]);
  });

  it('nothing the msw entry or the engine reaches imports node:, the YAML parser or a Node-only module', () => {
    const files = [...reachable(ENTRIES)];
    expect(files).toEqual(expect.arrayContaining(['src/reference-impl/http/lifecycle.ts']));
    const offenders = files.flatMap((f) => [
      ...(NODE_ONLY.includes(f) ? [`${f} is Node-only`] : []),
      ...importsOf(f)
        .filter((spec) => spec.startsWith('node:') || spec === 'yaml')
        .map((spec) => `${f} imports ${spec}`),
    ]);
    expect(offenders).toEqual([]);
  });

  it('the scan sees a node: import where there is one', () => {
    expect(importsOf('src/reference-impl/adapters/node.ts')).toEqual(expect.arrayContaining(['node:http']));
    expect(importsOf('src/contract/spec-text.ts')).toEqual(['node:fs', './spec-files.js']);
  });
});
