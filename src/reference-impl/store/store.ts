import type { PersonRequest, PhoneRecord, Sms, TokenRecord } from '../domain/models.js';

/**
 * What the domain asks of storage. Asynchronous so that a shared store (several replicas) can
 * replace the in-memory default without touching the domain. Every per-phone change goes
 * through `updatePhone`, which must be atomic per phone: that is what makes 1,000 parallel
 * completes with the right code yield exactly one success.
 */
export interface Store {
  /**
   * Reads the phone's record, lets `decide` compute the next one, writes it, all atomically.
   * `decide` returns `next: undefined` to leave the record as it was.
   */
  updatePhone<R>(phone: string, decide: (current: PhoneRecord | undefined) => PhoneUpdate<R>): Promise<R>;
  getPhone(phone: string): Promise<PhoneRecord | undefined>;

  addVerifiedPhone(phone: string): Promise<void>;
  isVerifiedPhone(phone: string): Promise<boolean>;

  getPersonRequest(id: string): Promise<PersonRequest | undefined>;
  putPersonRequest(request: PersonRequest): Promise<void>;

  getToken(token: string): Promise<TokenRecord | undefined>;
  putToken(token: TokenRecord): Promise<void>;
  getClientSecret(clientId: string): Promise<string | undefined>;
  putClientSecret(clientId: string, secret: string): Promise<void>;

  appendSms(sms: Sms): Promise<void>;
  /** Newest first; all phones when `phone` is undefined. */
  listSms(phone?: string): Promise<Sms[]>;

  /** Drops phone records whose `keepUntil` has passed; returns how many went. */
  sweep(now: number): Promise<number>;
  /** Forgets everything (control API reset). */
  reset(): Promise<void>;
  /** Counts, for the benchmark and the logs. */
  size(): Promise<{ phones: number; verifiedPhones: number; personRequests: number; sms: number }>;
}

export interface PhoneUpdate<R> {
  readonly next: PhoneRecord | undefined;
  readonly result: R;
}
