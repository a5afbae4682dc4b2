import type { RandomSource } from '../random.js';
import type { Settings } from '../settings.js';
import { fail, ok, type Result } from './errors.js';
import type {
  AuthMethod,
  AuthMethodType,
  DocumentUpload,
  PersonRequest,
  VerificationView,
} from './models.js';
import type { Store } from './store.js';
import type { Verifications } from './verifications.js';

/** The optional "resend auth method" body (seeds/000). */
export interface ResendChoice {
  readonly type: AuthMethodType;
  readonly alias?: string;
}

export type ResendOutcome =
  | { readonly kind: 'sms'; readonly verification: VerificationView }
  | {
      readonly kind: 'documents';
      readonly personRequest: PersonRequest;
      readonly documents: readonly DocumentUpload[];
    };

/** Where no method says `is_primary: true`, the first one is the primary one (CONTRACT.md). */
export function primaryMethod(methods: readonly AuthMethod[]): AuthMethod | undefined {
  return methods.find((m) => m.isPrimary === true) ?? methods[0];
}

/** The phone a method delivers an OTP to: its own, or (THIRD_PERSON) the third person's primary OTP. */
function otpPhoneOf(method: AuthMethod): string | undefined {
  if (method.type === 'OTP') return method.phoneNumber;
  if (method.type === 'THIRD_PERSON') {
    const third = primaryMethod(method.thirdPerson?.authenticationMethods ?? []);
    return third?.type === 'OTP' ? third.phoneNumber : undefined;
  }
  return undefined;
}

export class PersonRequests {
  constructor(
    private readonly deps: {
      readonly store: Store;
      readonly random: RandomSource;
      readonly settings: Settings;
      readonly verifications: Verifications;
    },
  ) {}

  /**
   * Resend OTP on a person request, checks in the seeds' order (seeds/001): exists → auth method
   * is OTP (or THIRD_PERSON with an OTP third person) → status NEW → initialize OTP.
   */
  async resendOtp(id: string, choice?: ResendChoice): Promise<Result<ResendOutcome>> {
    const request = await this.deps.store.getPersonRequest(id);
    if (request === undefined) return fail({ code: 'person_request_not_found' });

    const method =
      choice === undefined ? primaryMethod(request.authenticationMethods) : this.#choose(request, choice);
    if (method === 'no-match')
      return fail({ code: 'auth_method_not_found', field: choice?.alias === undefined ? 'type' : 'alias' });
    // An explicit choice of OFFLINE is the "resend auth method" branch: new upload URLs, no SMS.
    const offline = choice?.type === 'OFFLINE' && method?.type === 'OFFLINE';
    const phone = method === undefined ? undefined : otpPhoneOf(method);
    if (!offline && phone === undefined) return fail({ code: 'auth_method_not_otp' });
    if (request.status !== 'NEW') return fail({ code: 'person_request_not_new', status: request.status });

    if (phone !== undefined) {
      const issued = await this.deps.verifications.initialize(phone);
      return issued.ok ? ok({ kind: 'sms', verification: issued.value }) : issued;
    }
    const documents = this.#uploadUrls(request);
    const updated: PersonRequest = { ...request, uploads: documents };
    await this.deps.store.putPersonRequest(updated);
    return ok({ kind: 'documents', personRequest: updated, documents });
  }

  #choose(request: PersonRequest, choice: ResendChoice): AuthMethod | 'no-match' {
    const match = request.authenticationMethods.find(
      (m) => m.type === choice.type && (choice.alias === undefined || m.alias === choice.alias),
    );
    return match ?? 'no-match';
  }

  /**
   * seeds/000 "Generate upload URL": `person.<DOCUMENT_TYPE>` (and the third person's documents),
   * replacing, and so invalidating, the URLs issued before.
   */
  #uploadUrls(request: PersonRequest): DocumentUpload[] {
    const { settings, random } = this.deps;
    const url = (type: string) =>
      `${settings.uploadBaseUrl}/${request.id}/${type}?signature=${random.secret()}`;
    const own = request.documents.map((doc) => `person.${doc}`);
    const third = request.authenticationMethods.flatMap((m) =>
      (m.thirdPerson?.documents ?? []).map((doc) => `third_person.${doc}`),
    );
    return [...own, ...third].map((type) => ({ type, url: url(type) }));
  }
}
