import { type createClient, ErrorReply } from '@redis/client';
import type { ConfirmableRecord, PersonRequest, PhoneRecord, Sms, TokenRecord } from '../domain/models.js';
import {
  type PhoneUpdate,
  type Store,
  StoreClosedError,
  StoreFullError,
  type StoreStats,
  StoreUnavailableError,
} from '../domain/store.js';

/** A connected node-redis client (@redis/client; store/redis-connect.ts makes it). */
export type RedisClient = ReturnType<typeof createClient>;

/** The key names of one kit's state inside one Redis database. */
export function redisKeys(prefix = 'ehealth-otp-kit:') {
  return {
    phone: (phone: string) => `${prefix}phone:${phone}`,
    phonePrefix: `${prefix}phone:`,
    /** Sorted set: phone → its record's keepUntil, the engine-clock sweep's order. */
    sweep: `${prefix}sweep`,
    verified: `${prefix}verified`,
    personRequests: `${prefix}person-requests`,
    /** List of person request ids in the order first stored (a hash has no order). */
    personRequestOrder: `${prefix}person-request-order`,
    /** Hash per confirmable kind: id → record (Store.getRequest), and its order list. */
    requests: (kind: string) => `${prefix}requests:${kind}`,
    requestOrder: (kind: string) => `${prefix}request-order:${kind}`,
    /** Set of the kinds stored, so that reset finds every requests hash without SCAN. */
    requestKinds: `${prefix}request-kinds`,
    persons: `${prefix}persons`,
    tokens: `${prefix}tokens`,
    clientSecrets: `${prefix}client-secrets`,
    /** List, newest first (LPUSH), trimmed to the outbox limit. */
    outbox: `${prefix}outbox`,
    clockOffset: `${prefix}clock-offset`,
    smsChannel: `${prefix}sms`,
  };
}
export type RedisKeys = ReturnType<typeof redisKeys>;

// Compare-and-set of one phone record (Lua: Redis runs a script atomically, so the check, the
// write and the sweep-order entry land together or not at all). ARGV[1] is the JSON the caller
// read ('' for absent); on a mismatch nothing is written and the caller runs decide again.
// ARGV[6] the phone bound (maxPhones; '0' none): a phone the sweep set does not hold yet is
// refused (-1) once the set holds that many, counted in the same atomic step across replicas.
const COMPARE_AND_SET = `
local current = redis.call('GET', KEYS[1])
if current == false then current = '' end
if current ~= ARGV[1] then return 0 end
if ARGV[6] ~= '0' and redis.call('ZSCORE', KEYS[2], ARGV[5]) == false
  and redis.call('ZCARD', KEYS[2]) >= tonumber(ARGV[6]) then return -1 end
if ARGV[4] == '1' then
  redis.call('SET', KEYS[1], ARGV[2], 'PXAT', ARGV[3])
else
  redis.call('SET', KEYS[1], ARGV[2])
end
redis.call('ZADD', KEYS[2], ARGV[3], ARGV[5])
return 1`;

// Compare-and-set of one field of a hash (a person): ARGV[3] is the JSON the caller read ('' for
// absent); on a mismatch nothing is written and the caller runs decide again.
const COMPARE_AND_SET_FIELD = `
local current = redis.call('HGET', KEYS[1], ARGV[1])
if current == false then current = '' end
if current ~= ARGV[3] then return 0 end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
return 1`;

// One batch of the engine-clock sweep: the phones whose keepUntil <= now, oldest first. Returns
// {phones looked at, records deleted} (a record Redis already expired by the wall clock is gone,
// so it does not count as dropped by this call).
const SWEEP_BATCH = `
local phones = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[3]))
local dropped = 0
for _, phone in ipairs(phones) do
  dropped = dropped + redis.call('DEL', ARGV[2] .. phone)
end
if #phones > 0 then redis.call('ZREM', KEYS[1], unpack(phones)) end
return {#phones, dropped}`;

