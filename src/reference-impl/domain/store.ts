import type { ConfirmableRecord, Person, PersonRequest, PhoneRecord, Sms, TokenRecord } from './models.js';

/**
 * What the domain asks of storage: the port every store implements (the in-memory default in
 * store/memory-store.ts; a shared store for several replicas, issue 17). Asynchronous so that a
 * networked store can replace the default without touching the domain.
 *
 * These guarantees are checked by the store contract suite (test/support/store-contract.ts);
 * every implementation runs it.
 *
 * - **Per-phone atomicity.** Every change to a phone goes through {@link Store.updatePhone}; two
 *   calls for one phone never interleave between read and write. That is what makes 1,000
 *   parallel completes with the right code yield exactly one success (CONTRACT.md).
 * - **Errors.** A rejected promise means nothing was applied: no half-written record, no SMS
 *   half-appended. The engine answers such a request with a 500 in the envelope, and the
 *   client may retry.
 * - **Values.** A store returns records equal to the ones it was given (structured data only;
 *   the domain never mutates them: the model types are readonly).
 * - **No clock of its own.** Time reaches the store only as the `now` of {@link Store.sweep} and
 *   the `keepUntil` of records, both from the engine's clock (which the control API can move
 *   ahead of the wall clock).
 */
export interface Store {
  /**
   * Reads the phone's record, lets `decide` compute the next one, writes it: atomically per
   * phone. Calls for different phones may run in parallel.
   *
   * `decide` may be called MORE THAN ONCE for one call: a store with optimistic concurrency
   * (WATCH/MULTI, compare-and-set) runs it again on the newer record after a conflict. Only the
   * run whose `next` was committed counts: its `result` is what the promise resolves to. So
   * `decide` must be pure: no effect besides its return value (drawing random numbers is
   * allowed, each run draws afresh; sending the SMS happens after the call, from the result).
   * It is synchronous: nothing may interleave inside it.
   *
   * `next: undefined` leaves the record as it was (absent stays absent). A `decide` that
   * throws makes the call reject with that error, and nothing is written.
   */
  updatePhone<R>(phone: string, decide: (current: PhoneRecord | undefined) => PhoneUpdate<R>): Promise<R>;
  /** The phone's record as last committed, or undefined (never stored, swept, or reset). */
  getPhone(phone: string): Promise<PhoneRecord | undefined>;

  /** Marks the phone verified, for the life of the store (until reset): idempotent. */
  addVerifiedPhone(phone: string): Promise<void>;
  isVerifiedPhone(phone: string): Promise<boolean>;

  getPersonRequest(id: string): Promise<PersonRequest | undefined>;
  /** Stores the request under its `id`, replacing any earlier one. */
  putPersonRequest(request: PersonRequest): Promise<void>;
  /**
   * Reads the request, lets `decide` compute the next one, writes it: atomically per request id,
   * with the same rules as {@link Store.updatePhone} (`decide` is pure and synchronous and may run
   * more than once; `next: undefined` writes nothing; a throwing `decide` writes nothing). This is
   * what makes two concurrent signs of one request create one person, and a status transition
   * happen once (approve, sign, reject, a create's cancelling, an upload).
   */
  updatePersonRequest<R>(
    id: string,
    decide: (current: PersonRequest | undefined) => {
      readonly next: PersonRequest | undefined;
      readonly result: R;
    },
  ): Promise<R>;
  /**
   * Every person request, in the order they were first stored (a put that replaces keeps the
   * place). The list operation and a create's cancelling of the same person's requests read it.
   */
  listPersonRequests(): Promise<PersonRequest[]>;

  /**
   * The generic keyed request storage of the confirmable families (domain/confirmable.ts): one
   * record per `kind` (the family) and `id`; the same id in two kinds is two records. Person
   * requests keep their own methods above (their record predates the model).
   */
  getRequest(kind: string, id: string): Promise<ConfirmableRecord | undefined>;
  /** Stores the record under its `kind` and `id`, replacing any earlier one. */
  putRequest(record: ConfirmableRecord): Promise<void>;
  /** Atomic per kind and id, with the rules of {@link Store.updatePersonRequest}; `next` keeps its kind and id. */
  updateRequest<R>(
    kind: string,
    id: string,
    decide: (current: ConfirmableRecord | undefined) => {
      readonly next: ConfirmableRecord | undefined;
      readonly result: R;
    },
  ): Promise<R>;
  /** The records of one kind, in the order they were first stored (a replacing put keeps the place). */
  listRequests(kind: string): Promise<ConfirmableRecord[]>;

