import type { Clock } from '../clock.js';
import type { RandomSource } from '../random.js';
import type { Settings } from '../settings.js';
import { fail, ok, type Result } from './errors.js';
import type { PhoneRecord, VerificationView } from './models.js';
import { codesEqual, generateCode } from './otp-code.js';
import { freeAt, sendsAfter, withSend } from './sms-history.js';
import type { SmsOutbox } from './sms-outbox.js';
import type { Store } from './store.js';

export interface VerificationDeps {
  readonly store: Store;
  readonly clock: Clock;
  readonly random: RandomSource;
  readonly settings: Settings;
  readonly outbox: SmsOutbox;
}

export function viewOf(record: PhoneRecord): VerificationView {
  return {
    id: record.verificationId,
    status: record.status,
    codeExpiredAt: record.expiresAt,
    active: record.active,
  };
}

/** A decision inside one atomic phone update: the result, and the code to send once it is stored. */
interface Decision {
  readonly next: PhoneRecord | undefined;
  readonly result: Result<VerificationView>;
  readonly send?: number;
}

/**
 * The OTP verification service: initialize, complete, verified phones (CONTRACT.md, seeds/002).
 * Every change to a phone happens inside one `store.updatePhone`, so concurrent requests for one
 * phone see each other's effects in order.
 */
export class Verifications {
  constructor(private readonly deps: VerificationDeps) {}

  /** The engine's settings: the handlers read the behaviour profile's wire choices from them. */
  get settings(): Settings {
    return this.deps.settings;
  }

  /** Cancels the phone's active code (by replacing it) and sends a new one, within the SMS cap. */
  async initialize(phone: string): Promise<Result<VerificationView>> {
    const now = this.deps.clock.now();
    // Each initialize may add a record; dropping the expired ones here keeps memory bounded
    // (amortized O(1): each record is swept once).
    await this.deps.store.sweep(now);
    return this.#apply(phone, (current) => this.#issue(current, now));
  }

  async complete(phone: string, code: number): Promise<Result<VerificationView>> {
    const now = this.deps.clock.now();
    return this.#apply(phone, (current) => this.#check(current, code, now));
  }

  async verifiedPhone(phone: string): Promise<Result<{ phoneNumber: string }>> {
    return (await this.deps.store.isVerifiedPhone(phone))
      ? ok({ phoneNumber: phone })
      : fail({ code: 'phone_not_verified' });
  }

  async #apply(
    phone: string,
    decide: (current: PhoneRecord | undefined) => Decision,
  ): Promise<Result<VerificationView>> {
    const decision = await this.deps.store.updatePhone(phone, (current) => {
      const d = decide(current);
      return { next: d.next, result: d };
    });
    if (decision.send !== undefined) await this.deps.outbox.send(phone, decision.send);
    if (decision.result.ok && decision.result.value.status === 'VERIFIED')
      await this.deps.store.addVerifiedPhone(phone);
    return decision.result;
  }

  /** New code for the phone, or 429 when the phone's cap window is full (nothing is sent then). */
  #issue(current: PhoneRecord | undefined, now: number, onCap?: PhoneRecord): Decision {
    const { settings, random } = this.deps;
    const windowMs = settings.smsCapWindowSeconds * 1000;
    const sent = sendsAfter(current, now - windowMs);
    if (sent.sent >= settings.smsCapLimit) {
      const free = freeAt(sent, settings.smsCapLimit, windowMs) ?? now;
      const retryAfterSeconds = Math.max(1, Math.ceil((free - now) / 1000));
      return { next: onCap, result: fail({ code: 'sms_cap_reached', retryAfterSeconds }) };
    }
    const code = generateCode(random, settings.codeLength);
    const expiresAt = now + settings.codeLifetimeSeconds * 1000;
    const keepUntil = Math.max(expiresAt + settings.expiredRetentionSeconds * 1000, now + windowMs);
    const next: PhoneRecord = {
      verificationId: random.uuid(),
      code,
      status: 'NEW',
      active: true,
      createdAt: now,
      expiresAt,
      attempts: 0,
      ...withSend(sent, now),
      keepUntil: Math.max(keepUntil, current?.keepUntil ?? 0),
    };
    return { next, result: ok(viewOf(next)), send: code };
  }

  /** seeds/002 "Verify code": search active code → check expiration → compare codes. */
  #check(current: PhoneRecord | undefined, code: number, now: number): Decision {
    if (current === undefined) return { next: undefined, result: fail({ code: 'verification_not_found' }) };
    if (!current.active) return { next: undefined, result: fail({ code: 'verification_inactive' }) };
    const attemptsPolicy = this.deps.settings.wrongCodePolicy === 'attempts';
    const { expiredDeactivationSeconds } = this.deps.settings;
    // DIV-EXPIRED-DEACTIVATED: the service's minute-by-minute deactivator has made it inactive by
    // now (its `expired` status has no place in the spec's enum, so the stored record is unchanged).
    if (expiredDeactivationSeconds > 0 && now >= current.expiresAt + expiredDeactivationSeconds * 1000)
      return { next: undefined, result: fail({ code: 'verification_inactive' }) };
    if (now >= current.expiresAt) {
      // The service counts an expired try as an attempt (reference §3.2 step 4); the seed does not.
      return {
        next: attemptsPolicy ? this.#countAttempt(current) : undefined,
        result: fail({ code: 'verification_expired' }),
      };
    }
    if (codesEqual(code, current.code)) {
      const next: PhoneRecord = {
        ...current,
        status: 'VERIFIED',
        active: false,
        attempts: current.attempts + 1,
      };
      return { next, result: ok(viewOf(next)) };
    }
    if (attemptsPolicy) {
      return { next: this.#countAttempt(current), result: fail({ code: 'code_mismatch' }) };
    }
    // seeds/002 "Not matched": deactivate code, invoke Send verification code, return error.
    const deactivated: PhoneRecord = {
      ...current,
      status: 'UNVERIFIED',
      active: false,
      attempts: current.attempts + 1,
    };
    const reissued = this.#issue(deactivated, now, deactivated);
    return reissued.result.ok ? { ...reissued, result: fail({ code: 'code_mismatch' }) } : reissued;
  }

  #countAttempt(current: PhoneRecord): PhoneRecord {
    const attempts = current.attempts + 1;
    const locked = attempts >= this.deps.settings.maxAttempts;
    return { ...current, attempts, active: !locked, status: locked ? 'UNVERIFIED' : current.status };
  }
}
