import type { PersonRequest, PhoneRecord, Sms, TokenRecord } from '../domain/models.js';
import { PhoneSet } from './phone-set.js';
import { PhoneTable } from './phone-table.js';
import type { PhoneUpdate, Store } from './store.js';

/**
 * The in-memory default. Phone records sit in a table (packed columns, see phone-table.ts) kept
 * in a sweep order that follows `keepUntil`:
 * a record whose `keepUntil` grows is moved to the end, so expired records gather at the head
 * and a sweep only looks at the head (O(expired), not O(all)). Memory stays bounded under
 * millions of initializations: once a code's lifetime, its retention and the cap window have
 * passed, its record is gone.
 */
export class MemoryStore implements Store {
  #phones = new PhoneTable();
  #verified = new PhoneSet();
  #personRequests = new Map<string, PersonRequest>();
  #tokens = new Map<string, TokenRecord>();
  #clientSecrets = new Map<string, string>();
  #outbox: Sms[] = [];
  #outboxHead = 0;

  /** @param outboxLimit how many newest SMS to keep (a ring buffer). */
  constructor(private readonly outboxLimit: number) {}

  async updatePhone<R>(
    phone: string,
    decide: (current: PhoneRecord | undefined) => PhoneUpdate<R>,
  ): Promise<R> {
    // Synchronous from read to write: no other request can interleave inside one call.
    const current = this.#phones.get(phone);
    const { next, result } = decide(current);
    // The table moves the record to the end of the sweep order when its keepUntil changed.
    if (next !== undefined) this.#phones.set(phone, next);
    return result;
  }

  async getPhone(phone: string): Promise<PhoneRecord | undefined> {
    return this.#phones.get(phone);
  }

  async addVerifiedPhone(phone: string): Promise<void> {
    this.#verified.add(phone);
  }

  async isVerifiedPhone(phone: string): Promise<boolean> {
    return this.#verified.has(phone);
  }

  async getPersonRequest(id: string): Promise<PersonRequest | undefined> {
    return this.#personRequests.get(id);
  }

  async putPersonRequest(request: PersonRequest): Promise<void> {
    this.#personRequests.set(request.id, request);
  }

  async getToken(token: string): Promise<TokenRecord | undefined> {
    return this.#tokens.get(token);
  }

  async putToken(token: TokenRecord): Promise<void> {
    this.#tokens.set(token.token, token);
  }

  async getClientSecret(clientId: string): Promise<string | undefined> {
    return this.#clientSecrets.get(clientId);
  }

  async putClientSecret(clientId: string, secret: string): Promise<void> {
    this.#clientSecrets.set(clientId, secret);
  }

  async appendSms(sms: Sms): Promise<void> {
    if (this.#outbox.length < this.outboxLimit) {
      this.#outbox.push(sms);
    } else {
      this.#outbox[this.#outboxHead] = sms;
      this.#outboxHead = (this.#outboxHead + 1) % this.outboxLimit;
    }
  }

  async listSms(phone?: string): Promise<Sms[]> {
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
    return this.#phones.sweep(now);
  }

  async reset(): Promise<void> {
    this.#phones.clear();
    this.#verified = new PhoneSet();
    this.#personRequests = new Map();
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
}
