import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { type ParseArgsConfig, parseArgs } from 'node:util';
import { didYouMean } from './did-you-mean.js';
import { UsageError } from './io.js';

/**
 * One option of a command, read from (first wins) its flag, its environment variables, the
 * `--config` file, or its default. The flag name is also the config file key, so one table
 * drives parsing, validation, the config schema and the help text.
 *
 * Parsing is node:util's parseArgs (built in since Node 18.3, so no dependency; commander or yargs
 * would add their own help format and a second way to declare options). What it lacks, the
 * sources beyond argv and "did you mean", is this file.
 */
export interface Option<T> {
  /** Flag and config key, kebab-case: `control-token`. */
  readonly name: string;
  /** `N`, `HOST`…; undefined for an on/off option (`--name` / `--no-name`, `true`/`false` elsewhere). */
  readonly metavar?: string;
  readonly summary: string;
  /** As the help shows it; the resolved value is undefined when nothing gave one. */
  readonly defaultText?: string;
  /** Environment variables, checked in order. */
  readonly env: readonly string[];
  /** Only `--flag` and env, not the config file (the `config` option itself). */
  readonly noConfigKey?: boolean;
  /** Text to value; throws an Error whose message completes "<source> …, got <raw>". */
  readonly parse: (text: string) => T;
}

export type OptionTable = Readonly<Record<string, Option<unknown>>>;
export type Resolved<O extends OptionTable> = {
  -readonly [K in keyof O]: ReturnType<O[K]['parse']> | undefined;
};

/** A whole number in [min, max]. */
export function integer(min: number, max: number): (text: string) => number {
  return (text) => {
    const n = text.trim() === '' ? Number.NaN : Number(text);
    if (!Number.isInteger(n) || n < min || n > max)
      throw new Error(`must be a whole number from ${min} to ${max}`);
    return n;
  };
}

export function oneOf<const T extends string>(values: readonly T[]): (text: string) => T {
  return (text) => {
    if (!(values as readonly string[]).includes(text))
      throw new Error(`must be one of ${values.join(', ')}${didYouMean(text, values)}`);
    return text as T;
  };
}

export function nonEmpty(text: string): string {
  if (text === '') throw new Error('must not be empty');
  return text;
}

export function onOff(text: string): boolean {
  if (/^(?:true|1|yes|on)$/i.test(text)) return true;
  if (/^(?:false|0|no|off)$/i.test(text)) return false;
  throw new Error('must be true or false');
}

const quote = (raw: string) => JSON.stringify(raw.length > 60 ? `${raw.slice(0, 57)}...` : raw);

function parseArgv(table: OptionTable, argv: readonly string[]) {
  const options: NonNullable<ParseArgsConfig['options']> = { help: { type: 'boolean', short: 'h' } };
  for (const option of Object.values(table)) {
    if (option.metavar === undefined) {
      options[option.name] = { type: 'boolean' };
      options[`no-${option.name}`] = { type: 'boolean' };
    } else options[option.name] = { type: 'string' };
  }
  const known = Object.keys(options);
  try {
    return parseArgs({ args: [...argv], options, strict: true, allowPositionals: false }).values;
  } catch (error) {
    const arg = argv.find(
      (a) => a.startsWith('-') && !known.includes(a.replace(/^--?/, '').split('=')[0] ?? ''),
    );
    if (arg?.startsWith('--')) {
      const name = arg.slice(2).split('=')[0] ?? '';
      throw new UsageError(`unknown option "--${name}"${didYouMean(name, known, '--')}`);
    }
    throw new UsageError(ownMessage(error, arg));
  }
}

/** parseArgs' errors in the kit's words: Node's text names the argument but reads like an internal error. */
function ownMessage(error: unknown, unknownArg: string | undefined): string {
  const code = (error as { code?: string }).code;
  const text = error instanceof Error ? error.message : String(error);
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && unknownArg !== undefined)
    return `unknown option "${unknownArg}" (the options are long ones, like --port N)`;
  const flag = /'(--?[\w-]+)/.exec(text)?.[1];
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && flag !== undefined)
    return text.includes('does not take') ? `${flag} takes no value` : `${flag} needs a value`;
  const positional = /Unexpected argument '([^']*)'/.exec(text)?.[1];
  if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL' && positional !== undefined)
    return `unexpected argument "${positional}": this command takes options only`;
  return text;
}

/**
 * The YAML parser, loaded only when a config file is named: importing `yaml` (its CommonJS build,
 * 72 files) cost `serve`'s start ~20 % of its CPU (docs/performance.md, "Cold start"), and most
 * starts have no --config. `require` keeps readConfig synchronous.
 */
