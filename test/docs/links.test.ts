import { describe, expect, it } from 'vitest';
import { brokenReason, type Citation } from './support/resolve.js';
import { commentCitations, filesUnder, markdownCitations, specCitations } from './support/sources.js';

/**
 * Every place the project points at one of its own files must still point at something: a moved
 * doc, a renamed heading or a document that was never committed (issue 13 found a design brief
 * cited in six comments that the repository does not have) fails here with the file, the line and
 * what is missing.
 */
function broken(citations: readonly Citation[]): string[] {
  return citations.flatMap((c) => {
    const reason = brokenReason(c);
    const target = `${c.path}${c.anchor === undefined ? '' : `#${c.anchor}`}`;
    return reason === undefined ? [] : [`${c.from}:${c.where} → ${target}: ${reason}`];
  });
}

const markdownFiles = ['README.md', ...filesUnder('docs', (n) => n.endsWith('.md'))];
const specFiles = filesUnder('openapi', (n) => n.endsWith('.yaml'));
const sourceFiles = ['src', 'test', 'bench', 'scripts'].flatMap((dir) =>
  filesUnder(dir, (n) => /\.(ts|mts|mjs|js)$/.test(n)),
);

describe('links and citations', () => {
  it('every relative link in README.md and docs/**/*.md points at a file (and heading) that exists', () => {
    const citations = markdownFiles.flatMap((f) => markdownCitations(f));
    expect(citations.length).toBeGreaterThan(20);
    expect(broken(citations)).toEqual([]);
  });

  it('every document the specs cite (descriptions, x-divergences sources) exists, with its section', () => {
    const citations = specFiles.flatMap(specCitations);
    expect(citations.some((c) => c.where.includes('x-divergences'))).toBe(true);
    expect(broken(citations)).toEqual([]);
  });

  it('every doc path a source comment cites (docs/x.md, CONTRACT.md "…", seeds/002) exists', () => {
    const citations = sourceFiles.flatMap(commentCitations);
    expect(citations.length).toBeGreaterThan(20);
    expect(broken(citations)).toEqual([]);
  });
});
