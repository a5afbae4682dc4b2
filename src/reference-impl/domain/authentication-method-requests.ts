import type { components } from '../../generated/ehealth-otp.js';
import type { Clock } from '../clock.js';
import type { RandomSource } from '../random.js';
import {
  AMR_FAMILY,
  amrDataJson,
  amrDataOf,
  authenticationMethodRequestFamily,
} from './authentication-method-request-family.js';
import { applyChange, checkAction } from './authentication-method-request-rules.js';
import type { ConfirmableRequests, FamilyRules, ResendResult } from './confirmable.js';
import { fail, ok, type Result } from './errors.js';
import type { ConfirmableRecord, CurrentMethod, Person } from './models.js';
import type { Store } from './store.js';
import type { Verifications } from './verifications.js';

type Body = components['schemas']['CreateAuthenticationMethodRequestBody'];

/*
 * The three operations of the family (createAuthenticationMethodRequest and its approve and
 * resend in openapi/ehealth-otp.yaml; UA:2145-2279): create is the family's own (the create call
 * is part of the OTP flow, issue 15); approve and resend are the model's generic steps
 * (domain/confirmable.ts) with two rules of this family: the request must be the path's person's,
 * and an approve changes that person's methods, so the next person request for the person sends
 * its SMS to the new OTP phone (person-request-create.ts `updateMethods` reads them).
 */

/** A current method that sends a code, with the phone it goes to. */
type CodeMethod =
  | Extract<CurrentMethod, { type: 'OTP' }>
  | { readonly type: 'THIRD_PERSON'; readonly phoneNumber: string };

/**
 * The person's current method (its primary one, the one a person request's update uses), as the
 * code's destination: an OTP phone, or a THIRD_PERSON's third person's OTP phone ("a person or
 * third person", UA:2209, 2257); undefined for a method that sends no code (OFFLINE, a third
 * person who confirms OFFLINE). Only here is the phone checked, so create asks nothing more.
 */
async function currentMethodOf(store: Store, person: Person): Promise<CodeMethod | undefined> {
  const primary = person.authenticationMethods[0];
  if (primary?.type === 'OTP' && primary.phoneNumber !== undefined)
    return { type: 'OTP', phoneNumber: primary.phoneNumber };
  if (primary?.type === 'THIRD_PERSON' && primary.value !== undefined) {
    const third = (await store.getPerson(primary.value))?.authenticationMethods[0];
    if (third?.type === 'OTP' && third.phoneNumber !== undefined)
      return { type: 'THIRD_PERSON', phoneNumber: third.phoneNumber };
  }
  return undefined;
}

export class AuthenticationMethodRequests {
  readonly #rules: FamilyRules<ConfirmableRecord>;

  constructor(
    private readonly deps: {
      readonly store: Store;
      readonly random: RandomSource;
      readonly clock: Clock;
      readonly verifications: Verifications;
      readonly confirmable: ConfirmableRequests;
    },
  ) {
    this.#rules = authenticationMethodRequestFamily(deps.store);
  }

  /**
   * Create (UA:2145-2204), in the spec's order: the person (404) → the action's rules and a
   * verified new phone (422, authentication-method-request-rules.ts) → the current method sends a
   * code (409 otherwise, DIV-AMR-OFFLINE-NOT-MODELLED) → one SMS to it through Initialize OTP
   * (429 past the SMS cap: nothing is created) → the person's earlier NEW requests CANCELED
   * (Confluence 18216681529) → the request, NEW.
   */
  async create(personId: string, body: Body): Promise<Result<ConfirmableRecord>> {
    const { store, clock, random, verifications } = this.deps;
    const person = await store.getPerson(personId);
    if (person === undefined) return fail({ code: 'amr_person_not_found' });
    const change = await checkAction(store, person, body, clock.now());
    if (!change.ok) return change;
    const method = await currentMethodOf(store, person);
    if (method === undefined) return fail({ code: 'auth_method_not_otp' });
    const issued = await verifications.initialize(method.phoneNumber);
    if (!issued.ok) return issued;
    const now = clock.now();
    await this.#cancelPending(personId, now);
    const record: ConfirmableRecord = {
      kind: AMR_FAMILY,
      id: random.uuid(),
      status: 'NEW',
      method,
      data: amrDataJson({ personId, change: change.value }),
      insertedAt: now,
      updatedAt: now,
    };
    await store.putRequest(record);
    return ok(record);
  }

  /**
   * Approve (UA:2206-2253): the person (404) → the model's approve, whose guard also refuses a
   * request of another person (404) → the change on the person, after the one transition that
   * won (so a second approve, or two at once, change the person once).
   */
  async approve(
    personId: string,
    requestId: string,
    code: number | undefined,
  ): Promise<Result<ConfirmableRecord>> {
    const { store, confirmable, random } = this.deps;
    if ((await store.getPerson(personId)) === undefined) return fail({ code: 'amr_person_not_found' });
    const approved = await confirmable.approve(this.#rules, requestId, code, {
      guard: (r) => this.#ofPerson(r, personId),
    });
    if (!approved.ok) return approved;
    const data = amrDataOf(approved.value);
    if (data !== undefined)
      await store.updatePerson(personId, (current) => ({
        next: current === undefined ? undefined : applyChange(current, data.change, () => random.uuid()),
        result: undefined,
      }));
    return approved;
  }

  /** Resend (UA:2255-2277; Confluence 17354981427): the person (404) → the model's resend on a request of this person. */
  async resend(personId: string, requestId: string): Promise<Result<ResendResult<ConfirmableRecord>>> {
    if ((await this.deps.store.getPerson(personId)) === undefined)
      return fail({ code: 'amr_person_not_found' });
    return this.deps.confirmable.resend(this.#rules, requestId, (r) => {
      const mine = this.#ofPerson(r, personId);
      return mine.ok ? ok({ method: r.method }) : mine;
    });
  }

  /** A request is addressed through its person's path: another person's is not found. */
  #ofPerson(record: ConfirmableRecord, personId: string): Result<ConfirmableRecord> {
    return amrDataOf(record)?.personId === personId ? ok(record) : fail(this.#rules.errors.notFound);
  }

  /**
   * The status is read twice: the list's copy skips the person's finished requests without a store
   * update each (a round trip on Redis), and the atomic update checks it again, so a request
   * approved meanwhile stays COMPLETED. The first check only saves work (no test can see it).
   */
  async #cancelPending(personId: string, now: number): Promise<void> {
    const { store } = this.deps;
    for (const other of await store.listRequests(AMR_FAMILY)) {
      if (amrDataOf(other)?.personId !== personId || other.status !== 'NEW') continue;
      await store.updateRequest(AMR_FAMILY, other.id, (current) =>
        current?.status === 'NEW'
          ? { next: { ...current, status: 'CANCELED', updatedAt: now }, result: undefined }
          : { next: undefined, result: undefined },
      );
    }
  }
}
