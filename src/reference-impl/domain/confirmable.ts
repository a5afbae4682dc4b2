import { type ConfirmableActionName, transitionOf } from '../../contract/confirmable.js';
import type { Clock } from '../clock.js';
import type { Settings } from '../settings.js';
import { type DomainError, fail, ok, type Result } from './errors.js';
import type { ConfirmableRecord, CurrentMethod, VerificationView } from './models.js';
import type { Store } from './store.js';
import type { Verifications } from './verifications.js';

/*
 * The confirmable request, modelled once (issue 15): a request of some family (person request,
 * declaration request, authentication method request, …) that a person confirms by SMS. What is
 * common lives here: the status machine (read from the spec's `x-confirmable`, contract/
 * confirmable.ts), the current authentication method, the code sent for it through the phone's
 * Verifications (one code per phone: a new one replaces the old), resend and approve. A family is
 * its spec section plus one {@link FamilyRules} value: how its record is stored and read, its
 * error answers, and the few rules of its own (what approve does without a code, what else
 * approve changes).
 */

/** How a family's records are read and changed atomically (the store's per-id update rules). */
export interface RequestAccess<R> {
  get(id: string): Promise<R | undefined>;
  update<T>(
    id: string,
    decide: (current: R | undefined) => { readonly next: R | undefined; readonly result: T },
  ): Promise<T>;
}

/** The generic keyed storage of the store port, for a family without storage of its own. */
export function recordAccess(store: Store, kind: string): RequestAccess<ConfirmableRecord> {
  return {
    get: (id) => store.getRequest(kind, id),
    update: (id, decide) => store.updateRequest(kind, id, decide),
  };
}

/** The answers a family gives where the generic steps refuse. */
export interface FamilyErrors {
  readonly notFound: DomainError;
  /** Resend whose current method sends no code (seeds/001 "Auth method is not OTP"). */
  readonly notOtp: DomainError;
  /** Resend outside the resend action's `from` statuses. */
  resendStatus(status: string, expected: string): DomainError;
  /** Approve (or another transition) outside the action's `from` statuses. */
  statusConflict(status: string, expected: string): DomainError;
  /** Approve of a request whose method sends a code, without `verification_code`. */
  readonly codeRequired: DomainError;
}

/** The twin's resend (EH resend_otp.ex): what the `service` profile's switches make a family do. */
export interface TwinResend {
  /** DIV-RESEND-CONFLICT-422 (setting resendConflict422) applies to this family. */
  readonly conflict422: boolean;
  /** DIV-RESEND-CHECK-ORDER (setting resendStatusFirst) applies to this family. */
  readonly statusFirst: boolean;
}

/** One family: its name in the spec, its storage, its fields and its own rules. */
export interface FamilyRules<R> {
  /** `x-confirmable.family` of its operations. */
  readonly family: string;
  readonly access: RequestAccess<R>;
  status(request: R): string;
  /** The current method (`authentication_method_current`); undefined when the request has none. */
  method(request: R): CurrentMethod | undefined;
  /** The request after `action` moved it to `status` at `now` (the family adds what else changes). */
  moved(request: R, action: ConfirmableActionName, status: string, now: number): R;
  readonly errors: FamilyErrors;
  /**
   * Approve where the method sends no code (OFFLINE, NA, a THIRD_PERSON without phone): undefined
   * approves, an error refuses (person requests: every document uploaded; declarations: NA
   * approves, EH approve.ex:43).
   */
  approveWithoutCode(request: R, method: CurrentMethod | undefined): DomainError | undefined;
  /** The code errors of Complete OTP as this family's approve answers them; default {@link approveCodeError}. */
  codeError?(error: DomainError): DomainError;
  readonly twinResend: TwinResend;
  /**
   * The family's own fields of a request seeded through the control API: its defaults under what
   * the seed gave (what a path or an answer needs that the seed may leave out, e.g. the person of
   * a confidant request's path), or why the seed is refused (the control API's 422). Absent: the
   * seed's `data` as is. (Added by confmerge: a family whose answer or path needs fields.) Given
   * the seed's current method, already checked; it may read and write the family's store (an
   * authentication method request makes the person of its path) and so may be async.
   */
  seedData?(
    given: ConfirmableRecord['data'],
    uuid: () => string,
    method: CurrentMethod,
  ): SeedData | Promise<SeedData>;
}

