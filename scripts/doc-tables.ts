// Writes the generated tables of the docs from the code and the spec: the scenario table and the
// observed-divergence table of docs/conformance.md (from allScenarios and their declarations), and
// the divergence table of docs/divergences.md (from the spec's x-divergences and the declarations). `--check` writes nothing and exits 1 when a
// committed table differs; test/conformance/doc-tables.test.ts runs the same check under `npm test`.
// Usage: npm run docs:tables [-- --check]
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { NOT_OBSERVABLE } from '../src/conformance/divergences.js';
import { familiesOf, familyOf } from '../src/conformance/runner/selection.js';
import type { Scenario } from '../src/conformance/scenario.js';
import { allScenarios } from '../src/conformance/scenarios/index.js';
import { type SpecDivergence, specDivergences } from '../src/conformance/spec-divergences.js';

const root = new URL('../', import.meta.url);

/** A table lives between these two lines; everything outside them is hand-written. */
function markers(name: string): { begin: string; end: string } {
  return {
    begin: `<!-- generated: ${name} table (npm run docs:tables); edit the code or the spec, not the table -->`,
    end: `<!-- end of the generated ${name} table -->`,
  };
}

/** A Markdown table cell: no line breaks, and a `|` would end the cell. */
function cell(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').replace(/\|/g, '\\|');
}

function code(text: string): string {
  return `\`${text}\``;
}

/**
 * The scenarios grouped by family (the spec's tag of each operation, runner/selection.ts: what
 * `conform --family` selects), one table per family in the order the suite runs them.
 */
export function scenarioTable(scenarios: readonly Scenario[]): string {
  const row = (s: Scenario) => {
    const needs = [s.needs.map(code).join(', '), s.required ? '' : '(not required)']
      .filter((part) => part !== '')
      .join(' ');
    return `| ${code(s.id)} | ${cell(s.title)} | ${needs} |`;
  };
  return familiesOf(scenarios)
    .map((family) => {
      const own = scenarios.filter((s) => familyOf(s.operation).id === family.id);
      return [
        `### ${family.name}`,
        '',
        `\`--family ${family.id}\`: ${own.length} scenarios.`,
        '',
        '| id | checks | needs |',
        '|---|---|---|',
        ...own.map(row),
      ].join('\n');
    })
    .join('\n\n');
}

/** Who reports a divergence: the scenarios that declare it, or why none can. */
function reportedBy(divergence: SpecDivergence, scenarios: readonly Scenario[]): string {
  const ids = scenarios
    .filter((s) => (s.divergences as readonly string[] | undefined)?.includes(divergence.id) === true)
    .map((s) => s.id);
  if (ids.length > 0) return ids.map(code).join(', ');
  const reason = NOT_OBSERVABLE[divergence.id];
  return reason === undefined ? '**no scenario** (a test fails)' : `none: ${cell(reason)}`;
}

export function divergenceTable(
  divergences: readonly SpecDivergence[],
  scenarios: readonly Scenario[],
): string {
  const rows = divergences.map((d) => {
    const operations = d.operations.length === 0 ? '(document)' : d.operations.join(', ');
    return `| ${code(d.id)} | ${operations} | ${cell(d.kit)} | ${reportedBy(d, scenarios)} |`;
  });
  return [
    "| id | operation | the kit does (the spec's `kit`) | the suite reports it on |",
    '|---|---|---|---|',
    ...rows,
  ].join('\n');
}

/** Per divergence the spec records: the scenarios that can observe it (their `divergences`), or why none. */
export function observedDivergenceTable(
  divergences: readonly SpecDivergence[],
  scenarios: readonly Scenario[],
): string {
  const rows = divergences.map((d) => `| ${code(d.id)} | ${reportedBy(d, scenarios)} |`);
  return ['| id | the scenarios that can observe it |', '|---|---|', ...rows].join('\n');
}

/** `doc` with the named table replaced; an error when the markers are missing. */
export function withTable(doc: string, name: string, table: string): string {
  const { begin, end } = markers(name);
  const start = doc.indexOf(begin);
  const stop = doc.indexOf(end);
  if (start === -1 || stop < start) throw new Error(`the ${name} table has no markers (${begin})`);
  return `${doc.slice(0, start + begin.length)}\n${table}\n${doc.slice(stop)}`;
}

/** The docs with generated tables, as they should be committed: file path → content. */
export async function generatedDocs(): Promise<Map<string, { current: string; wanted: string }>> {
  const divergences = specDivergences();
  const tables: Record<string, [name: string, table: string][]> = {
    'docs/conformance.md': [
      ['observed-divergence', observedDivergenceTable(divergences, allScenarios)],
      ['scenario', scenarioTable(allScenarios)],
    ],
    'docs/divergences.md': [['divergence', divergenceTable(divergences, allScenarios)]],
  };
  const out = new Map<string, { current: string; wanted: string }>();
  for (const [path, named] of Object.entries(tables)) {
    const current = await readFile(new URL(path, root), 'utf8');
    const wanted = named.reduce((doc, [name, table]) => withTable(doc, name, table), current);
    out.set(path, { current, wanted });
  }
  return out;
}

async function main(check: boolean): Promise<number> {
  let stale = 0;
  for (const [path, { current, wanted }] of await generatedDocs()) {
    if (current === wanted) continue;
    if (check) {
      stale += 1;
      console.error(`stale: the generated table in ${path} differs; run \`npm run docs:tables\``);
    } else {
      await writeFile(new URL(path, root), wanted);
      console.log(`wrote ${fileURLToPath(new URL(path, root))}`);
    }
  }
  if (check && stale === 0) console.log('generated doc tables are up to date');
  return stale > 0 ? 1 : 0;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await main(process.argv.includes('--check'));
}
