import { controlSpecJson } from '../generated/control.spec.js';
import { ehealthOtpSpecJson } from '../generated/ehealth-otp.spec.js';

/** A parsed OpenAPI document; only the parts the kit reads are typed. */
export interface OpenApiDocument {
  readonly openapi: string;
  readonly paths: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  readonly components?: Readonly<Record<string, unknown>>;
  readonly [key: string]: unknown;
}

/**
 * Where the spec files ship with the package (package.json `files`), for Node-only readers of the
 * raw YAML (spec-text.ts, the `mock` command). This module sits two levels below the package root
 * both as source (src/contract) and as build output (dist/contract). Building a URL reads nothing.
 */
export const specUrls = {
  ehealth: new URL('../../openapi/ehealth-otp.yaml', import.meta.url),
  control: new URL('../../openapi/control.yaml', import.meta.url),
} as const;

export type SpecName = keyof typeof specUrls;

/**
 * The specs, embedded by `npm run generate` as JSON text (src/generated/*.spec.ts, checked for
 * staleness by `npm run generate -- --check`): the core reads its contract with no YAML parser and
 * no file system, so the same code runs under Node, in msw's browser worker and in any other JS
 * runtime. Text, parsed on the first `loadSpec`: a string literal costs its import next to
 * nothing, where the same document as an object literal was evaluated on every start (7 ms of
 * the msw cold start), and what the runtime needs at start is in the spec digest
 * (spec-digest.ts), so most starts never parse a document.
 */
const texts: Readonly<Record<SpecName, string>> = {
  ehealth: ehealthOtpSpecJson,
  control: controlSpecJson,
};
const documents: Partial<Record<SpecName, OpenApiDocument>> = {};

/** The parsed spec; every caller shares the same object. */
export function loadSpec(name: SpecName): OpenApiDocument {
  let doc = documents[name];
  if (doc === undefined) {
    doc = JSON.parse(texts[name]) as OpenApiDocument;
    documents[name] = doc;
  }
  return doc;
}
