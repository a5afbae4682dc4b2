import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { anchors, headings } from './markdown.js';

export const root = fileURLToPath(new URL('../../../', import.meta.url));

/** One place a file points at another file of the repository. */
export interface Citation {
  /** The citing file, relative to the repository root. */
  readonly from: string;
  /** A line number in the citing file, or a path inside a spec. */
  readonly where: string;
  /** The path as written, without `#anchor`. */
  readonly path: string;
  /** Resolve `path` against the citing file's folder (Markdown links), else as prose (see `locate`). */
  readonly relativeToFile: boolean;
  readonly anchor?: string | undefined;
  /** A quoted heading or phrase (`CONTRACT.md "The envelope"`) the target must contain. */
  readonly quote?: string | undefined;
  /** A section number (`ehealth-behaviour.md §3.1`) the target must have a heading for. */
  readonly section?: string | undefined;
}

/** `seeds/002`: a seed document named by its number (docs/seeds/002_<hash>.txt). */
function seedFile(file: string): string | undefined {
  const seed = /^(.*[/\\]seeds)[/\\](\d{3})$/.exec(file);
  if (seed?.[1] === undefined || !existsSync(seed[1])) return undefined;
  const name = readdirSync(seed[1]).find((n) => n.startsWith(`${seed[2]}_`));
  return name === undefined ? undefined : join(seed[1], name);
}

/**
 * Where a cited path points. Markdown links are relative to their file, as GitHub and npm render
 * them. Prose citations (comments, spec sources) name a path from the repository root, or, for the
 * documents the project keeps in docs/ (CONTRACT.md, seeds/), from docs/; `./` and `../` stay
 * relative to the citing file.
 */
export function locate(c: Citation): string | undefined {
  const relative = c.relativeToFile || /^\.\.?\//.test(c.path);
  const bases = relative ? [dirname(join(root, c.from))] : [root, join(root, 'docs')];
  for (const base of bases) {
    const file = join(base, decodeURIComponent(c.path));
    if (existsSync(file)) return file;
    const seed = seedFile(file);
    if (seed !== undefined) return seed;
  }
  return undefined;
}

/** Why a citation is broken, or undefined when its file (and anchor, section, quote) exist. */
export function brokenReason(c: Citation): string | undefined {
  const file = locate(c);
  if (file === undefined) return 'no such file';
  const checksContent = c.anchor !== undefined || c.quote !== undefined || c.section !== undefined;
  // Headings, sections and quotes are checked in Markdown only: the seeds are page dumps whose
  // titles and quoted rules are paraphrased where they are cited.
  if (!checksContent || !file.endsWith('.md') || statSync(file).isDirectory()) return undefined;
  const text = readFileSync(file, 'utf8');
  if (c.anchor !== undefined && c.anchor !== '' && !anchors(text).has(c.anchor.toLowerCase()))
    return `no heading with anchor #${c.anchor}`;
  if (c.section !== undefined) {
    const number = c.section.replace(/\.$/, '');
    const numbered = new RegExp(`^${number.replaceAll('.', '\\.')}(\\.|\\s)`);
    if (!headings(text).some((h) => numbered.test(h))) return `no section §${c.section}`;
  }
  if (c.quote !== undefined) {
    const flat = (s: string) => s.replace(/\s+/g, ' ').toLowerCase();
    const inHeading = headings(text).some((h) => flat(h).startsWith(flat(c.quote ?? '')));
    if (!inHeading && !flat(text).includes(flat(c.quote))) return `no heading or text "${c.quote}"`;
  }
  return undefined;
}

/** `path#anchor` split; Markdown hrefs are URL-encoded. */
export function splitAnchor(href: string): { path: string; anchor: string | undefined } {
  const hash = href.indexOf('#');
  return hash < 0
    ? { path: href, anchor: undefined }
    : { path: href.slice(0, hash), anchor: href.slice(hash + 1) };
}

/** Links with a scheme (https:, mailto:, data:) or protocol-relative ones are not files of the repository. */
export function isExternal(href: string): boolean {
  return /^[a-z][a-z0-9+.-]*:/i.test(href) || href.startsWith('//');
}
