import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { allScenarios } from '../../src/conformance/scenarios/index.js';
import { loadSpec } from '../../src/contract/spec-files.js';

/**
 * docs/research/findings-outcomes.md gives every row of the real-service findings §2 and §5 its
 * outcome (issue 16). It cannot rot silently: each divergence id it names is recorded in the spec,
 * each scenario id exists, each file it cites exists, and each row is there once.
 */
const root = new URL('../../', import.meta.url);
const page = readFileSync(new URL('docs/research/findings-outcomes.md', root), 'utf8');
const rows = page.split('\n').filter((line) => /^\| [OEVC][\w-]* \|/.test(line));
/** A row's cells; an escaped `\|` inside a cell does not split it. */
const cells = (row: string) => row.split(/(?<!\\)\|/).map((c) => c.trim());

/** Every `x-divergences` id anywhere in the spec: the document's, and every operation's. */
function specDivergenceIds(): Set<string> {
  const ids = new Set<string>();
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (typeof node === 'object' && node !== null)
      for (const [key, value] of Object.entries(node)) {
        if (key === 'x-divergences' && Array.isArray(value))
          for (const d of value) ids.add(String((d as { id?: unknown }).id));
        walk(value);
      }
  };
  walk(loadSpec('ehealth'));
  return ids;
}

const range = (prefix: string, last: number) => Array.from({ length: last }, (_, i) => `${prefix}${i + 1}`);

describe('docs/research/findings-outcomes.md', () => {
  it('has each row of §2 (O1-O19, E1-E10, V1-V6 and the three code facts) and §5 (C1-C16) once', () => {
    const ids = rows.map((row) => cells(row)[1]);
    const expected = [
      ...range('O', 19),
      ...range('E', 10),
      ...range('V', 6),
      'V-Location',
      'V-406',
      'V-code',
      ...range('C', 16),
    ];
    expect([...ids].sort()).toEqual([...expected].sort());
  });

  it('gives each row one of the outcomes the page defines', () => {
    const outcomes =
      /^(match|divergence|implemented|model branch|n\/a|outside|open|message: match|for person requests)/;
    for (const row of rows) expect(cells(row)[3], row).toMatch(outcomes);
  });

  it('names only divergence ids the spec records', () => {
    const named = [...new Set([...page.matchAll(/`(DIV-[A-Z0-9-]+)`/g)].map((m) => m[1] ?? ''))];
    expect(named.length).toBeGreaterThan(10);
    const recorded = specDivergenceIds();
    // DIV-PR-CONFIDANT-DOC-TYPES is named as a proposal that was never recorded (row C13).
    expect(named.filter((id) => !recorded.has(id) && id !== 'DIV-PR-CONFIDANT-DOC-TYPES')).toEqual([]);
    expect(recorded.has('DIV-PR-CONFIDANT-DOC-TYPES')).toBe(false);
  });

  it('names only scenario ids the suite has', () => {
    const scenarioIds = new Set(allScenarios.map((s) => s.id));
    const named = [...page.matchAll(/`([A-Z][A-Z0-9]*(?:-[A-Z0-9]+)+)`/g)]
      .map((m) => m[1] ?? '')
      .filter((id) => !id.startsWith('DIV-'));
    expect(named.length).toBeGreaterThan(20);
    expect([...new Set(named)].filter((id) => !scenarioIds.has(id))).toEqual([]);
  });

  it('cites only test and source files that exist', () => {
    const files = [...page.matchAll(/((?:test|src)\/[\w./-]+\.ts)/g)].map((m) => m[1] ?? '');
    expect(files.length).toBeGreaterThan(5);
    expect([...new Set(files)].filter((f) => !existsSync(new URL(f, root)))).toEqual([]);
  });
});
