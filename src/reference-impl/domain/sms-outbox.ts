import type { Clock } from '../clock.js';
import type { Sms } from './models.js';
import type { Store } from './store.js';

/** The SMS text prefix of the service (OTP_CODE_TEXT, reference §4); the code is appended. */
export const SMS_TEXT_PREFIX = 'Код авторизації дій в системі eHealth: ';

/**
 * Carries each SMS to the other replicas that share one store (issue 17: the inbox page and the
 * demo log of every replica see every SMS). Implemented over Redis pub/sub (store/redis-shared.ts).
 */
export interface SmsFanOut {
  /** Hands an SMS this replica sent to the others; never rejects (failures are its own to report). */
  publish(sms: Sms): void;
  /** Calls `deliver` with every SMS another replica published. */
  subscribe(deliver: (sms: Sms) => void): void;
}

/**
 * Where "sent" messages go: the store's outbox (read through the control API and the inbox page)
 * and any listeners (the demo log line, the inbox page's live stream).
 */
export class SmsOutbox {
  readonly #listeners = new Set<(sms: Sms) => void>();
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly fanOut?: SmsFanOut,
  ) {
    fanOut?.subscribe((sms) => this.#deliver(sms));
  }

  async send(phoneNumber: string, code: number, sentAt = this.clock.now()): Promise<void> {
    const digits = String(code);
    const sms: Sms = { phoneNumber, code: digits, text: SMS_TEXT_PREFIX + digits, sentAt };
    await this.store.appendSms(sms);
    this.#deliver(sms);
    this.fanOut?.publish(sms);
  }

  #deliver(sms: Sms): void {
    for (const listener of this.#listeners) listener(sms);
  }

  /** Returns the function that removes the listener. */
  subscribe(listener: (sms: Sms) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  list(phoneNumber?: string): Promise<Sms[]> {
    return this.store.listSms(phoneNumber);
  }
}
