import { listConfirmableFamilies } from '../../contract/confirmable.js';
import { type OperationId, operationInfo } from '../operations.js';

/*
 * The path of a confirmable request, read from the spec: an operation's last `{param}` is the
 * request id, every other one (the person of `/api/persons/{person_id}/…/{request_id}/…`) comes
 * from the request's `data` (a seed's, or the vendor's fixture, config.ts `requestFixture`). The
 * one place that split is made, for the scenarios and the config alike.
 */

/** The `{param}`s of `operation` besides the request id (its last): what the request's `data` must name. */
export function pathParamsBesideId(operation: OperationId): readonly string[] {
  return operationInfo(operation).params.slice(0, -1);
}

/** {@link pathParamsBesideId} of every operation of the family, each once. */
export function familyPathParams(family: string): readonly string[] {
  const actions = listConfirmableFamilies().find((f) => f.name === family)?.actions ?? [];
  return [...new Set(actions.flatMap((a) => pathParamsBesideId(a.operationId as OperationId)))];
}

/** The path of `operation` for `request`: its last `{param}` is the request id, the others come from `data`. */
export function requestPath(
  operation: OperationId,
  request: { id: string; data: Readonly<Record<string, unknown>> },
): string {
  const { path } = operationInfo(operation);
  const others = new Set(pathParamsBesideId(operation));
  return path.replace(/\{([^}]+)\}/g, (_, name: string) => {
    if (!others.has(name)) return encodeURIComponent(request.id);
    const value = request.data[name];
    if (typeof value !== 'string')
      throw new Error(`${operation}: the seeded request has no data.${name} for {${name}}`);
    return encodeURIComponent(value);
  });
}
