import { getOperation, listOperations, type OperationInfo } from '../contract/operations.js';
import type { operations } from '../generated/ehealth-otp.js';

/*
 * The suite's view of the spec's operations. Ids, path templates, methods and scopes are read from
 * openapi/ehealth-otp.yaml (src/contract) and its generated types, never restated, so that a new
 * operation in the spec is a new key the compiler asks every per-operation table for. Both the suite
 * and the reference server read the spec; the suite never reads the server (it is a black box).
 */

/** The public operations, by the spec's operationId. */
export type OperationId = keyof operations;

/**
 * A scope an operation's bearer token must carry (its `x-scope`). The spec's extension has no
 * generated type, so this is a string checked against the spec at run time (`SCOPES`).
 */
export type Scope = string;

/** The `{…}` path parameters of an operation, as the generated types declare them. */
export type PathParams<Op extends OperationId> = operations[Op]['parameters'] extends {
  readonly path: infer P;
}
  ? { readonly [K in keyof P]: string }
  : Readonly<Record<never, string>>;

/** Every operation of the spec, in the spec's order. */
export function suiteOperations(): readonly (OperationInfo & { readonly operationId: OperationId })[] {
  return listOperations('ehealth') as readonly (OperationInfo & { readonly operationId: OperationId })[];
}

export function operationInfo(operation: OperationId): OperationInfo {
  return getOperation(operation, 'ehealth');
}

/** The scope a token needs to call `operation`; an operation without `x-scope` is a spec error here. */
export function scopeOf(operation: OperationId): Scope {
  const { scope } = operationInfo(operation);
  if (scope === undefined) throw new Error(`the spec gives ${operation} no x-scope`);
  return scope;
}

/** Every scope some operation needs, in the order the spec first names them. */
export const SCOPES: readonly Scope[] = [
  ...new Set(suiteOperations().flatMap((op) => (op.scope === undefined ? [] : [op.scope]))),
];

/** The method the spec declares for the operation (`GET`, `POST`, `PATCH`, …). */
export function methodOf(operation: OperationId): string {
  return operationInfo(operation).method;
}

/**
 * The operation's path with its `{param}` segments filled from the spec's template. Values go in
 * as given: a phone keeps its literal `+`, which the spec's PhoneNumberPath allows (and a UUID
 * needs no escaping); a scenario that wants odd bytes in a path writes the path itself.
 */
export function pathOf<Op extends OperationId>(operation: Op, params: PathParams<Op>): string {
  const values = params as Readonly<Record<string, string>>;
  return operationInfo(operation).path.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`${operation}: no value for the path parameter {${name}}`);
    return value;
  });
}
