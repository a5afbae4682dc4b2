import { type ConfirmableAction, confirmableActionsOf } from './confirmable-actions.js';
import { type ErrorExample, errorExamplesOf } from './error-examples.js';
import { type OperationInfo, operationsOf } from './operation-info.js';
import type { OpenApiDocument, SpecName } from './spec-files.js';

/**
 * What the runtime reads from the shipped specs at start and on a first request, read at build
 * time instead (issue 20, cold start): `npm run generate` runs `digestOf` on both parsed specs and
 * writes the result as src/generated/spec-digest.ts, which operations.ts, confirmable.ts and
 * error-catalogue.ts read. So neither `createEngine` nor a first request walks (or even parses)
 * the embedded spec documents. One source of truth still: the digest is these readers' output on
 * the spec, `npm run generate -- --check` fails when it is stale, and
 * test/contract/spec-digest.test.ts compares it with the readers run on the embedded specs.
 * Pure functions only here (no import of the shipped specs), so the generator can run them.
 */
export interface SpecDigest {
  /** `operationsOf` of each spec. */
  readonly operations: Readonly<Record<SpecName, readonly OperationInfo[]>>;
  /** `confirmableActionsOf` of each spec. */
  readonly confirmable: Readonly<Record<SpecName, readonly ConfirmableAction[]>>;
  /** `errorExamplesOf` of the eHealth spec (the control API words its errors its own way). */
  readonly errorExamples: readonly ErrorExample[];
}

export function digestOf(docs: Readonly<Record<SpecName, OpenApiDocument>>): SpecDigest {
  return {
    operations: { ehealth: operationsOf(docs.ehealth), control: operationsOf(docs.control) },
    confirmable: { ehealth: confirmableActionsOf(docs.ehealth), control: confirmableActionsOf(docs.control) },
    errorExamples: errorExamplesOf(docs.ehealth),
  };
}
