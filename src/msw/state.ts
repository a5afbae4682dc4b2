import type { components } from '../generated/control.js';
import type { Scope, SeedPersonRequest } from '../reference-impl/control/control-state.js';
import type { SeedRequest } from '../reference-impl/control/request-seeds.js';
import type { Engine } from '../reference-impl/engine.js';

type Schemas = components['schemas'];

/**
 * The handlers' state as functions, for a test's arrange and assert steps: the same control plane
 * as the HTTP `/__control` API (CONTRACT.md "The control API"), without a token or a request.
 */
export interface MockState {
  /** A client secret (`api_key`) and a bearer token of that client with exactly these scopes. */
  createToken(scopes: readonly Scope[]): Promise<Schemas['CreatedToken']>;
  /** Seeds a person request (status `NEW` unless given); answers its id. */
  createPersonRequest(seed: SeedPersonRequest): Promise<Schemas['CreatedPersonRequest']>;
  /**
   * A person request as the control API's GET /__control/person_requests/{id} shows it: status,
   * version, the current method (phone unmasked) and the code sent for it; undefined when unknown.
   */
  personRequest(id: string): Promise<Schemas['PersonRequestState'] | undefined>;
  /**
   * Seeds a request of any confirmable family (`declaration_request`, …; the control API's
   * POST /__control/requests/{family}); answers its id, or throws for a family the spec lacks.
   */
  seedRequest(family: string, seed: SeedRequest): Promise<Schemas['CreatedRequest']>;
  /** A request of any family as GET /__control/requests/{family}/{id} shows it; undefined when unknown. */
  request(family: string, id: string): Promise<Schemas['RequestState'] | undefined>;
  /** What the phones received, newest first; every phone when `phoneNumber` is omitted. */
  listSms(phoneNumber?: string): Promise<Schemas['Sms'][]>;
  /** The code of the newest SMS to this phone, as completeVerification takes it; throws when none. */
  lastCode(phoneNumber: string): Promise<number>;
  /** Moves the handlers' clock forward (code lifetimes, the SMS cap). */
  advanceClock(seconds: number): Promise<Schemas['ClockState']>;
  /** Forgets every token, person request, verification, verified phone and SMS. */
  reset(): Promise<void>;
  /** The engine behind the handlers, for anything the functions above do not cover. */
  readonly engine: Engine;
}

export function createMockState(engine: Engine): MockState {
  const { control } = engine;
  return {
    createToken: (scopes) => control.createToken(scopes),
    createPersonRequest: (seed) => control.createPersonRequest(seed),
    personRequest: (id) => control.readPersonRequest(id),
    async seedRequest(family, seed) {
      const created = await control.seedRequest(family, seed);
      if (created === undefined)
        throw new Error(`ehealth-otp-kit: the spec has no confirmable family ${family}`);
      return created;
    },
    request: (family, id) => control.readRequest(family, id),
    listSms: (phoneNumber) => control.listSms(phoneNumber),
    async lastCode(phoneNumber) {
      const [newest] = await control.listSms(phoneNumber);
      if (newest === undefined) throw new Error(`ehealth-otp-kit: no SMS was sent to ${phoneNumber}`);
      return Number(newest.code);
    },
    advanceClock: (seconds) => control.advanceClock(seconds),
    reset: () => control.reset(),
    engine,
  };
}