const parseYaml = (): ((text: string) => unknown) =>
  (createRequire(import.meta.url)('yaml') as typeof import('yaml')).parse;

/** The config file as a mapping of option names to values; every problem is one line naming its key. */
function readConfig(table: OptionTable, path: string): Map<string, string> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new UsageError(
      `--config ${path}: cannot read it (${(error as NodeJS.ErrnoException).code ?? String(error)})`,
    );
  }
  let doc: unknown;
  try {
    doc = parseYaml()(text);
  } catch (error) {
    throw new UsageError(
      `${path}: not valid YAML: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`,
    );
  }
  if (doc === null || doc === undefined) return new Map();
  if (typeof doc !== 'object' || Array.isArray(doc))
    throw new UsageError(`${path}: must be a mapping of option names to values (e.g. "port: 4010")`);
  const keys = Object.values(table)
    .filter((o) => o.noConfigKey !== true)
    .map((o) => o.name);
  const values = new Map<string, string>();
  const errors: string[] = [];
  for (const [key, value] of Object.entries(doc)) {
    if (!keys.includes(key)) errors.push(`${path}: ${key}: unknown key${didYouMean(key, keys)}`);
    else if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
      values.set(key, String(value));
    else if (Array.isArray(value) && value.every((v) => typeof v === 'string'))
      values.set(key, value.join(','));
    else errors.push(`${path}: ${key}: must be a string, a number or true/false`);
  }
  if (errors.length > 0) throw new UsageError(errors.join('\n'));
  return values;
}

export interface Parsed<O extends OptionTable> {
  readonly help: boolean;
  readonly values: Resolved<O>;
}

/**
 * Resolves every option: flag, then environment, then the config file named by the `config`
 * option (when the table has one), then undefined. All errors are reported together.
 */
export function resolveOptions<O extends OptionTable>(
  table: O,
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): Parsed<O> {
  const flags = parseArgv(table, argv);
  if (flags.help === true) return { help: true, values: {} as Resolved<O> };
  const errors: string[] = [];
  const out: Record<string, unknown> = {};
  let config = new Map<string, string>();
  let configPath = '';
  const resolveOne = (key: string, option: Option<unknown>): void => {
    let source: string | undefined;
    let raw: string | undefined;
    const flag = flags[option.name];
    if (option.metavar === undefined) {
      if (flags[`no-${option.name}`] === true) [source, raw] = [`--no-${option.name}`, 'false'];
      else if (flag === true) [source, raw] = [`--${option.name}`, 'true'];
    } else if (typeof flag === 'string') [source, raw] = [`--${option.name}`, flag];
    if (source === undefined) {
      // An empty variable counts as unset (compose files write `PORT=`), except for an option
      // that refuses empty text (the control token): there it is a mistake worth stopping for.
      const name = option.env.find(
        (n) => env[n] !== undefined && (env[n] !== '' || option.parse === nonEmpty),
      );
      if (name !== undefined) [source, raw] = [name, env[name]];
    }
    if (source === undefined && config.has(option.name))
      [source, raw] = [`${configPath}: ${option.name}`, config.get(option.name)];
    if (source === undefined || raw === undefined) return;
    try {
      out[key] = option.parse(raw);
    } catch (error) {
      errors.push(`${source} ${error instanceof Error ? error.message : String(error)}, got ${quote(raw)}`);
    }
  };
  const entries = Object.entries(table);
  // The config file is read first: it supplies what neither a flag nor the environment gives.
  const configEntry = entries.find(([, o]) => o.name === 'config');
  if (configEntry !== undefined) {
    resolveOne(...configEntry);
    if (errors.length > 0) throw new UsageError(errors.join('\n'));
    const path = out[configEntry[0]];
    if (typeof path === 'string') {
      configPath = path;
      config = readConfig(table, path);
    }
  }
  for (const [key, option] of entries) if (option !== configEntry?.[1]) resolveOne(key, option);
  if (errors.length > 0) throw new UsageError(errors.join('\n'));
  return { help: false, values: out as Resolved<O> };
}

/** `--port`, as `serve` and `mock` read it: the kit's variable first, then the platform's `PORT`. */
export function portOption(summary: string, min: 0 | 1): Option<number> {
  const env = ['EHEALTH_OTP_KIT_PORT', 'PORT'];
  return { name: 'port', metavar: 'N', summary, defaultText: '4010', env, parse: integer(min, 65_535) };
}

/** `--host`, read like `--port`. */
export function hostOption(summary: string): Option<string> {
  const env = ['EHEALTH_OTP_KIT_HOST', 'HOST'];
  return { name: 'host', metavar: 'HOST', summary, defaultText: '127.0.0.1', env, parse: nonEmpty };
}
