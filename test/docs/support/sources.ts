import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { parse } from 'yaml';
import { markdownLinks } from './markdown.js';
import { lineAt, proseCitations } from './prose.js';
import { type Citation, isExternal, root, splitAnchor } from './resolve.js';

/** Files under `dir` (relative to the root) whose name passes `keep`, skipping node_modules and dist. */
export function filesUnder(dir: string, keep: (name: string) => boolean): string[] {
  const out: string[] = [];
  const walk = (abs: string) => {
    for (const entry of readdirSync(abs, { withFileTypes: true })) {
      if (entry.name === 'node_modules' || entry.name === 'dist' || entry.name.startsWith('.')) continue;
      const path = join(abs, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (keep(entry.name)) out.push(relative(root, path));
    }
  };
  walk(join(root, dir));
  return out.sort();
}

/** The relative links of a Markdown file (`#anchor` alone points into the file itself). */
export function markdownCitations(file: string, text = readFileSync(join(root, file), 'utf8')): Citation[] {
  return markdownLinks(text)
    .filter((l) => !isExternal(l.href))
    .map((l) => {
      const { path, anchor } = splitAnchor(l.href);
      const self = file.split('/').pop() ?? file;
      return {
        from: file,
        where: String(l.line),
        path: path === '' ? self : path,
        relativeToFile: true,
        anchor,
      };
    });
}

/** The text of every comment of a TypeScript or JavaScript file, with its offset. */
export function comments(text: string, file: string): { text: string; at: number }[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false);
  const seen = new Map<number, string>();
  const collect = (ranges: readonly ts.CommentRange[] | undefined) => {
    for (const r of ranges ?? []) seen.set(r.pos, text.slice(r.pos, r.end));
  };
  const visit = (node: ts.Node) => {
    collect(ts.getLeadingCommentRanges(text, node.getFullStart()));
    collect(ts.getTrailingCommentRanges(text, node.getEnd()));
    node.forEachChild(visit);
  };
  visit(source);
  collect(ts.getLeadingCommentRanges(text, source.endOfFileToken.getFullStart()));
  return [...seen].map(([at, body]) => ({ text: body, at }));
}

/** Doc citations in the comments of a source file. */
export function commentCitations(file: string): Citation[] {
  const text = readFileSync(join(root, file), 'utf8');
  return comments(text, file).flatMap((c) =>
    proseCitations(c.text, file, (offset) => lineAt(text, c.at + offset)),
  );
}

/**
 * Citations in a spec: the links and doc paths of every `description` (Markdown), and the
 * documents each `x-divergences[].source` names. A source reads `<doc> §N (upstream files); …`;
 * a parenthesis names files of the upstream services, not of this repository, so it is left out.
 */
export function specCitations(file: string): Citation[] {
  const doc: unknown = parse(readFileSync(join(root, file), 'utf8'));
  const found: Citation[] = [];
  const walk = (node: unknown, path: string) => {
    if (Array.isArray(node)) {
      for (const [i, v] of node.entries()) walk(v, `${path}[${i}]`);
      return;
    }
    if (typeof node !== 'object' || node === null) return;
    for (const [key, value] of Object.entries(node)) {
      const at = `${path}.${key}`;
      if (key === 'description' && typeof value === 'string') {
        found.push(
          ...markdownCitations(file, value).map((c) => ({ ...c, where: at, relativeToFile: false })),
        );
        found.push(...proseCitations(value, file, () => at));
      } else if (key === 'source' && typeof value === 'string' && path.includes('x-divergences')) {
        found.push(...proseCitations(value.replace(/\([^)]*\)/g, ''), file, () => at));
      } else walk(value, at);
    }
  };
  walk(doc, '$');
  return found;
}
