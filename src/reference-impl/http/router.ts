import { listOperations, type OperationInfo } from '../../contract/operations.js';

export interface RouteMatch {
  readonly operation: OperationInfo;
  readonly params: Readonly<Record<string, string>>;
}

interface Route {
  readonly operation: OperationInfo;
  readonly pattern: RegExp;
}

/**
 * A router derived from the spec's paths: every operation of openapi/ehealth-otp.yaml is
 * routable and nothing else is. Path segments are percent-decoded (`%2B380…` and `+380…` are the
 * same phone, reference §3.2); a segment that does not decode matches no route.
 */
export class Router {
  readonly #routes: readonly Route[];

  constructor(operations: readonly OperationInfo[] = listOperations('ehealth')) {
    this.#routes = operations.map((operation) => ({
      operation,
      pattern: new RegExp(`^${operation.path.replace(/\{[^}]+\}/g, '([^/]+)')}$`),
    }));
  }

  match(method: string, path: string): RouteMatch | undefined {
    for (const route of this.#routes) {
      if (route.operation.method !== method) continue;
      const m = route.pattern.exec(path);
      if (m === null) continue;
      const params: Record<string, string> = {};
      for (let i = 0; i < route.operation.params.length; i++) {
        const name = route.operation.params[i] as string;
        try {
          params[name] = decodeURIComponent(m[i + 1] ?? '');
        } catch {
          return undefined;
        }
      }
      return { operation: route.operation, params };
    }
    return undefined;
  }
}
