import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { listConfirmableFamilies } from '../../src/contract/confirmable.js';
import { listErrorExamples } from '../../src/contract/error-catalogue.js';
import { listOperations } from '../../src/contract/operations.js';
import { digestOf } from '../../src/contract/spec-digest.js';
import { loadSpec, type OpenApiDocument } from '../../src/contract/spec-files.js';
import { readSpecText } from '../../src/contract/spec-text.js';
import { specDigest } from '../../src/generated/spec-digest.js';

/*
 * The spec digest (src/generated/spec-digest.ts) is what the runtime reads instead of walking the
 * spec at start (issue 20). It must be exactly the readers' output on the shipped specs: the same
 * readers, run here on the documents, and on the YAML itself rather than on the embedded copy.
 */

/** As the generator writes it: JSON (an `undefined` field is absent, as in the digest). */
const asJson = (value: unknown): unknown => JSON.parse(JSON.stringify(value));
const yamlDocs = {
  ehealth: parse(readSpecText('ehealth')) as OpenApiDocument,
  control: parse(readSpecText('control')) as OpenApiDocument,
};

describe('the spec digest', () => {
  it('is digestOf the YAML files as they are now (else `npm run generate`)', () => {
    expect(specDigest).toStrictEqual(asJson(digestOf(yamlDocs)));
  });

  it('is digestOf the embedded documents, and those are the YAML files parsed', () => {
    expect(loadSpec('ehealth')).toStrictEqual(yamlDocs.ehealth);
    expect(loadSpec('control')).toStrictEqual(yamlDocs.control);
    expect(specDigest).toStrictEqual(
      asJson(digestOf({ ehealth: loadSpec('ehealth'), control: loadSpec('control') })),
    );
  });

  it('is what listOperations, the families and the error catalogue answer', () => {
    expect(listOperations('ehealth')).toBe(specDigest.operations.ehealth);
    expect(listOperations('control')).toBe(specDigest.operations.control);
    expect(listErrorExamples()).toBe(specDigest.errorExamples);
    expect(listConfirmableFamilies().flatMap((f) => f.actions)).toEqual(
      expect.arrayContaining([...specDigest.confirmable.ehealth]),
    );
    expect(listConfirmableFamilies().flatMap((f) => f.actions)).toHaveLength(
      specDigest.confirmable.ehealth.length,
    );
  });

  it('covers every operation of both specs and every error example with x-error-code', () => {
    const ids = (doc: OpenApiDocument) =>
      Object.values(doc.paths).flatMap((item) =>
        Object.values(item).flatMap((op) =>
          typeof op === 'object' && op !== null && 'operationId' in op ? [String(op.operationId)] : [],
        ),
      );
    expect(specDigest.operations.ehealth.map((o) => o.operationId).sort()).toEqual(
      ids(yamlDocs.ehealth).sort(),
    );
    expect(specDigest.operations.control.map((o) => o.operationId).sort()).toEqual(
      ids(yamlDocs.control).sort(),
    );
    const coded = (readSpecText('ehealth').match(/^\s+x-error-code:/gm) ?? []).length;
    expect(coded).toBeGreaterThan(10);
    expect(specDigest.errorExamples).toHaveLength(coded);
  });

  it('differs from the readers on a changed spec (the comparison above can fail)', () => {
    const changed = structuredClone(yamlDocs.ehealth) as { paths: Record<string, Record<string, unknown>> };
    delete changed.paths['/api/verifications'];
    expect(specDigest).not.toStrictEqual(
      asJson(digestOf({ ehealth: changed as unknown as OpenApiDocument, control: yamlDocs.control })),
    );
  });
});
