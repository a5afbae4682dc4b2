import type { operations } from '../../../generated/ehealth-otp.js';
import type { Result } from '../../domain/errors.js';
import type { PersonRequests } from '../../domain/person-requests.js';
import type { Verifications } from '../../domain/verifications.js';

export type OperationId = keyof operations;

/** The JSON body an operation answers with on 200, from the generated types. */
export type SuccessBody<Op extends OperationId> =
  operations[Op]['responses'][200]['content']['application/json'];

/** What a handler sees: decoded path parameters and a body already validated against the spec. */
export interface HandlerContext {
  readonly params: Readonly<Record<string, string>>;
  readonly body: unknown;
  readonly verifications: Verifications;
  readonly personRequests: PersonRequests;
}

/** `data` (and `urgent`) of the success envelope; meta is added by the lifecycle. */
export type HandlerResult<Op extends OperationId> = Result<Omit<SuccessBody<Op>, 'meta'>>;

export type Handler<Op extends OperationId> = (ctx: HandlerContext) => Promise<HandlerResult<Op>>;

/** One handler per operationId of the spec: a missing one is a compile error. */
export type HandlerTable = { readonly [Op in OperationId]: Handler<Op> };
