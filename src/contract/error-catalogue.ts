import { specDigest } from '../generated/spec-digest.js';
import type { CatalogueErrorBody, ErrorExample } from './error-examples.js';

export type { CatalogueErrorBody, ErrorExample } from './error-examples.js';

/**
 * The error catalogue, read from openapi/ehealth-otp.yaml: every named example of an error
 * response (`components/responses/<name>/content/application/json/examples/<example>`) carries
 * `x-error-code` (the kit's error code) and, where its message or an `invalid` entry names a
 * value, `x-error-params` (parameter → the value the example uses). The spec's info.description
 * and docs/CONTRACT.md "The envelope" say the same. The reference server's error table and the
 * conformance suite's expected messages both read it, so the texts exist once, in the spec.
 */

export interface CatalogueEntry {
  readonly code: string;
  readonly status: number;
  readonly type: string;
  /** The message with each parameter as `{name}`; undefined when the error has none (404). */
  readonly message: string | undefined;
  /**
   * `error.invalid` with each parameter as `{name}` in its `entry` strings; undefined when the
   * error has none, or when its examples differ (validation_failed: the entries come from the
   * request body's schema errors, so the caller supplies them).
   */
  readonly invalid: readonly unknown[] | undefined;
  readonly params: readonly string[];
  readonly examples: readonly ErrorExample[];
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Every error example of the spec that carries `x-error-code`, in document order: `errorExamplesOf`
 * as the generator ran it on the spec (src/generated/spec-digest.ts).
 */
export function listErrorExamples(): readonly ErrorExample[] {
  return specDigest.errorExamples;
}

/** Replaces each parameter's example value by `{name}`: the example becomes a template. */
function templateOf(text: string, params: Readonly<Record<string, string>>): string {
  let out = text;
  for (const [name, value] of Object.entries(params)) out = out.split(value).join(`{${name}}`);
  return out;
}

function templateInvalid(invalid: readonly unknown[], params: Readonly<Record<string, string>>): unknown[] {
  return invalid.map((item) =>
    isObject(item) && typeof item.entry === 'string'
      ? { ...item, entry: templateOf(item.entry, params) }
      : item,
  );
}

function entryOf(code: string, examples: readonly ErrorExample[]): CatalogueEntry {
  const first = examples[0] as ErrorExample;
  const message =
    first.error.message === undefined ? undefined : templateOf(first.error.message, first.params);
  const invalids = examples.map((e) =>
    e.error.invalid === undefined ? undefined : JSON.stringify(templateInvalid(e.error.invalid, e.params)),
  );
  const invalid =
    first.error.invalid !== undefined && invalids.every((i) => i === invalids[0])
      ? templateInvalid(first.error.invalid, first.params)
      : undefined;
  for (const e of examples) {
    const m = e.error.message === undefined ? undefined : templateOf(e.error.message, e.params);
    if (e.status !== first.status || e.error.type !== first.error.type || m !== message) {
      throw new Error(`${e.pointer}: the examples of ${code} disagree on status, type or message`);
    }
  }
  return {
    code,
    status: first.status,
    type: first.error.type,
    message,
    invalid,
    params: Object.keys(first.params),
    examples,
  };
}

let catalogue: ReadonlyMap<string, CatalogueEntry> | undefined;

/** Every kit error code of the spec, read once (on first use, so a registered spec is honoured). */
export function errorCatalogue(): ReadonlyMap<string, CatalogueEntry> {
  if (catalogue === undefined) {
    const byCode = new Map<string, ErrorExample[]>();
    for (const example of listErrorExamples()) {
      byCode.set(example.code, [...(byCode.get(example.code) ?? []), example]);
    }
    catalogue = new Map([...byCode].map(([code, examples]) => [code, entryOf(code, examples)]));
  }
  return catalogue;
}

export function catalogueEntry(code: string): CatalogueEntry {
  const entry = errorCatalogue().get(code);
  if (entry === undefined) throw new Error(`the spec has no error example with x-error-code ${code}`);
  return entry;
}

function fill(template: string, code: string, params: Readonly<Record<string, string>>): string {
  return template.replace(/\{([a-z_]+)\}/g, (_whole, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`${code} needs the parameter ${name}`);
    return value;
  });
}

/** The message of a code with its parameters filled in; undefined when the error has none. */
export function errorMessage(
  code: string,
  params: Readonly<Record<string, string>> = {},
): string | undefined {
  const { message } = catalogueEntry(code);
  return message === undefined ? undefined : fill(message, code, params);
}

/**
 * The `error` object for a code: type and message from the catalogue, `invalid` from the
 * catalogue (parameters filled in) unless the caller supplies it.
 */
export function errorBody(
  code: string,
  params: Readonly<Record<string, string>> = {},
  invalid?: readonly unknown[],
): CatalogueErrorBody {
  const entry = catalogueEntry(code);
  const message = errorMessage(code, params);
  const items =
    invalid ??
    entry.invalid?.map((item) =>
      isObject(item) && typeof item.entry === 'string'
        ? { ...item, entry: fill(item.entry, code, params) }
        : item,
    );
  return {
    type: entry.type,
    ...(message === undefined ? {} : { message }),
    ...(items === undefined ? {} : { invalid: items }),
  };
}
