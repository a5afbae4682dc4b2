import type { OptionTable } from './options.js';

/**
 * A command's help, in the layout of git's and npm's: a one-line description, usage, options with
 * their defaults and environment variables, examples, exit codes.
 */
export interface CommandHelp {
  readonly name: string;
  /** One line, shown in the top-level list too. */
  readonly summary: string;
  readonly usage: string;
  readonly options: OptionTable;
  /** Paragraphs after the options (precedence, notes). */
  readonly notes?: readonly string[];
  readonly examples: readonly string[];
  readonly exitCodes: readonly (readonly [number, string])[];
}

const wrapAt = 30;

function optionLines(options: OptionTable): string[] {
  const lines: string[] = [];
  for (const o of Object.values(options)) {
    const flag = o.metavar === undefined ? `--no-${o.name}` : `--${o.name} ${o.metavar}`;
    const facts = [
      o.defaultText === undefined ? undefined : `default ${o.defaultText}`,
      o.env.length === 0 ? undefined : `env ${o.env.join(', ')}`,
    ].filter((f) => f !== undefined);
    lines.push(`  ${flag.padEnd(wrapAt - 3)} ${o.summary}`);
    if (facts.length > 0) lines.push(`  ${''.padEnd(wrapAt - 3)} (${facts.join('; ')})`);
  }
  lines.push(`  ${'--help, -h'.padEnd(wrapAt - 3)} this help`);
  return lines;
}

export function renderHelp(help: CommandHelp): string {
  const parts = [
    `ehealth-otp-kit ${help.name}: ${help.summary}`,
    '',
    `Usage: ${help.usage}`,
    '',
    'Options:',
    ...optionLines(help.options),
  ];
  for (const note of help.notes ?? []) parts.push('', note);
  parts.push('', 'Examples:', ...help.examples.map((e) => `  ${e}`));
  parts.push('', 'Exit codes:', ...help.exitCodes.map(([code, meaning]) => `  ${code}  ${meaning}`));
  return `${parts.join('\n')}\n`;
}
