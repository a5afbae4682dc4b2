import type { ErrorObject } from 'ajv';
import { toEntryPath } from './rules.js';

/** The entry path is a rule the suite needs too, so it lives in rules.ts; re-exported for old callers. */
export { toEntryPath };

/** One `error.invalid[]` item of a 422 body, as the eHealth services write it (reference §2.3). */
export interface InvalidEntry {
  entry: string;
  entry_type: 'json_data_property';
  rules: [InvalidRule];
}

export interface InvalidRule {
  rule: string;
  description: string;
  params: unknown[] | Record<string, unknown>;
}

function jsonTypeName(value: unknown): string {
  if (value === null) return 'Null';
  if (Array.isArray(value)) return 'Array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'Integer' : 'Number';
  const t = typeof value;
  return t.charAt(0).toUpperCase() + t.slice(1);
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** The value at a JSON pointer, to name the type that failed a `type` rule. */
function valueAt(root: unknown, pointer: string): unknown {
  let node = root;
  for (const raw of pointer === '' ? [] : pointer.slice(1).split('/')) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[raw.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  return node;
}

/**
 * Maps one ajv error to the rule the eHealth validator (nex_json_schema) would report, with the
 * same rule names and description texts (reference §2.3): required, cast, format, schema, …
 */
function toEntry(error: ErrorObject, body: unknown): InvalidEntry {
  const p = error.params as Record<string, unknown>;
  const at = (
    entry: string,
    rule: string,
    description: string,
    params: InvalidRule['params'],
  ): InvalidEntry => ({
    entry,
    entry_type: 'json_data_property',
    rules: [{ rule, description, params }],
  });
  switch (error.keyword) {
    case 'required':
      return at(
        toEntryPath(error.instancePath, String(p.missingProperty)),
        'required',
        `required property ${String(p.missingProperty)} was not present`,
        [],
      );
    case 'type': {
      const expected = Array.isArray(p.type) ? (p.type as string[]) : [String(p.type)];
      const got = jsonTypeName(valueAt(body, error.instancePath));
      return at(
        toEntryPath(error.instancePath),
        'cast',
        `type mismatch. Expected ${expected.map(capitalise).join(', ')} but got ${got}`,
        expected,
      );
    }
    case 'pattern': {
      // The service prints the pattern Elixir-inspected: in quotes, each backslash doubled.
      const pattern = String(p.pattern);
      return at(
        toEntryPath(error.instancePath),
        'format',
        `string does not match pattern "${pattern.replace(/\\/g, '\\\\')}"`,
        [pattern],
      );
    }
    case 'additionalProperties': {
      const name = String(p.additionalProperty);
      const parent = valueAt(body, error.instancePath) as Record<string, unknown> | undefined;
      return at(
        toEntryPath(error.instancePath, name),
        'schema',
        'schema does not allow additional properties',
        {
          [name]: parent?.[name] ?? null,
        },
      );
    }
    case 'enum':
    case 'const': {
      const allowed = (p.allowedValues as unknown[] | undefined) ?? [p.allowedValue];
      return at(toEntryPath(error.instancePath), 'inclusion', 'value is not allowed in enum', allowed);
    }
    case 'format':
      return at(toEntryPath(error.instancePath), 'format', `expected a valid ${String(p.format)}`, [
        String(p.format),
      ]);
    case 'minLength':
    case 'maxLength':
    case 'minItems':
    case 'maxItems':
      return at(toEntryPath(error.instancePath), 'length', error.message ?? 'invalid length', [p.limit]);
    case 'minimum':
    case 'maximum':
      return at(toEntryPath(error.instancePath), 'number', error.message ?? 'number out of range', [p.limit]);
    default:
      return at(toEntryPath(error.instancePath), error.keyword, error.message ?? 'is invalid', []);
  }
}

/** One item per failing field and rule, in the order ajv found them, without repeats. */
export function toInvalidEntries(errors: readonly ErrorObject[], body: unknown): InvalidEntry[] {
  const seen = new Set<string>();
  const out: InvalidEntry[] = [];
  for (const error of errors) {
    // oneOf/anyOf summaries repeat what their branches already said.
    if (error.keyword === 'oneOf' || error.keyword === 'anyOf' || error.keyword === 'if') continue;
    const entry = toEntry(error, body);
    const key = `${entry.entry}\u0000${entry.rules[0].rule}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(entry);
  }
  return out;
}
