import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * The Redis client stays out of the runtime-agnostic core (issue 17): only the store/redis-*
 * files import @redis/client, and nothing imports those but each other and `serve`, which loads
 * them with a dynamic import() only for `--store redis://…`.
 */
const root = fileURLToPath(new URL('../../../', import.meta.url));
const sources = readdirSync(join(root, 'src'), { withFileTypes: true, recursive: true })
  .filter((e) => e.isFile() && e.name.endsWith('.ts'))
  .map((e) => relative(root, join(e.parentPath, e.name)));
const text = (file: string) => readFileSync(join(root, file), 'utf8');
const isRedisFile = (file: string) => /^src\/reference-impl\/store\/redis-[\w-]+\.ts$/.test(file);

describe('the Redis store is loaded only by serve --store', () => {
  it('only store/redis-*.ts import @redis/client', () => {
    const importers = sources.filter((f) => /from '@redis\/client'/.test(text(f)));
    expect(importers.length).toBeGreaterThan(0);
    expect(importers.filter((f) => !isRedisFile(f))).toEqual([]);
  });

  it('outside them, only src/cli/serve.ts names them, through a dynamic import() (or its type)', () => {
    const naming = sources.filter((f) => !isRedisFile(f) && /store\/redis-[\w-]+\.js/.test(text(f)));
    expect(naming).toEqual(['src/cli/serve.ts']);
    const uses = [...text('src/cli/serve.ts').matchAll(/^.*store\/redis-[\w-]+\.js.*$/gm)].map((m) => m[0]);
    expect(uses.length).toBeGreaterThan(0);
    // A dynamic import() at run time, or its type (erased on compilation).
    for (const line of uses) expect(line).toMatch(/await import\(|typeof import\(/);
    expect(uses.some((line) => /await import\(/.test(line))).toBe(true);
  });
});
