import type {
  ConfirmableRecord,
  Person,
  PersonRequest,
  PhoneRecord,
  Sms,
  TokenRecord,
} from '../domain/models.js';
import {
  type PhoneUpdate,
  type Store,
  StoreClosedError,
  StoreFullError,
  type StoreStats,
} from '../domain/store.js';
import { PhoneSet } from './phone-set.js';
import { PhoneTable } from './phone-table.js';

/**
 * The in-memory default. Phone records sit in a table (packed columns, see phone-table.ts) kept
 * in a sweep order that follows `keepUntil`:
 * a record whose `keepUntil` grows is moved to the end, so expired records gather at the head
 * and a sweep only looks at the head (O(expired), not O(all)). Memory stays bounded under
 * millions of initializations: once a code's lifetime, its retention and the cap window have
 * passed, its record is gone.
 */
export class MemoryStore implements Store, StoreStats {
  #phones = new PhoneTable();
  #verified = new PhoneSet();
  // A Map keeps first-insertion order, which listPersonRequests promises; a set() that replaces keeps it.
  #personRequests = new Map<string, PersonRequest>();
  /** Per kind, insertion-ordered as #personRequests. */
  #requests = new Map<string, Map<string, ConfirmableRecord>>();
  #persons = new Map<string, Person>();
  #tokens = new Map<string, TokenRecord>();
  #clientSecrets = new Map<string, string>();
  #outbox: Sms[] = [];
  #outboxHead = 0;
  #closed = false;

  /**
   * @param outboxLimit how many newest SMS to keep (a ring buffer).
   * @param phoneLimit how many phone records at most (`Settings.maxPhones`); a new one beyond is refused.
   */
  constructor(
    private readonly outboxLimit: number,
    private readonly phoneLimit = Number.POSITIVE_INFINITY,
  ) {}

