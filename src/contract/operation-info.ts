/*
 * Reading a spec's operations: a pure function of the document, with no import of the shipped
 * specs, so the generator runs it at build time (spec-digest.ts) and the runtime reads the result.
 */
import type { OpenApiDocument } from './spec-files.js';

/** What the kit needs to know about one operation, read from the spec rather than restated. */
export interface OperationInfo {
  readonly operationId: string;
  readonly method: string;
  /** The spec's path template, e.g. `/api/verifications/{phone_number}`. */
  readonly path: string;
  /** Names of the `{…}` segments, in order. */
  readonly params: readonly string[];
  /** `x-scope`: the scope the bearer token must carry; undefined for the control API. */
  readonly scope: string | undefined;
  /** True when a security requirement names the `apiKey` scheme (the `api-key` header). */
  readonly needsApiKey: boolean;
  readonly hasRequestBody: boolean;
  readonly requestBodyRequired: boolean;
  /** Declared response statuses as strings (`'200'`, `'404'`, …). */
  readonly statuses: readonly string[];
  /**
   * The status the operation answers on success: the lowest 2xx response it declares (200, 201,
   * 204, …), so a handler's success needs no status of its own. 200 when none is declared.
   */
  readonly successStatus: number;
}

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

interface RawOperation {
  operationId?: string;
  'x-scope'?: string;
  security?: Record<string, unknown>[];
  requestBody?: { required?: boolean };
  responses?: Record<string, unknown>;
}

/** The lowest declared `2xx` (ranges such as `2XX` name no single status and are skipped). */
function lowestSuccess(statuses: readonly string[]): number {
  const success = statuses.filter((s) => /^2\d\d$/.test(s)).map(Number);
  return success.length === 0 ? 200 : Math.min(...success);
}

/**
 * Every operation of a document, in spec order. For the shipped specs `npm run generate` runs this
 * at build time (the spec digest, spec-digest.ts) and `listOperations` reads its result.
 */
export function operationsOf(doc: OpenApiDocument): OperationInfo[] {
  const out: OperationInfo[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const method of METHODS) {
      const op = item[method] as RawOperation | undefined;
      if (op?.operationId === undefined) continue;
      const statuses = Object.keys(op.responses ?? {});
      out.push({
        operationId: op.operationId,
        method: method.toUpperCase(),
        path,
        params: [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1] ?? ''),
        scope: op['x-scope'],
        needsApiKey: (op.security ?? []).some((req) => 'apiKey' in req),
        hasRequestBody: op.requestBody !== undefined,
        requestBodyRequired: op.requestBody?.required === true,
        statuses,
        successStatus: lowestSuccess(statuses),
      });
    }
  }
  return out;
}
