import type { operations } from '../../../generated/ehealth-otp.js';
import type { ConfirmableRequests } from '../../domain/confirmable.js';
import type { Result } from '../../domain/errors.js';
import type { Families } from '../../domain/families.js';
import type { PersonRequests } from '../../domain/person-requests.js';
import type { Verifications } from '../../domain/verifications.js';
import type { PathParamsOf, RequestBodyOf, SuccessContentOf, SuccessStatusOf } from '../operation-types.js';

export type OperationId = keyof operations;

/** The status an operation answers on success, from the spec (its lowest declared 2xx). */
export type SuccessStatus<Op extends OperationId> = SuccessStatusOf<operations[Op]>;

/** The JSON body an operation answers with on success, from the generated types. */
export type SuccessBody<Op extends OperationId> = SuccessContentOf<operations[Op]>;

/** What every handler may call: the domain services. */
export interface HandlerServices {
  readonly verifications: Verifications;
  readonly personRequests: PersonRequests;
  /** The generic steps of every confirmable family (resend, approve, transitions). */
  readonly confirmable: ConfirmableRequests;
  /** The rules of the confirmable families stored as generic records (domain/families.ts). */
  readonly families: Families;
}

/**
 * What a handler sees: the path parameters of its operation, decoded, and its body already
 * validated against the spec, both typed from the generated `operations[Op]`.
 */
export interface HandlerContext<Op extends OperationId = OperationId> extends HandlerServices {
  readonly params: PathParamsOf<operations[Op]>;
  readonly body: RequestBodyOf<operations[Op]>;
  /** The query string's parameters, undecided: the operation reads and checks its own (the list). */
  readonly query: URLSearchParams;
  /** `scheme://host[:port]` of the request: this server's own upload URLs are built on it. */
  readonly origin: string;
}

/**
 * `data` (and `urgent`) of the success envelope; meta and the status are added by the lifecycle.
 * `status` replaces the spec's success status where a behaviour profile says so (DIV-INIT-201).
 */
export type HandlerResult<Op extends OperationId> = Result<
  Omit<SuccessBody<Op>, 'meta'> & {
    readonly status?: number;
    /** Response headers beside the envelope's (the `Location` of a completed verification). */
    readonly headers?: Readonly<Record<string, string>>;
  }
>;

export type Handler<Op extends OperationId> = (ctx: HandlerContext<Op>) => Promise<HandlerResult<Op>>;

/** One handler per operationId of the spec: a missing one is a compile error. */
export type HandlerTable = { readonly [Op in OperationId]: Handler<Op> };
