import { type ControlDeps, handleControl } from '../control/control-api.js';
import type { Result } from '../domain/errors.js';
import { type Store, StoreFullError, StoreUnavailableError } from '../domain/store.js';
import type { Settings } from '../settings.js';
import { acceptsJson } from './accept.js';
import { authenticate } from './authenticate.js';
import { checkBody, validationFailed } from './body.js';
import { errorResponse, type MetaInput, metaUrl, pickRequestId, successResponse } from './envelope.js';
import { toErrorReply } from './errors.js';
import type { EngineRequest, EngineResponse } from './exchange.js';
import type { HandlerServices, HandlerTable } from './handlers/handler.js';
import type { Router } from './router.js';
import { handleUpload, isUploadPath } from './uploads.js';

export interface LifecycleDeps {
  readonly store: Store;
  readonly router: Router;
  readonly settings: Settings;
  readonly handlers: HandlerTable;
  readonly services: HandlerServices;
  /** The control API (`/__control`), routed by its own spec through the same steps. */
  readonly control: ControlDeps;
  /** Where unexpected faults are reported; never the client. */
  readonly onFault: (error: unknown, req: EngineRequest) => void;
  /** Run first for every request (a shared clock's refresh, issue 17); undefined when nothing is shared. */
  readonly beforeRequest?: () => Promise<void>;
}

/**
 * A handler with its operation's types erased. The lifecycle picks the handler by the operationId
 * the router matched, so its static type is the union of all handlers; what `HandlerContext<Op>`
 * promises holds by construction: the router matched the operation's own path template (every
 * `{name}` is present, decoded) and `checkBody` validated the body against its request schema.
 */
type ErasedHandler = (
  ctx: HandlerServices & {
    readonly params: Readonly<Record<string, string>>;
    readonly body: unknown;
    readonly query: URLSearchParams;
    readonly origin: string;
  },
) => Promise<
  Result<{
    readonly data: unknown;
    readonly urgent?: unknown;
    readonly paging?: unknown;
    readonly status?: number;
    readonly headers?: Readonly<Record<string, string>>;
  }>
>;

/**
 * What a handler is given. One class instead of an object literal spread from the services per
 * request: the services are copied field by field into one fixed shape, and the query string is
 * parsed into `URLSearchParams` only when a handler reads it (a prototype getter, no closure per
 * request; only the list reads it, and URLSearchParams costs more than most steps of a request).
 */
class RequestContext implements HandlerServices {
  readonly verifications: HandlerServices['verifications'];
  readonly personRequests: HandlerServices['personRequests'];
  readonly confirmable: HandlerServices['confirmable'];
  readonly families: HandlerServices['families'];
  readonly authMethodRequests: HandlerServices['authMethodRequests'];
  readonly origin: string;
  #query: URLSearchParams | undefined;
  constructor(
    services: HandlerServices,
    readonly params: Readonly<Record<string, string>>,
    readonly body: unknown,
    private readonly req: EngineRequest,
    private readonly q: number,
  ) {
    this.verifications = services.verifications;
    this.personRequests = services.personRequests;
    this.confirmable = services.confirmable;
    this.families = services.families;
    this.authMethodRequests = services.authMethodRequests;
    this.origin = req.origin;
  }
  get query(): URLSearchParams {
    this.#query ??= new URLSearchParams(this.q === -1 ? '' : this.req.target.slice(this.q + 1));
    return this.#query;
  }
}

/**
 * The request lifecycle, written once, top to bottom: route → authenticate (gateway: 401, 403)
 * → accept (406) → parse (413, 415, 400) → validate (422) → handle → serialize with the operation's success
 * status from the spec. Any unexpected fault becomes a 500 `internal_error` in the envelope; its
 * detail goes to `onFault`, never on the wire.
 */
export async function runLifecycle(deps: LifecycleDeps, req: EngineRequest): Promise<EngineResponse> {
  const q = req.target.indexOf('?');
  const path = q === -1 ? req.target : req.target.slice(0, q);
  const meta: MetaInput = {
    url: metaUrl(req.origin, req.target),
    requestId: pickRequestId(req.headers['x-request-id']),
    idempotencyKey: req.headers['x-idempotency-key'] || undefined,
  };
  try {
    if (deps.beforeRequest !== undefined) await deps.beforeRequest();
    if (path === '/__control' || path.startsWith('/__control/')) {
      return await handleControl(deps.control, req, path, q === -1 ? '' : req.target.slice(q + 1));
    }
    if (isUploadPath(path)) {
      return await handleUpload(
        deps.services.personRequests,
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
    // After the gateway (it answers before the service's router sees the request), before the body.
    if (!acceptsJson(req.headers.accept))
      return errorResponse(meta, toErrorReply({ code: 'not_acceptable' }));

    const body = checkBody('ehealth', operation, req, deps.settings.maxBodyBytes);
    if (!body.ok) {
      const error = body.error ?? validationFailed(body.schemaErrors, body.value);
      return errorResponse(meta, toErrorReply(error));
    }

    const handler = deps.handlers[operation.operationId as keyof HandlerTable] as ErasedHandler | undefined;
    if (handler === undefined) throw new Error(`no handler for ${operation.operationId}`);
    const result = await handler(new RequestContext(deps.services, match.params, body.value, req, q));
    if (!result.ok) return errorResponse(meta, toErrorReply(result.error));
    const { data, urgent, paging, status, headers } = result.value;
    return successResponse(status ?? operation.successStatus, meta, data, urgent, paging, headers);
  } catch (error) {
    // A lost store connection is the store's outage, not a fault of this request: the store
    // reports it once (not per request), the client gets a 503 it may retry.
    if (error instanceof StoreUnavailableError)
      return errorResponse(meta, toErrorReply({ code: 'store_unavailable' }));
    if (error instanceof StoreFullError)
      return errorResponse(meta, toErrorReply({ code: 'phone_records_full' }));
    deps.onFault(error, req);
    return errorResponse(meta, toErrorReply({ code: 'internal' }));
  }
}
