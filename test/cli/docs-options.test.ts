import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Option } from '../../src/cli/options.js';
import { serveOptions } from '../../src/cli/serve-options.js';

/** docs/running-modes.md's option table cannot fall behind the options `serve` reads. */
describe('docs/running-modes.md', () => {
  const doc = readFileSync(new URL('../../docs/running-modes.md', import.meta.url), 'utf8');
  const rows = doc.split('\n').filter((line) => line.startsWith('| `--'));

  it('has a row for every serve option with its environment variables', () => {
    for (const option of Object.values(serveOptions) as Option<unknown>[]) {
      const flag = option.metavar === undefined ? `--no-${option.name}` : `--${option.name}`;
      const row = rows.find((r) => r.startsWith(`| \`${flag}`));
      expect(row, flag).toBeDefined();
      for (const name of option.env) expect(row, flag).toContain(name);
    }
    expect(rows).toHaveLength(Object.keys(serveOptions).length);
  });
});
