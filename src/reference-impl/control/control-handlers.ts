import type { operations } from '../../generated/control.js';
import type { PathParamsOf, RequestBodyOf, SuccessContentOf } from '../http/operation-types.js';
import type { ControlState } from './control-state.js';

export type ControlOperationId = keyof operations;

/** What a control handler sees: its body validated against openapi/control.yaml, and the query. */
export interface ControlInput<Op extends ControlOperationId> {
  readonly body: RequestBodyOf<operations[Op]>;
  readonly query: URLSearchParams;
  readonly params: PathParamsOf<operations[Op]>;
}

/** Thrown by a control handler for an unknown resource: answered 404 with this sentence. */
export class ControlNotFoundError extends Error {
  constructor(sentence: string) {
    super(sentence);
    this.name = 'ControlNotFoundError';
  }
}

/** Answers the body of the operation's success response (none for 204), typed from the spec. */
export type ControlHandler<Op extends ControlOperationId> = (
  state: ControlState,
  input: ControlInput<Op>,
) => Promise<SuccessContentOf<operations[Op]>>;

/** One handler per operationId of openapi/control.yaml: a missing one is a compile error. */
export type ControlHandlerTable = { readonly [Op in ControlOperationId]: ControlHandler<Op> };

/** The control API over HTTP is these calls on ControlState (CONTRACT.md "The control API"). */
export const controlHandlers: ControlHandlerTable = {
  resetState: async (state) => {
    await state.reset();
    return undefined;
  },
  createToken: (state, { body }) => state.createToken(body.scopes),
  createPersonRequest: (state, { body }) => state.createPersonRequest(body),
  listSms: async (state, { query }) => ({
    data: await state.listSms(query.get('phone_number') ?? undefined),
  }),
  listPhones: (state, { query }) => state.listPhones(query.get('phone_number') ?? undefined),
  advanceClock: (state, { body }) => state.advanceClock(body.advance_seconds),
  listPersonRequests: async (state) => ({ data: await state.listPersonRequests() }),
  seedRequest: async (state, { params, body }) => {
    const created = await state.seedRequest(params.family, body);
    if (created === undefined) throw new ControlNotFoundError(`No confirmable family ${params.family}`);
    return created;
  },
  readRequest: async (state, { params }) => {
    const found = await state.readRequest(params.family, params.id);
    if (found === undefined) throw new ControlNotFoundError(`No ${params.family} ${params.id}`);
    return found;
  },
  readPersonRequest: async (state, { params }) => {
    const found = await state.readPersonRequest(params.id);
    if (found === undefined) throw new ControlNotFoundError(`No person request ${params.id}`);
    return found;
  },
};
