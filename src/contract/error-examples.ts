import type { OpenApiDocument } from './spec-files.js';

/*
 * The error examples of a spec document (see error-catalogue.ts for what they are): a pure function
 * of the document, so `npm run generate` runs it at build time for the shipped spec
 * (spec-digest.ts) and the catalogue reads the result.
 */

/** The `error` object of the envelope, as an example shows it. */
export interface CatalogueErrorBody {
  readonly type: string;
  readonly message?: string;
  readonly invalid?: readonly unknown[];
}

/** One named example of the spec that names a kit error code. */
export interface ErrorExample {
  /** `x-error-code`: the kit's error code. */
  readonly code: string;
  /** Where it is, e.g. `#/components/responses/Forbidden/content/application~1json/examples/invalid_code`. */
  readonly pointer: string;
  /** The example's name (the key in `examples`), which `Prefer: example=` selects in Prism. */
  readonly name: string;
  readonly response: string;
  readonly status: number;
  readonly error: CatalogueErrorBody;
  /** `x-error-params`: each parameter with the value this example uses. */
  readonly params: Readonly<Record<string, string>>;
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const escapePointer = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1');

function stringParams(raw: unknown, where: string): Record<string, string> {
  if (raw === undefined) return {};
  if (!isObject(raw)) throw new Error(`${where}: x-error-params is not a mapping`);
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw)) {
    if (typeof value !== 'string') throw new Error(`${where}: x-error-params.${name} is not a string`);
    out[name] = value;
  }
  return out;
}

/** Every error example of a document that carries `x-error-code`, in document order. */
export function errorExamplesOf(doc: OpenApiDocument): ErrorExample[] {
  const responses = doc.components?.responses;
  const out: ErrorExample[] = [];
  for (const [response, node] of Object.entries(isObject(responses) ? responses : {})) {
    const media = isObject(node) && isObject(node.content) ? node.content['application/json'] : undefined;
    const examples = isObject(media) && isObject(media.examples) ? media.examples : {};
    for (const [name, example] of Object.entries(examples)) {
      if (!isObject(example)) continue;
      const pointer = `#/components/responses/${escapePointer(response)}/content/application~1json/examples/${escapePointer(name)}`;
      const code = example['x-error-code'];
      if (typeof code !== 'string') throw new Error(`${pointer} has no x-error-code`);
      const value = isObject(example.value) ? example.value : {};
      const meta = isObject(value.meta) ? value.meta : {};
      const error = value.error;
      if (!isObject(error) || typeof error.type !== 'string' || typeof meta.code !== 'number') {
        throw new Error(`${pointer} is not an error envelope with meta.code and error.type`);
      }
      out.push({
        code,
        pointer,
        name,
        response,
        status: meta.code,
        error: error as unknown as CatalogueErrorBody,
        params: stringParams(example['x-error-params'], pointer),
      });
    }
  }
  return out;
}
