import { controlSpec } from '../generated/control.spec.js';
import { ehealthOtpSpec } from '../generated/ehealth-otp.spec.js';

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
 * The parsed specs, embedded by `npm run generate` (src/generated/*.spec.ts, checked for staleness
 * by `npm run generate -- --check`): the core reads its contract with no YAML parser and no file
 * system, so the same code runs under Node, in msw's browser worker and in any other JS runtime.
 */
const documents: Readonly<Record<SpecName, OpenApiDocument>> = {
  ehealth: ehealthOtpSpec,
  control: controlSpec,
};

/** The parsed spec; every validator and router shares the same object. */
export function loadSpec(name: SpecName): OpenApiDocument {
  return documents[name];
}
