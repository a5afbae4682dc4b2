import { parse } from 'yaml';
import { type OpenApiDocument, registerSpec } from '../contract/spec-files.js';

/** Each spec as its YAML text (e.g. a bundler's raw import of openapi/*.yaml) or already parsed. */
export interface SpecSources {
  readonly ehealth: string | OpenApiDocument;
  readonly control: string | OpenApiDocument;
}

/**
 * Hands the two spec files to the engine where it cannot read them itself: in a browser bundle
 * (msw's `setupWorker`) there is no file system. Call once, before `createHandlers()`. In Node the
 * engine reads the files shipped with the package and this is never needed.
 */
export function registerSpecs(specs: SpecSources): void {
  for (const name of ['ehealth', 'control'] as const) {
    const source = specs[name];
    registerSpec(name, typeof source === 'string' ? (parse(source) as OpenApiDocument) : source);
  }
}
