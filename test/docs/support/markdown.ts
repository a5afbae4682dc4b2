import GithubSlugger from 'github-slugger';
import { marked, type Token, type Tokens } from 'marked';

/** A link or image target written in Markdown, with the line it is on (for the failure message). */
export interface MarkdownLink {
  readonly href: string;
  readonly line: number;
}

function lineOf(text: string, raw: string, from: number): { line: number; at: number } {
  const at = text.indexOf(raw, from);
  if (at < 0) return { line: 0, at: from };
  return { line: text.slice(0, at).split('\n').length, at };
}

/**
 * Every link and image of a Markdown text, as marked's lexer reads it (so code blocks and code
 * spans, which GitHub does not render as links, are not taken for links).
 */
export function markdownLinks(text: string): MarkdownLink[] {
  const links: MarkdownLink[] = [];
  let from = 0;
  marked.walkTokens(marked.lexer(text), (token: Token) => {
    if (token.type !== 'link' && token.type !== 'image') return;
    const { line, at } = lineOf(text, token.raw, from);
    from = at;
    links.push({ href: (token as Tokens.Link | Tokens.Image).href, line });
  });
  return links;
}

function plainText(tokens: readonly Token[]): string {
  return tokens
    .map((t) => ('tokens' in t && t.tokens !== undefined ? plainText(t.tokens) : 'text' in t ? t.text : ''))
    .join('');
}

/** The headings of a Markdown text, as rendered text (no backticks, no link syntax). */
export function headings(text: string): string[] {
  const found: string[] = [];
  marked.walkTokens(marked.lexer(text), (token: Token) => {
    if (token.type === 'heading') found.push(plainText((token as Tokens.Heading).tokens));
  });
  return found;
}

/** The anchors GitHub gives the headings of a file (github-slugger: the same algorithm, repeats numbered). */
export function anchors(text: string): Set<string> {
  const slugger = new GithubSlugger();
  return new Set(headings(text).map((h) => slugger.slug(h)));
}
