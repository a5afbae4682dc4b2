import { specDigest } from '../generated/spec-digest.js';
import type { OperationInfo } from './operation-info.js';
import type { SpecName } from './spec-files.js';

export { type OperationInfo, operationsOf } from './operation-info.js';

/**
 * Every operation of a shipped spec, in spec order: `operationsOf` as the generator ran it on the
 * spec (src/generated/spec-digest.ts), so a start walks no spec document.
 */
export function listOperations(spec: SpecName = 'ehealth'): readonly OperationInfo[] {
  return specDigest.operations[spec];
}

export function getOperation(operationId: string, spec: SpecName = 'ehealth'): OperationInfo {
  const op = listOperations(spec).find((o) => o.operationId === operationId);
  if (op === undefined) throw new Error(`operation ${operationId} is not in the ${spec} spec`);
  return op;
}

/** Every scope (`x-scope`) the operations of a spec need, in spec order, each once. */
export function listScopes(spec: SpecName = 'ehealth'): readonly string[] {
  return [...new Set(listOperations(spec).flatMap((op) => (op.scope === undefined ? [] : [op.scope])))];
}
