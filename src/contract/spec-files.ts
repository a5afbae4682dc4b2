import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

/** A parsed OpenAPI document; only the parts the kit reads are typed. */
export interface OpenApiDocument {
  readonly openapi: string;
  readonly paths: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  readonly components?: Readonly<Record<string, unknown>>;
  readonly [key: string]: unknown;
}

/**
 * The spec files ship with the package (see package.json `files`). This module sits two levels
 * below the package root both as source (src/contract) and as build output (dist/contract).
 */
export const specUrls = {
  ehealth: new URL('../../openapi/ehealth-otp.yaml', import.meta.url),
  control: new URL('../../openapi/control.yaml', import.meta.url),
} as const;

export type SpecName = keyof typeof specUrls;

const cache = new Map<SpecName, OpenApiDocument>();

/**
 * Supplies a spec that is already parsed, so `loadSpec` never touches the file system: a browser
 * bundle (the msw handlers under `setupWorker`) has no `node:fs` and embeds the YAML at build time.
 * Register before the first engine is created; Node callers never need it.
 */
export function registerSpec(name: SpecName, doc: OpenApiDocument): void {
  cache.set(name, doc);
}

/** Parses a spec once per process; every validator and router shares the same object. */
export function loadSpec(name: SpecName): OpenApiDocument {
  let doc = cache.get(name);
  if (doc === undefined) {
    doc = parse(readFileSync(specUrls[name], 'utf8')) as OpenApiDocument;
    cache.set(name, doc);
  }
  return doc;
}

/** Reads the raw YAML text, e.g. for the API reference page. */
export function readSpecText(name: SpecName): string {
  return readFileSync(specUrls[name], 'utf8');
}