  async updatePhone<R>(
    phone: string,
    decide: (current: PhoneRecord | undefined) => PhoneUpdate<R>,
  ): Promise<R> {
    this.#open();
    // Synchronous from read to write: no other request can interleave inside one call.
    const current = this.#phones.get(phone);
    const { next, result } = decide(current);
    if (next !== undefined && current === undefined && this.#phones.size >= this.phoneLimit)
      throw new StoreFullError(this.phoneLimit);
    // The table moves the record to the end of the sweep order when its keepUntil changed.
    if (next !== undefined) this.#phones.set(phone, next);
    return result;
  }

  async getPhone(phone: string): Promise<PhoneRecord | undefined> {
    this.#open();
    return this.#phones.get(phone);
  }

  async addVerifiedPhone(phone: string): Promise<void> {
    this.#open();
    this.#verified.add(phone);
  }

  async isVerifiedPhone(phone: string): Promise<boolean> {
    this.#open();
    return this.#verified.has(phone);
  }

  async getPersonRequest(id: string): Promise<PersonRequest | undefined> {
    this.#open();
    return this.#personRequests.get(id);
  }

  async putPersonRequest(request: PersonRequest): Promise<void> {
    this.#open();
    this.#personRequests.set(request.id, request);
  }

  async updatePersonRequest<R>(
    id: string,
    decide: (current: PersonRequest | undefined) => {
      readonly next: PersonRequest | undefined;
      readonly result: R;
    },
  ): Promise<R> {
    this.#open();
    // Synchronous from read to write, as updatePhone.
    const { next, result } = decide(this.#personRequests.get(id));
    if (next !== undefined) this.#personRequests.set(id, next);
    return result;
  }

  async listPersonRequests(): Promise<PersonRequest[]> {
    this.#open();
    return [...this.#personRequests.values()];
  }

  async getRequest(kind: string, id: string): Promise<ConfirmableRecord | undefined> {
    this.#open();
    return this.#requests.get(kind)?.get(id);
  }

  async putRequest(record: ConfirmableRecord): Promise<void> {
    this.#open();
    this.#kind(record.kind).set(record.id, record);
  }

  async updateRequest<R>(
    kind: string,
    id: string,
    decide: (current: ConfirmableRecord | undefined) => {
      readonly next: ConfirmableRecord | undefined;
      readonly result: R;
    },
  ): Promise<R> {
    this.#open();
    // Synchronous from read to write, as updatePhone.
    const { next, result } = decide(this.#requests.get(kind)?.get(id));
    if (next !== undefined) this.#kind(kind).set(id, { ...next, kind, id });
    return result;
  }

  async listRequests(kind: string): Promise<ConfirmableRecord[]> {
    this.#open();
    return [...(this.#requests.get(kind)?.values() ?? [])];
  }

  #kind(kind: string): Map<string, ConfirmableRecord> {
    let records = this.#requests.get(kind);
    if (records === undefined) {
      records = new Map();
      this.#requests.set(kind, records);
    }
    return records;
  }

  async getPerson(id: string): Promise<Person | undefined> {
    this.#open();
    return this.#persons.get(id);
  }

  async putPerson(person: Person): Promise<void> {
    this.#open();
    this.#persons.set(person.id, person);
  }

  async updatePerson<R>(
    id: string,
    decide: (current: Person | undefined) => { readonly next: Person | undefined; readonly result: R },
  ): Promise<R> {
    this.#open();
    // Synchronous from read to write, as updatePhone.
    const { next, result } = decide(this.#persons.get(id));
    if (next !== undefined) this.#persons.set(id, next);
    return result;
  }

  async getToken(token: string): Promise<TokenRecord | undefined> {
    this.#open();
    return this.#tokens.get(token);
  }

  async putToken(token: TokenRecord): Promise<void> {
    this.#open();
    this.#tokens.set(token.token, token);
  }

  async getClientSecret(clientId: string): Promise<string | undefined> {
    this.#open();
    return this.#clientSecrets.get(clientId);
  }

  async putClientSecret(clientId: string, secret: string): Promise<void> {
    this.#open();
    this.#clientSecrets.set(clientId, secret);
  }

  async appendSms(sms: Sms): Promise<void> {
    this.#open();
    if (this.#outbox.length < this.outboxLimit) {
      this.#outbox.push(sms);
    } else {
      this.#outbox[this.#outboxHead] = sms;
      this.#outboxHead = (this.#outboxHead + 1) % this.outboxLimit;
    }
  }

  async listSms(phone?: string): Promise<Sms[]> {
    this.#open();
    const out: Sms[] = [];
    const n = this.#outbox.length;
    // Walk the ring from newest to oldest.
    for (let i = 1; i <= n; i++) {
      const sms = this.#outbox[(this.#outboxHead - i + n) % n];
      if (sms !== undefined && (phone === undefined || sms.phoneNumber === phone)) out.push(sms);
    }
    return out;
  }

  async sweep(now: number): Promise<number> {
    this.#open();
    return this.#phones.sweep(now);
  }

  async reset(): Promise<void> {
    this.#open();
    this.#phones.clear();
    this.#verified = new PhoneSet();
    this.#personRequests = new Map();
    this.#requests = new Map();
    this.#persons = new Map();
    this.#tokens = new Map();
    this.#clientSecrets = new Map();
    this.#outbox = [];
    this.#outboxHead = 0;
  }

  async size(): Promise<{ phones: number; verifiedPhones: number; personRequests: number; sms: number }> {
    return {
      phones: this.#phones.size,
      verifiedPhones: this.#verified.size,
      personRequests: this.#personRequests.size,
      sms: this.#outbox.length,
    };
  }

  /**
   * Nothing to release; it marks the store closed so that a call after shutdown fails loudly
   * (as a networked store's would) instead of quietly working on state nobody will read.
   */
  async close(): Promise<void> {
    this.#closed = true;
  }

  /** Throws inside the async methods, so a call after close() is a rejected promise. */
  #open(): void {
    if (this.#closed) throw new StoreClosedError();
  }
}
