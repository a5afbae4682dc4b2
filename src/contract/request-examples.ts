import { getOperation } from './operations.js';
import { loadSpec } from './spec-files.js';

/**
 * The request-body examples of openapi/ehealth-otp.yaml, so a valid body is written once, in the
 * spec, and the demo data, the conformance suite, the try-it form and the tests start from it
 * instead of typing a body again (each then changes only what its case is about). Both sides of
 * the black box may read it: it is the spec, not the reference.
 */

interface MediaType {
  readonly example?: unknown;
  readonly examples?: Readonly<Record<string, { readonly value?: unknown }>>;
}

function mediaOf(operationId: string): MediaType | undefined {
  const op = getOperation(operationId);
  const item = loadSpec('ehealth').paths[op.path] as Record<string, { requestBody?: unknown }>;
  const body = item[op.method.toLowerCase()]?.requestBody as
    | { content?: Record<string, MediaType> }
    | undefined;
  return body?.content?.['application/json'];
}

/** Every request example of the operation by name (`example` as `default`), as the spec has them (not copies). */
export function requestExamples(operationId: string): Readonly<Record<string, unknown>> {
  const media = mediaOf(operationId);
  const named = Object.entries(media?.examples ?? {}).map(([name, e]) => [name, e.value] as const);
  return Object.fromEntries(media?.example === undefined ? named : [['default', media.example], ...named]);
}

/** The named request example, else the first one; undefined when the operation has none. */
export function findRequestExample(operationId: string, name?: string): unknown {
  const examples = requestExamples(operationId);
  return name === undefined ? Object.values(examples)[0] : examples[name];
}

/**
 * A fresh copy of an operation's request example: the named one, else the first. Throws when the
 * spec has none, so a renamed example fails where it is used.
 */
export function requestExample(operationId: string, name?: string): Record<string, unknown> {
  const value = findRequestExample(operationId, name);
  if (value === undefined || value === null || typeof value !== 'object')
    throw new Error(
      `the spec has no request example${name === undefined ? '' : ` "${name}"`} for ${operationId}`,
    );
  return structuredClone(value) as Record<string, unknown>;
}

/** The person of the v2 create example (an adult confirming by OTP), without its methods. */
export function examplePerson(): Record<string, unknown> {
  const { authentication_methods: _methods, ...person } = requestExample('createPersonRequestV2', 'otp')
    .person as Record<string, unknown>;
  return person;
}
