import type { CatalogueEntry } from '../../../src/contract/error-catalogue.js';

/**
 * The error table of docs/CONTRACT.md "The envelope", rendered from the spec's error catalogue.
 * The block between the two markers is generated; test/contract/error-catalogue.test.ts fails
 * when it is stale (and rewrites it when run with UPDATE_CONTRACT_TABLE=1).
 */
export const TABLE_START =
  '<!-- error-catalogue:start (generated from the spec; see test/contract/error-catalogue.test.ts) -->';
export const TABLE_END = '<!-- error-catalogue:end -->';

const code = (text: string) => `\`${text.replace(/\{([a-z_]+)\}/g, '<$1>')}\``;

export function renderErrorTable(entries: Iterable<CatalogueEntry>): string {
  const rows = [...entries]
    .sort((a, b) => a.status - b.status || a.code.localeCompare(b.code))
    .map((e) => {
      const message = e.message === undefined ? 'no message' : code(e.message);
      const invalid =
        e.invalid !== undefined
          ? code(JSON.stringify(e.invalid))
          : e.examples.some((x) => x.error.invalid !== undefined)
            ? 'one item per failing field and rule, e.g. the examples'
            : '';
      const examples = e.examples.map((x) => `${x.response}.${x.name}`).join(', ');
      return `| ${e.status} | ${e.type} | ${e.code} | ${message} | ${invalid} | ${examples} |`;
    });
  return [
    TABLE_START,
    '| status | error.type | kit error code (`x-error-code`) | message | invalid | spec examples |',
    '|---|---|---|---|---|---|',
    ...rows,
    TABLE_END,
  ].join('\n');
}

/** The text between the markers (markers included), or undefined when they are missing. */
export function currentTable(page: string): string | undefined {
  const start = page.indexOf(TABLE_START);
  const end = page.indexOf(TABLE_END);
  return start === -1 || end === -1 ? undefined : page.slice(start, end + TABLE_END.length);
}