  /** A person a signed request created (the kit's MPI), or undefined. Kept until reset. */
  getPerson(id: string): Promise<Person | undefined>;
  /** Stores the person under its `id`, replacing any earlier one (a signed update). */
  putPerson(person: Person): Promise<void>;
  /**
   * Reads the person, lets `decide` compute the next one, writes it: atomically per person id, with
   * the rules of {@link Store.updatePhone} (`decide` is pure and synchronous and may run more than
   * once; `next: undefined` writes nothing; a throwing `decide` writes nothing). An approved
   * authentication method request changes the person's methods through it, so two changes of one
   * person never lose one another.
   */
  updatePerson<R>(
    id: string,
    decide: (current: Person | undefined) => { readonly next: Person | undefined; readonly result: R },
  ): Promise<R>;

  getToken(token: string): Promise<TokenRecord | undefined>;
  /** Stores the token under `token.token`, replacing any earlier one. */
  putToken(token: TokenRecord): Promise<void>;
  getClientSecret(clientId: string): Promise<string | undefined>;
  putClientSecret(clientId: string, secret: string): Promise<void>;

  /**
   * Appends to the outbox, which keeps only the newest `outboxLimit` SMS (a setting the store is
   * built with): appending beyond it drops the oldest.
   */
  appendSms(sms: Sms): Promise<void>;
  /**
   * The kept SMS, newest first: the reverse of the order `appendSms` calls completed in (the
   * domain appends in `sentAt` order). Only the phone's when `phone` is given, all otherwise.
   */
  listSms(phone?: string): Promise<Sms[]>;

  /**
   * Retention. A phone record must stay readable while its `keepUntil` is later than the
   * engine's time; once `keepUntil <= now` it may go at any time (key expiry is allowed), and
   * after `sweep(now)` resolves it must be gone. The domain writes `keepUntil` values that never
   * decrease, per phone and across phones in write order (one forward-only clock, fixed
   * settings); a store may rely on that (the in-memory one sweeps only the head of its order).
   * A store that expires keys by the wall clock must still honour `sweep(now)` when the engine's
   * clock runs ahead of it (`POST /__control/clock`).
   *
   * Resolves to how many records this call dropped. Only phone records expire: verified phones,
   * person requests, confirmable requests, persons, tokens and secrets stay until reset; the outbox is bounded by its limit.
   */
  sweep(now: number): Promise<number>;
  /**
   * Forgets everything (`POST /__control/reset`): phone records, verified phones, person
   * requests, the confirmable requests of every kind, persons, tokens, client secrets and the outbox. The store stays usable.
   */
  reset(): Promise<void>;
  /**
   * Releases what the store holds (connections, timers) once the server has stopped. Idempotent:
   * a second call resolves too. Every other call made after it rejects ({@link StoreClosedError}
   * for the in-memory store) and applies nothing.
   */
  close(): Promise<void>;
}

export interface PhoneUpdate<R> {
  /** The record to write, or undefined to leave the stored one as it is. */
  readonly next: PhoneRecord | undefined;
  readonly result: R;
}

/** How much a store holds. Optional (not part of the port): for the benchmark, tests and logs. */
export interface StoreStats {
  size(): Promise<{ phones: number; verifiedPhones: number; personRequests: number; sms: number }>;
}

/** A call on a store after its `close()`. */
export class StoreClosedError extends Error {
  constructor() {
    super('the store is closed');
    this.name = 'StoreClosedError';
  }
}

/**
 * The store's backend cannot be reached (a networked store lost its connection). Nothing of the
 * call was applied; the engine answers 503 `store_unavailable` and the client may retry once it
 * is back (the store reconnects by itself).
 */
export class StoreUnavailableError extends Error {
  constructor(options?: { cause?: unknown }) {
    super('the store is unavailable', options);
    this.name = 'StoreUnavailableError';
  }
}

/**
 * A new phone record would pass the store's bound (`Settings.maxPhones`). Nothing was applied;
 * the engine answers 503 `phone_records_full`. Records already held are still updated.
 */
export class StoreFullError extends Error {
  constructor(readonly limit: number) {
    super(`the store holds its maximum of ${limit} phone records`);
    this.name = 'StoreFullError';
  }
}
