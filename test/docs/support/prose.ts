import type { Citation } from './resolve.js';

/**
 * How the project cites its documents in prose (comments, spec descriptions, divergence sources):
 * a Markdown file (`docs/conformance.md`, `CONTRACT.md`, `docs/security.md#limits`), optionally
 * followed by a quoted heading or phrase (`CONTRACT.md "The envelope"`) or a section
 * (`ehealth-behaviour.md §3.1`);
 * a seed document (`seeds/002`); a spec file (`openapi/control.yaml`). A path glued to a
 * package name or a URL path (`ehealth-otp-kit/openapi/…`, `/openapi/…`) is not a file citation.
 */
const CITATION = new RegExp(
  [
    String.raw`(?<![\w/.@-])`,
    String.raw`(?<path>(?:\.\.?/)*(?:[\w-]+/)*[\w.-]+\.md|(?:docs/)?seeds/\d{3}(?:_[0-9a-f]+\.txt)?|(?:\.\.?/)*openapi/[\w-]+\.yaml)`,
    String.raw`(?:#(?<anchor>[\w-]+))?`,
    String.raw`(?:,?[ \t]+(?:"(?<quote>[^"\n]+)"|§(?<section>\d+(?:\.\d+)*)))?`,
  ].join(''),
  'g',
);

/** The citations in `text`; `where` turns a match's offset into a location for the message. */
export function proseCitations(text: string, from: string, where: (offset: number) => string): Citation[] {
  return [...text.matchAll(CITATION)].map((m) => ({
    from,
    where: where(m.index),
    path: m.groups?.path ?? '',
    relativeToFile: false,
    anchor: m.groups?.anchor,
    quote: m.groups?.quote,
    section: m.groups?.section,
  }));
}

/** 1-based line of an offset. */
export function lineAt(text: string, offset: number): string {
  return String(text.slice(0, offset).split('\n').length);
}