// Reset in one script, so no replica sees half of it. Every phone key is in the sweep set (the
// compare-and-set adds it), so the set names every key to delete; no SCAN.
const RESET = `
local phones = redis.call('ZRANGE', KEYS[1], 0, -1)
for _, phone in ipairs(phones) do redis.call('DEL', ARGV[1] .. phone) end
for _, kind in ipairs(redis.call('SMEMBERS', KEYS[#KEYS])) do
  redis.call('DEL', ARGV[2] .. kind, ARGV[3] .. kind)
end
redis.call('DEL', unpack(KEYS))
return #phones`;

// A person request written whole (put) or compared-and-set (update): KEYS[1] the hash, KEYS[2] the
// order list; ARGV[1] the id, ARGV[2] the JSON, ARGV[3] the JSON read ('' for absent) or nil for a
// put. A new id joins the end of the order; a replaced one keeps its place.
const PUT_PERSON_REQUEST = `
if ARGV[3] ~= nil then
  local current = redis.call('HGET', KEYS[1], ARGV[1])
  if current == false then current = '' end
  if current ~= ARGV[3] then return 0 end
end
if redis.call('HSET', KEYS[1], ARGV[1], ARGV[2]) == 1 then redis.call('RPUSH', KEYS[2], ARGV[1]) end
return 1`;

// A confirmable request (Store.putRequest / updateRequest): PUT_PERSON_REQUEST's rules on the
// kind's hash and order list, and the kind joins the kinds set (KEYS[3]) that reset reads.
// ARGV[1] the id, ARGV[2] the JSON, ARGV[3] the kind, ARGV[4] the JSON read ('' absent) or nil.
const PUT_REQUEST = `
if ARGV[4] ~= nil then
  local current = redis.call('HGET', KEYS[1], ARGV[1])
  if current == false then current = '' end
  if current ~= ARGV[4] then return 0 end
end
if redis.call('HSET', KEYS[1], ARGV[1], ARGV[2]) == 1 then redis.call('RPUSH', KEYS[2], ARGV[1]) end
redis.call('SADD', KEYS[3], ARGV[3])
return 1`;

// The person requests in the order first stored, read in one step.
const LIST_PERSON_REQUESTS = `
local out = {}
for _, id in ipairs(redis.call('LRANGE', KEYS[2], 0, -1)) do
  local value = redis.call('HGET', KEYS[1], id)
  if value then out[#out + 1] = value end
end
return out`;

const SWEEP_BATCH_SIZE = 1000;

/** What an atomic update's `decide` returns (the port's PhoneUpdate, for any record). */
interface Update<T, R> {
  readonly next: T | undefined;
  readonly result: R;
}

/**
 * The Store port over Redis (issue 17), so that several `serve` replicas share one state. Node
 * only; the engine gets it injected, the runtime-agnostic core never imports it.
 *
 * - Per-phone atomicity across replicas: optimistic compare-and-set (read, `decide`, a Lua
 *   script that writes only if the record is still the one read, else `decide` runs again: the
 *   port allows it). Inside one replica the calls for one phone queue up first, so 1,000
 *   concurrent completes cost 1,000 round trips, not a storm of conflicts; across replicas only
 *   the heads of the queues race.
 * - Retention: each record's key expires at its `keepUntil` by Redis's wall clock (PXAT) and
 *   sits in a sorted set by `keepUntil`, which `sweep(now)` reads with the engine's clock (that
 *   the control API moves ahead of the wall clock). A `keepUntil` the wall clock has already
 *   passed (a test clock set in the past) gets no expiry: only the sweep removes it.
 * - A connection failure rejects with {@link StoreUnavailableError} (the engine answers 503);
 *   every write is one script or one MULTI, so a failed call applied nothing. The client
 *   reconnects by itself.
 * - Redis standalone (or a primary): the scripts name phone keys they build from a prefix,
 *   which Redis Cluster would not route.
 */