/** What {@link FamilyRules.seedData} makes of a seed's `data`. */
export type SeedData = { readonly data: ConfirmableRecord['data'] } | { readonly refused: string };

/** The phone a method's code goes to: an OTP phone, or a THIRD_PERSON's third person's OTP phone. */
export function codePhoneOf(method: CurrentMethod | undefined): string | undefined {
  if (method?.type === 'OTP') return method.phoneNumber;
  if (method?.type === 'THIRD_PERSON') return method.phoneNumber;
  return undefined;
}

/** The code errors of Complete OTP, answered on approve as 422 `forbidden` (AP:3254-3260). */
export function approveCodeError(error: DomainError): DomainError {
  switch (error.code) {
    case 'code_mismatch':
      return { code: 'approve_code_mismatch' };
    case 'verification_expired':
      return { code: 'approve_code_expired' };
    // No verification left for the phone (dropped after its retention): the twin answers 500
    // there (DIV-PR-APPROVE-NO-VERIFICATION-500); the kit says the code is no longer active.
    case 'verification_inactive':
    case 'verification_not_found':
      return { code: 'approve_code_inactive' };
    default:
      return error;
  }
}

/**
 * The generic errors, for a family that has no codes of its own (the request_* examples of the
 * spec's catalogue); `noun` names the family in a conflict, e.g. `Declaration request`.
 */
export function genericErrors(noun: string): FamilyErrors {
  return {
    notFound: { code: 'request_not_found' },
    notOtp: { code: 'auth_method_not_otp' },
    resendStatus: (status, expected) => ({ code: 'request_status_conflict', noun, status, expected }),
    statusConflict: (status, expected) => ({ code: 'request_status_conflict', noun, status, expected }),
    codeRequired: { code: 'verification_code_required' },
  };
}

/** The method resend sends to, when the family lets the caller choose (person requests' body). */
export interface ResendTarget {
  readonly method: CurrentMethod | undefined;
  /** A method that may be "resent" without a code (person requests' OFFLINE upload URLs). */
  readonly withoutCode?: boolean;
}

export type ResendResult<R> =
  | { readonly kind: 'sms'; readonly request: R; readonly verification: VerificationView }
  | { readonly kind: 'no-code'; readonly request: R; readonly method: CurrentMethod | undefined };

export interface ConfirmableDeps {
  readonly verifications: Verifications;
  readonly clock: Clock;
  readonly settings: Pick<Settings, 'resendConflict422' | 'resendStatusFirst'>;
}

/** The generic steps of every family: resend, approve, any other status transition. */
export class ConfirmableRequests {
  constructor(private readonly deps: ConfirmableDeps) {}

  /**
   * Resend (seeds/001): exists (404) → the chosen target (`pick`, e.g. a body's alias; 422 when it
   * names none) → the method sends a code (else `notOtp`) and the status is one of the resend
   * action's `from` (else `resendStatus`), in the seeds' order or, under `resendStatusFirst`, the
   * twin's (DIV-RESEND-CHECK-ORDER) → Initialize OTP for the phone: one SMS, and the code sent
   * before for this phone stops being valid. Under `resendConflict422` the two conflicts are the
   * twin's 422 (DIV-RESEND-CONFLICT-422).
   */
  async resend<R>(
    rules: FamilyRules<R>,
    id: string,
    pick?: (request: R) => Result<ResendTarget>,
  ): Promise<Result<ResendResult<R>>> {
    const request = await rules.access.get(id);
    if (request === undefined) return fail(rules.errors.notFound);
    const target = pick === undefined ? ok<ResendTarget>({ method: rules.method(request) }) : pick(request);
    if (!target.ok) return target;
    const { method, withoutCode = false } = target.value;
    const phone = codePhoneOf(method);
    const refused = this.#resendConflict(rules, request, phone !== undefined || withoutCode);
    if (refused !== undefined) return fail(refused);
    if (phone === undefined) return ok({ kind: 'no-code', request, method });
    const issued = await this.deps.verifications.initialize(phone);
    return issued.ok ? ok({ kind: 'sms', request, verification: issued.value }) : issued;
  }

