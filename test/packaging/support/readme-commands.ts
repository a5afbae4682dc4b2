import { marked, type Token, type Tokens } from 'marked';

/** One shell command of the README, as a reader would paste it (continuations joined). */
export interface ReadmeCommand {
  readonly section: string;
  readonly command: string;
  /** Written with a trailing `&`: the README starts it in the background and goes on. */
  readonly background: boolean;
  /** It starts a server (`npm start`, `serve`, `mock`, or `&`): it keeps running while the next commands run. */
  readonly server: boolean;
}

const SERVER = /\bnpm start\b|ehealth-otp-kit (serve|mock)\b/;

/** A `sh` block's commands: `\`-continued lines joined, comment-only and blank lines dropped. */
export function shellCommands(block: string): { command: string; background: boolean }[] {
  const logical: string[] = [];
  let current = '';
  for (const line of block.split('\n')) {
    current += line;
    if (/\\\s*$/.test(line)) current = `${current.replace(/\\\s*$/, '')} `;
    else {
      logical.push(current);
      current = '';
    }
  }
  if (current !== '') logical.push(current);
  return logical
    .filter((l) => l.trim() !== '' && !l.trim().startsWith('#'))
    .map((l) => {
      // A trailing `&` may be followed by a comment: `serve … &   # or your own deployment`.
      const background = /&\s*(#.*)?$/.test(l) && !/&&\s*(#.*)?$/.test(l);
      return { command: background ? l.replace(/&\s*(#.*)?$/, '').trim() : l.trim(), background };
    });
}

/**
 * The `sh` commands of the README's first screen (everything above the first `##` heading) and of
 * the sections named, in reading order. Read from the README itself, so a rewritten snippet is
 * tested as rewritten.
 */
export function readmeCommands(readme: string, sections: readonly string[]): ReadmeCommand[] {
  const found: ReadmeCommand[] = [];
  let section = 'first screen';
  for (const token of marked.lexer(readme) as Token[]) {
    if (token.type === 'heading' && (token as Tokens.Heading).depth === 2)
      section = (token as Tokens.Heading).text;
    if (token.type !== 'code' || (token as Tokens.Code).lang !== 'sh') continue;
    if (section !== 'first screen' && !sections.includes(section)) continue;
    for (const c of shellCommands((token as Tokens.Code).text))
      found.push({ section, ...c, server: c.background || SERVER.test(c.command) });
  }
  return found;
}
