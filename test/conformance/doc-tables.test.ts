import { describe, expect, it } from 'vitest';
import { generatedDocs, scenarioTable, withTable } from '../../scripts/doc-tables.js';
import { allScenarios } from '../../src/conformance/scenarios/index.js';

/*
 * The scenario table of docs/conformance.md and the divergence table of docs/divergences.md are
 * generated (scripts/doc-tables.ts, `npm run docs:tables`): a table that no longer matches the
 * code or the spec fails here, under `npm test`.
 */
describe('the generated tables of the docs', () => {
  it('are what the code and the spec give (run `npm run docs:tables` after a change)', async () => {
    const stale = [...(await generatedDocs())]
      .filter(([, { current, wanted }]) => current !== wanted)
      .map(([path]) => path);
    expect(stale).toEqual([]);
  });

  it('notice a stale table: a scenario added to the code is missing from the committed one', async () => {
    const docs = await generatedDocs();
    const conformance = docs.get('docs/conformance.md');
    if (conformance === undefined) throw new Error('docs/conformance.md is not generated');
    const [first] = allScenarios;
    if (first === undefined) throw new Error('no scenarios');
    const more = [...allScenarios, { ...first, id: 'NEW-SCENARIO-200' }];
    const wanted = withTable(conformance.current, 'scenario', scenarioTable(more));
    expect(wanted).not.toBe(conformance.current);
    expect(wanted).toContain('| `NEW-SCENARIO-200` |');
  });

  it('refuses a doc whose markers are gone instead of appending a table', () => {
    expect(() => withTable('no markers here', 'scenario', '| a |')).toThrow(/no markers/);
  });
});