export class RedisStore implements Store, StoreStats {
  readonly #client: RedisClient;
  readonly #keys: RedisKeys;
  readonly #outboxLimit: number;
  readonly #phoneLimit: number;
  readonly #release: () => Promise<void>;
  readonly #queues = new Map<string, Promise<unknown>>();
  #closed = false;

  /**
   * @param release closes what the store was built on (its connections); called once by close().
   */
  constructor(options: {
    readonly client: RedisClient;
    readonly outboxLimit: number;
    /** `Settings.maxPhones`; default none. */
    readonly phoneLimit?: number;
    readonly keys?: RedisKeys;
    readonly release?: () => Promise<void>;
  }) {
    this.#client = options.client;
    this.#keys = options.keys ?? redisKeys();
    this.#outboxLimit = options.outboxLimit;
    this.#phoneLimit = options.phoneLimit ?? 0;
    this.#release = options.release ?? (() => options.client.close());
  }

  updatePhone<R>(phone: string, decide: (current: PhoneRecord | undefined) => PhoneUpdate<R>): Promise<R> {
    const key = this.#keys.phone(phone);
    return this.#serially(key, () =>
      this.#optimistic(
        () => this.#call((c) => c.get(key)),
        decide,
        async (expected, next) => {
          const written = await this.#call((c) =>
            c.eval(COMPARE_AND_SET, {
              keys: [key, this.#keys.sweep],
              // No wall-clock expiry for a keepUntil the wall clock has passed (see the class doc).
              arguments: [
                expected,
                JSON.stringify(next),
                String(next.keepUntil),
                next.keepUntil > Date.now() ? '1' : '0',
                phone,
                String(this.#phoneLimit),
              ],
            }),
          );
          if (written === -1) throw new StoreFullError(this.#phoneLimit);
          return written === 1;
        },
      ),
    );
  }

  /**
   * The calls for one key in this process run one after another (a promise chain per key); the
   * compare-and-set of {@link #optimistic} is what holds across processes.
   */
  #serially<R>(key: string, run: () => Promise<R>): Promise<R> {
    const previous = this.#queues.get(key) ?? Promise.resolve();
    const current = previous.then(run, run);
    this.#queues.set(key, current);
    const forget = () => {
      if (this.#queues.get(key) === current) this.#queues.delete(key);
    };
    current.then(forget, forget);
    return current;
  }