  #resendConflict<R>(rules: FamilyRules<R>, request: R, sends: boolean): DomainError | undefined {
    const { settings } = this.deps;
    const twin = rules.twinResend;
    const as422 = twin.conflict422 && settings.resendConflict422;
    const { from } = transitionOf(rules.family, 'resend');
    const status = rules.status(request);
    const method: DomainError | undefined = sends
      ? undefined
      : as422
        ? { code: 'resend_method_invalid' }
        : rules.errors.notOtp;
    const state: DomainError | undefined = from.includes(status)
      ? undefined
      : as422
        ? { code: 'resend_status_invalid' }
        : rules.errors.resendStatus(status, from.join(' or '));
    return twin.statusFirst && settings.resendStatusFirst ? (state ?? method) : (method ?? state);
  }

  /**
   * Approve: exists (404) → `guard` (the family's own, e.g. the version) → status in approve's
   * `from` (409) → by the current method: one with a phone spends `verification_code` through
   * Complete OTP (the same expiry, wrong-code policy and SMS cap; `codeRequired` without one, the
   * family's code errors otherwise); one without asks `approveWithoutCode` → approve's `to`, as one
   * atomic step that checks the status again (so two approves with one code approve once).
   */
  async approve<R>(
    rules: FamilyRules<R>,
    id: string,
    code: number | undefined,
    steps: { readonly guard?: (request: R) => Result<R>; readonly change?: (request: R) => R } = {},
  ): Promise<Result<R>> {
    const found = await rules.access.get(id);
    if (found === undefined) return fail(rules.errors.notFound);
    const checked = steps.guard === undefined ? ok(found) : steps.guard(found);
    if (!checked.ok) return checked;
    const request = checked.value;
    const conflict = this.statusConflict(rules, request, 'approve');
    if (conflict !== undefined) return fail(conflict);
    const method = rules.method(request);
    const phone = codePhoneOf(method);
    if (phone !== undefined) {
      if (code === undefined) return fail(rules.errors.codeRequired);
      const completed = await this.deps.verifications.complete(phone, code);
      if (!completed.ok) return fail((rules.codeError ?? approveCodeError)(completed.error));
    } else {
      const refused = rules.approveWithoutCode(request, method);
      if (refused !== undefined) return fail(refused);
    }
    return this.transition(rules, id, 'approve', steps);
  }

  /** The family's status conflict when `request` may not start `action`, else undefined. */
  statusConflict<R>(
    rules: FamilyRules<R>,
    request: R,
    action: ConfirmableActionName,
  ): DomainError | undefined {
    const { from } = transitionOf(rules.family, action);
    const status = rules.status(request);
    return from.includes(status) ? undefined : rules.errors.statusConflict(status, from.join(' or '));
  }

  /**
   * `action`'s transition (`from` → `to` of the spec) as one atomic step on the stored record:
   * `guard` (the family's own refusals, e.g. a request of the other version) → the status, checked
   * again on the stored record, so of two concurrent transitions one wins → `change` (what else
   * the family's action sets) → `moved`.
   */
  async transition<R>(
    rules: FamilyRules<R>,
    id: string,
    action: ConfirmableActionName,
    steps: { readonly guard?: (request: R) => Result<R>; readonly change?: (request: R) => R } = {},
  ): Promise<Result<R>> {
    const { to } = transitionOf(rules.family, action);
    if (to === undefined) throw new Error(`the spec's ${rules.family} ${action} has no x-confirmable.to`);
    const now = this.deps.clock.now();
    return rules.access.update(id, (current) => {
      if (current === undefined) return { next: undefined, result: fail<R>(rules.errors.notFound) };
      const guarded = steps.guard === undefined ? ok(current) : steps.guard(current);
      if (!guarded.ok) return { next: undefined, result: guarded };
      const conflict = this.statusConflict(rules, guarded.value, action);
      if (conflict !== undefined) return { next: undefined, result: fail<R>(conflict) };
      const changed = steps.change === undefined ? guarded.value : steps.change(guarded.value);
      const next = rules.moved(changed, action, to, now);
      return { next, result: ok(next) };
    });
  }
}

/** The fields every {@link ConfirmableRecord} family shares, for its rules. */
export const recordFields = {
  status: (r: ConfirmableRecord) => r.status,
  method: (r: ConfirmableRecord) => r.method,
  moved: (r: ConfirmableRecord, _action: ConfirmableActionName, status: string, now: number) => ({
    ...r,
    status,
    updatedAt: now,
  }),
} as const;
