import { readFileSync } from 'node:fs';
import { type SpecName, specUrls } from './spec-files.js';

/**
 * Node-only: the raw YAML text of a shipped spec, e.g. for the API reference page, which serves
 * the file as written (comments and key order included). The core never imports this module; it
 * reads the parsed documents embedded by `npm run generate` (spec-files.ts).
 */
export function readSpecText(name: SpecName): string {
  return readFileSync(specUrls[name], 'utf8');
}
