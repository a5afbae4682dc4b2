import type { Clock } from '../clock.js';
import { sameSecret } from '../constant-time.js';
import type { RandomSource } from '../random.js';
import type { Settings } from '../settings.js';
import { ConfirmableRequests, type FamilyRules } from './confirmable.js';
import { fail, ok, type Result } from './errors.js';
import type {
  AuthMethod,
  AuthMethodType,
  CreatedBody,
  DocumentUpload,
  PersonRequest,
  VerificationView,
} from './models.js';
import { checkCreate, personFromBody, samePerson } from './person-request-create.js';
import {
  currentMethodOf,
  created as madeByCreate,
  personRequestFamily,
  withPrintout,
} from './person-request-family.js';
import { confirmsOffline, dataOf, otpPhoneOf, primaryMethod } from './person-request-view.js';
import { checkSignedContent, decodeSignedContent } from './signed-content.js';
import type { Store } from './store.js';
import type { Verifications } from './verifications.js';

// Existing import path of primaryMethod (tests and callers); it lives with the other views now.
export { primaryMethod };

/** The optional "resend auth method" body (seeds/000). */
export interface ResendChoice {
  /** Optional since the 2026 blueprint (AP:3750-3755; DIV-RESEND-EMPTY-BODY). */
  readonly type?: AuthMethodType;
  readonly alias?: string;
}

export type ResendOutcome =
  | { readonly kind: 'sms'; readonly verification: VerificationView }
  | {
      readonly kind: 'documents';
      readonly personRequest: PersonRequest;
      readonly documents: readonly DocumentUpload[];
    };

/** A request created through the API (it has the body the views render). */
export type CreatedPersonRequest = PersonRequest & { readonly created: CreatedBody };

/** What the upload endpoint answers (a storage's signed PUT, not an eHealth operation). */
export type UploadOutcome = 'uploaded' | 'not_found' | 'forbidden';

export class PersonRequests {
  constructor(
    private readonly deps: {
      readonly store: Store;
      readonly random: RandomSource;
      readonly settings: Settings;
      readonly verifications: Verifications;
      readonly clock: Clock;
      /** The generic steps of every confirmable family (domain/confirmable.ts); made here when not given. */
      readonly confirmable?: ConfirmableRequests;
    },
  ) {
    this.#family = personRequestFamily(deps.store);
    this.#model = deps.confirmable ?? new ConfirmableRequests(deps);
  }

  readonly #family: FamilyRules<PersonRequest>;
  readonly #model: ConfirmableRequests;