  /** Read, decide, write-if-unchanged; on a conflict decide runs again on the newer record. */
  async #optimistic<T, R>(
    read: () => Promise<string | null>,
    decide: (current: T | undefined) => Update<T, R>,
    write: (expected: string, next: T) => Promise<boolean>,
  ): Promise<R> {
    for (;;) {
      const raw = await read();
      const { next, result } = decide(parsed<T>(raw));
      if (next === undefined || (await write(raw ?? '', next))) return result;
    }
  }

  async getPhone(phone: string): Promise<PhoneRecord | undefined> {
    return parsed<PhoneRecord>(await this.#call((c) => c.get(this.#keys.phone(phone))));
  }

  async addVerifiedPhone(phone: string): Promise<void> {
    await this.#call((c) => c.sAdd(this.#keys.verified, phone));
  }

  async isVerifiedPhone(phone: string): Promise<boolean> {
    return (await this.#call((c) => c.sIsMember(this.#keys.verified, phone))) === 1;
  }

  async getPersonRequest(id: string): Promise<PersonRequest | undefined> {
    return parsed<PersonRequest>(await this.#call((c) => c.hGet(this.#keys.personRequests, id)));
  }

  async putPersonRequest(request: PersonRequest): Promise<void> {
    await this.#call((c) =>
      c.eval(PUT_PERSON_REQUEST, {
        keys: [this.#keys.personRequests, this.#keys.personRequestOrder],
        arguments: [request.id, JSON.stringify(request)],
      }),
    );
  }

  updatePersonRequest<R>(
    id: string,
    decide: (current: PersonRequest | undefined) => Update<PersonRequest, R>,
  ): Promise<R> {
    const k = this.#keys;
    return this.#serially(`${k.personRequests}:${id}`, () =>
      this.#optimistic(
        () => this.#call((c) => c.hGet(k.personRequests, id)),
        decide,
        async (expected, next) =>
          (await this.#call((c) =>
            c.eval(PUT_PERSON_REQUEST, {
              keys: [k.personRequests, k.personRequestOrder],
              arguments: [id, JSON.stringify(next), expected],
            }),
          )) === 1,
      ),
    );
  }

  async listPersonRequests(): Promise<PersonRequest[]> {
    const k = this.#keys;
    const reply = await this.#call((c) =>
      c.eval(LIST_PERSON_REQUESTS, { keys: [k.personRequests, k.personRequestOrder] }),
    );
    return (reply as string[]).map((raw) => JSON.parse(raw) as PersonRequest);
  }

  async getRequest(kind: string, id: string): Promise<ConfirmableRecord | undefined> {
    return parsed<ConfirmableRecord>(await this.#call((c) => c.hGet(this.#keys.requests(kind), id)));
  }

  async putRequest(record: ConfirmableRecord): Promise<void> {
    const k = this.#keys;
    await this.#call((c) =>
      c.eval(PUT_REQUEST, {
        keys: [k.requests(record.kind), k.requestOrder(record.kind), k.requestKinds],
        arguments: [record.id, JSON.stringify(record), record.kind],
      }),
    );
  }

  updateRequest<R>(
    kind: string,
    id: string,
    decide: (current: ConfirmableRecord | undefined) => Update<ConfirmableRecord, R>,
  ): Promise<R> {
    const k = this.#keys;
    return this.#serially(`${k.requests(kind)}:${id}`, () =>
      this.#optimistic(
        () => this.#call((c) => c.hGet(k.requests(kind), id)),
        decide,
        async (expected, next) =>
          (await this.#call((c) =>
            c.eval(PUT_REQUEST, {
              keys: [k.requests(kind), k.requestOrder(kind), k.requestKinds],
              arguments: [id, JSON.stringify({ ...next, kind, id }), kind, expected],
            }),
          )) === 1,
      ),
    );
  }

  async listRequests(kind: string): Promise<ConfirmableRecord[]> {
    const k = this.#keys;
    const reply = await this.#call((c) =>
      c.eval(LIST_PERSON_REQUESTS, { keys: [k.requests(kind), k.requestOrder(kind)] }),
    );
    return (reply as string[]).map((raw) => JSON.parse(raw) as ConfirmableRecord);
  }

  // Persons (the person-request branch's MPI) are typed by their id alone here, so this file
  // compiles before and after that branch's `Person` model lands; the store keeps them whole.
  async getPerson<P extends { readonly id: string }>(id: string): Promise<P | undefined> {
    return parsed<P>(await this.#call((c) => c.hGet(this.#keys.persons, id)));
  }

  async putPerson(person: { readonly id: string }): Promise<void> {
    await this.#call((c) => c.hSet(this.#keys.persons, person.id, JSON.stringify(person)));
  }

  updatePerson<P extends { readonly id: string }, R>(
    id: string,
    decide: (current: P | undefined) => Update<P, R>,
  ): Promise<R> {
    const k = this.#keys;
    return this.#serially(`${k.persons}:${id}`, () =>
      this.#optimistic(
        () => this.#call((c) => c.hGet(k.persons, id)),
        decide,
        async (expected, next) =>
          (await this.#call((c) =>
            c.eval(COMPARE_AND_SET_FIELD, {
              keys: [k.persons],
              arguments: [id, JSON.stringify(next), expected],
            }),
          )) === 1,
      ),
    );
  }

  async getToken(token: string): Promise<TokenRecord | undefined> {
    return parsed<TokenRecord>(await this.#call((c) => c.hGet(this.#keys.tokens, token)));
  }

  async putToken(token: TokenRecord): Promise<void> {
    await this.#call((c) => c.hSet(this.#keys.tokens, token.token, JSON.stringify(token)));
  }

  async getClientSecret(clientId: string): Promise<string | undefined> {
    return (await this.#call((c) => c.hGet(this.#keys.clientSecrets, clientId))) ?? undefined;
  }

  async putClientSecret(clientId: string, secret: string): Promise<void> {
    await this.#call((c) => c.hSet(this.#keys.clientSecrets, clientId, secret));
  }

  async appendSms(sms: Sms): Promise<void> {
    const key = this.#keys.outbox;
    // MULTI/EXEC: the push and the trim apply together, so the list never exceeds the limit.
    await this.#call((c) =>
      c
        .multi()
        .lPush(key, JSON.stringify(sms))
        .lTrim(key, 0, this.#outboxLimit - 1)
        .exec(),
    );
  }

  async listSms(phone?: string): Promise<Sms[]> {
    const all = (await this.#call((c) => c.lRange(this.#keys.outbox, 0, -1))).map(
      (raw) => JSON.parse(raw) as Sms,
    );
    return phone === undefined ? all : all.filter((sms) => sms.phoneNumber === phone);
  }

  async sweep(now: number): Promise<number> {
    let dropped = 0;
    for (;;) {
      const reply = await this.#call((c) =>
        c.eval(SWEEP_BATCH, {
          keys: [this.#keys.sweep],
          arguments: [String(now), this.#keys.phonePrefix, String(SWEEP_BATCH_SIZE)],
        }),
      );
      const [seen, deleted] = reply as [number, number];
      dropped += deleted;
      if (seen < SWEEP_BATCH_SIZE) return dropped;
    }
  }

  async reset(): Promise<void> {
    const k = this.#keys;
    await this.#call((c) =>
      c.eval(RESET, {
        keys: [
          k.sweep,
          k.verified,
          k.personRequests,
          k.personRequestOrder,
          k.persons,
          k.tokens,
          k.clientSecrets,
          k.outbox,
          // Last: the script reads the kinds from KEYS[#KEYS].
          k.requestKinds,
        ],
        arguments: [k.phonePrefix, k.requests(''), k.requestOrder('')],
      }),
    );
  }

  async size(): Promise<{ phones: number; verifiedPhones: number; personRequests: number; sms: number }> {
    const k = this.#keys;
    const [phones, verifiedPhones, personRequests, sms] = await Promise.all([
      this.#call((c) => c.zCard(k.sweep)),
      this.#call((c) => c.sCard(k.verified)),
      this.#call((c) => c.hLen(k.personRequests)),
      this.#call((c) => c.lLen(k.outbox)),
    ]);
    return { phones, verifiedPhones, personRequests, sms };
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#release();
  }

  /** One client call through {@link redisCall}; after close() it rejects with StoreClosedError. */
  async #call<T>(command: (client: RedisClient) => Promise<T>): Promise<T> {
    if (this.#closed) throw new StoreClosedError();
    try {
      return await redisCall(() => command(this.#client));
    } catch (error) {
      if (this.#closed) throw new StoreClosedError();
      throw error;
    }
  }
}

/**
 * One Redis command in the store's terms: a connection failure becomes StoreUnavailableError
 * (node-redis rejects at once while disconnected: the offline queue is off, see
 * redis-connect.ts); an error Redis answered (a script error, a wrong type) means the command
 * ran, so it is passed on as it is (a bug, answered 500).
 */
export async function redisCall<T>(command: () => Promise<T>): Promise<T> {
  try {
    return await command();
  } catch (error) {
    if (error instanceof ErrorReply) throw error;
    throw new StoreUnavailableError({ cause: error });
  }
}

function parsed<T>(raw: string | null): T | undefined {
  return raw === null ? undefined : (JSON.parse(raw) as T);
}
