import { handleControl } from '../control/control-api.js';
import type { ControlState } from '../control/control-state.js';
import type { Store } from '../domain/store.js';
import type { Settings } from '../settings.js';
import { authenticate } from './authenticate.js';
import { parseJsonBody, validateBody } from './body.js';
import { errorResponse, type MetaInput, metaUrl, pickRequestId, successResponse } from './envelope.js';
import { toErrorReply } from './errors.js';
import type { EngineRequest, EngineResponse } from './exchange.js';
import type { HandlerContext, HandlerTable, OperationId } from './handlers/handler.js';
import type { Router } from './router.js';

export interface LifecycleDeps {
  readonly store: Store;
  readonly router: Router;
  readonly settings: Settings;
  readonly handlers: HandlerTable;
  readonly services: Pick<HandlerContext, 'verifications' | 'personRequests'>;
  readonly control: ControlState;
  readonly controlToken: string | undefined;
  /** Where unexpected faults are reported; never the client. */
  readonly onFault: (error: unknown, req: EngineRequest) => void;
}

/**
 * The request lifecycle, written once, top to bottom: route → authenticate (gateway: 401, 403)
 * → parse (413, 415, 400) → validate (422) → handle → serialize. Any unexpected fault becomes a
 * 500 `internal_error` in the envelope; its detail goes to `onFault`, never on the wire.
 */
export async function runLifecycle(deps: LifecycleDeps, req: EngineRequest): Promise<EngineResponse> {
  const q = req.target.indexOf('?');
  const path = q === -1 ? req.target : req.target.slice(0, q);
  const meta: MetaInput = {
    url: metaUrl(req.origin, req.target),
    requestId: pickRequestId(req.headers['x-request-id']),
  };
  try {
    if (path === '/__control' || path.startsWith('/__control/')) {
      return await handleControl(
        deps.control,
        deps.controlToken,
        req,
        path,
        q === -1 ? '' : req.target.slice(q + 1),
      );
    }
    const match = deps.router.match(req.method, path);
    if (match === undefined) return errorResponse(meta, toErrorReply({ code: 'route_not_found' }));
    const { operation } = match;

    const denied = await authenticate(deps.store, operation, req.headers);
    if (denied !== undefined) return errorResponse(meta, toErrorReply(denied));

    const parsed = parseJsonBody(
      req.method,
      req.headers['content-type'],
      req.body,
      deps.settings.maxBodyBytes,
      req.bodyTooLarge === true,
    );
    if (!parsed.ok) return errorResponse(meta, toErrorReply(parsed.error));
    const invalid = validateBody(operation, parsed.value);
    if (invalid !== undefined) return errorResponse(meta, toErrorReply(invalid));

    const handler = deps.handlers[operation.operationId as OperationId] as
      | HandlerTable[OperationId]
      | undefined;
    if (handler === undefined) throw new Error(`no handler for ${operation.operationId}`);
    const result = await handler({ ...deps.services, params: match.params, body: parsed.value });
    if (!result.ok) return errorResponse(meta, toErrorReply(result.error));
    const { data, urgent } = result.value as { data: unknown; urgent?: unknown };
    return successResponse(200, meta, data, urgent);
  } catch (error) {
    deps.onFault(error, req);
    return errorResponse(meta, toErrorReply({ code: 'internal' }));
  }
}