  /**
   * Resend OTP on a person request, checks in the seeds' order (seeds/001): exists → auth method
   * is OTP (or THIRD_PERSON with an OTP third person) → status NEW → initialize OTP. The same for
   * seeded and created requests: both keep their methods, current first.
   */
  async resendOtp(id: string, choice?: ResendChoice, origin = ''): Promise<Result<ResendOutcome>> {
    const noChoice = choice === undefined || (choice.type === undefined && choice.alias === undefined);
    const resent = await this.#model.resend(this.#family, id, (request) => {
      const method = noChoice ? primaryMethod(request.authenticationMethods) : this.#choose(request, choice);
      if (method === 'no-match')
        return fail({ code: 'auth_method_not_found', field: choice?.alias === undefined ? 'type' : 'alias' });
      // An explicit choice of OFFLINE is the "resend auth method" branch: new upload URLs, no SMS.
      // (A chosen type only matches methods of that type (#choose), so the method is OFFLINE then.)
      const withoutCode = choice?.type === 'OFFLINE';
      return ok({ method: currentMethodOf(method), withoutCode });
    });
    if (!resent.ok) return resent;
    if (resent.value.kind === 'sms') return ok({ kind: 'sms', verification: resent.value.verification });
    const { request } = resent.value;
    const documents = this.#uploadUrls(request, origin);
    const updated: PersonRequest = { ...request, uploads: documents, uploaded: [] };
    await this.deps.store.putPersonRequest(updated);
    return ok({ kind: 'documents', personRequest: updated, documents });
  }

  /**
   * Create/Update Person Request v1/v2 (AP:3118-3194, 3434-3513): the rules (checkCreate), then
   * ONE SMS through Initialize OTP for the current method's phone, which cancels the phone's
   * earlier code (seeds/000, 001: the code of an earlier create/update stops being valid) and
   * counts against the SMS cap (429: nothing is created); OFFLINE gets upload URLs and no SMS.
   * Then the same person's pending requests are cancelled (DIV-PR-CREATE-CANCELS-PENDING).
   */
  async create(created: CreatedBody, origin: string): Promise<Result<CreatedPersonRequest>> {
    const { store, clock, random } = this.deps;
    const methods = await checkCreate(store, created, clock.now());
    if (!methods.ok) return methods;
    const current = primaryMethod(methods.value);
    const phone = current === undefined ? undefined : otpPhoneOf(current);
    if (phone !== undefined) {
      const issued = await this.deps.verifications.initialize(phone);
      if (!issued.ok) return issued;
    }
    const now = clock.now();
    const draft: CreatedPersonRequest = {
      id: random.uuid(),
      status: 'NEW',
      authenticationMethods: methods.value,
      documents: created.body.person.documents.map((d) => d.type),
      uploads: [],
      uploaded: [],
      created,
      insertedAt: now,
      updatedAt: now,
    };
    await this.#cancelPending(created, now);
    const request: CreatedPersonRequest =
      current !== undefined && confirmsOffline(current)
        ? { ...draft, uploads: this.#uploadUrls(draft, origin) }
        : draft;
    await store.putPersonRequest(request);
    return ok(request);
  }

  /** Get by id v1/v2 (AP:3621-3701): 404, then the version (DIV-PR-VERSION). */
  async get(id: string, version: 1 | 2): Promise<Result<CreatedPersonRequest>> {
    return this.#versioned(await this.deps.store.getPersonRequest(id), version);
  }

  /** Every request, newest first (AP:3703-3731), `status` filtered; paging is the caller's. */
  async list(status?: string): Promise<CreatedPersonRequest[]> {
    const all = await this.deps.store.listPersonRequests();
    return all
      .filter((r): r is CreatedPersonRequest => r.created !== undefined)
      .filter((r) => status === undefined || r.status === status)
      .reverse();
  }

  /**
   * Approve v1/v2 (AP:3196-3260, 3515-3579), in the order of the research §3.1: 404 → version →
   * status NEW (409) → by the current method: OTP/THIRD_PERSON spend `verification_code` through
   * Complete OTP (same expiry, wrong-code policy, SMS cap), OFFLINE needs every upload (409) → APPROVED.
   */
  async approve(id: string, version: 1 | 2, code: number | undefined): Promise<Result<CreatedPersonRequest>> {
    const guard = this.#guard(version);
    const approved = await this.#model.approve(this.#family, id, code, {
      guard,
      change: withPrintout,
    });
    return approved.ok ? guard(approved.value) : approved;
  }

  /**
   * Sign v1/v2 (AP:3343-3383, 3582-3618): 404 → version → APPROVED (409) → the content (base64 JSON,
   * `patient_signed: true`, equal to the approved `$.data`) → the person is created, or updated
   * when `person.id` was sent (AP:3356-3357) → SIGNED. One atomic transition, so one person.
   */
  async sign(id: string, version: 1 | 2, signedContent: string): Promise<Result<CreatedPersonRequest>> {
    const found = await this.get(id, version);
    if (!found.ok) return found;
    const request = found.value;
    const conflict = this.#model.statusConflict(this.#family, request, 'sign');
    if (conflict !== undefined) return fail(conflict);
    const decoded = decodeSignedContent(signedContent);
    if (!decoded.ok) return decoded;
    const checked = checkSignedContent(decoded.value, dataOf(request, request.created.body));
    if (!checked.ok) return checked;
    const { store, random } = this.deps;
    const existingId = request.created.body.person.id;
    const existing = existingId === undefined ? undefined : await store.getPerson(existingId);
    const signed = await this.#transition(id, 'sign', version, (r) => ({
      ...r,
      personId: existingId ?? random.uuid(),
    }));
    if (!signed.ok) return signed;
    const personId = signed.value.personId ?? '';
    await store.putPerson(personFromBody(personId, signed.value.created.body, () => random.uuid(), existing));
    return signed;
  }

  /** Reject v1/v2 (AP:3262-3341; UA:945-979): NEW or APPROVED → REJECTED, else 409. */
  async reject(id: string, version: 1 | 2): Promise<Result<CreatedPersonRequest>> {
    const found = await this.get(id, version);
    if (!found.ok) return found;
    return this.#transition(id, 'reject', version);
  }

  /**
   * A PUT to an upload URL this kit handed out (AP:3214-3217 "upload directly to the storage"):
   * the request and the document type must exist and the signature must be the current one (a
   * resend to OFFLINE replaces the URLs, S000:35-36). Compared in constant time.
   */
  async upload(id: string, type: string, signature: string): Promise<UploadOutcome> {
    const request = await this.deps.store.getPersonRequest(id);
    const handed = request?.uploads.find((u) => u.type === type);
    if (handed === undefined) return 'not_found';
    const expected = new URL(handed.url, 'http://x').searchParams.get('signature') ?? '';
    if (!sameSecret(signature, expected)) return 'forbidden';
    return this.deps.store.updatePersonRequest(id, (current) => {
      if (current === undefined || !current.uploads.some((u) => u.url === handed.url))
        return { next: undefined, result: 'forbidden' as const };
      const uploaded = [...new Set([...(current.uploaded ?? []), type])];
      return { next: { ...current, uploaded }, result: 'uploaded' as const };
    });
  }

  #versioned(request: PersonRequest | undefined, version: 1 | 2): Result<CreatedPersonRequest> {
    if (request === undefined) return fail({ code: 'person_request_not_found' });
    if (request.created === undefined) return fail({ code: 'person_request_not_found' });
    const created: CreatedPersonRequest = { ...request, created: request.created };
    if (created.created.version !== version)
      return fail({
        code: 'person_request_wrong_version',
        version: String(version),
        other: String(created.created.version),
      });
    return ok(created);
  }

  /** What a versioned action checks after 404: the request was created (or seeded) by this version. */
  #guard(version: 1 | 2): (request: PersonRequest) => Result<CreatedPersonRequest> {
    return (request) => {
      const made = madeByCreate(request);
      return made.ok ? this.#versioned(made.value, version) : made;
    };
  }

  /** The status change as one atomic step (the model's): the status is checked again on the stored record. */
  async #transition(
    id: string,
    action: 'sign' | 'reject',
    version: 1 | 2,
    change?: (request: PersonRequest) => PersonRequest,
  ): Promise<Result<CreatedPersonRequest>> {
    const guard = this.#guard(version);
    const moved = await this.#model.transition(this.#family, id, action, {
      guard: (r) => madeByCreate(r),
      ...(change === undefined ? {} : { change }),
    });
    return moved.ok ? guard(moved.value) : moved;
  }

  async #cancelPending(created: CreatedBody, now: number): Promise<void> {
    const { store } = this.deps;
    for (const other of await store.listPersonRequests()) {
      if (other.created === undefined || !samePerson(other.created.body.person, created.body.person))
        continue;
      await store.updatePersonRequest(other.id, (current) =>
        current !== undefined && (current.status === 'NEW' || current.status === 'APPROVED')
          ? { next: { ...current, status: 'CANCELLED', updatedAt: now }, result: undefined }
          : { next: undefined, result: undefined },
      );
    }
  }

  #choose(request: PersonRequest, choice: ResendChoice): AuthMethod | 'no-match' {
    const match = request.authenticationMethods.find(
      (m) =>
        (choice.type === undefined || m.type === choice.type) &&
        (choice.alias === undefined || m.alias === choice.alias),
    );
    return match ?? 'no-match';
  }

  /**
   * seeds/000 "Generate upload URL": `person.<DOCUMENT_TYPE>` (and the third person's documents),
   * replacing, and so invalidating, the URLs issued before. They point at `uploadBaseUrl`, or
   * (the default, empty) at this server's own upload endpoint `<origin>/uploads`.
   */
  #uploadUrls(request: PersonRequest, origin: string): DocumentUpload[] {
    const { settings, random } = this.deps;
    const base = settings.uploadBaseUrl === '' ? `${origin}/uploads` : settings.uploadBaseUrl;
    const url = (type: string) => `${base}/${request.id}/${type}?signature=${random.secret()}`;
    const own = request.documents.map((doc) => `person.${doc}`);
    const third = request.authenticationMethods.flatMap((m) =>
      (m.thirdPerson?.documents ?? []).map((doc) => `third_person.${doc}`),
    );
    return [...new Set([...own, ...third])].map((type) => ({ type, url: url(type) }));
  }
}
