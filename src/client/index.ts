import createClient from 'openapi-fetch';
import type { components, operations, paths } from '../generated/ehealth-otp.js';

export type { components, paths } from '../generated/ehealth-otp.js';
export type Verification = components['schemas']['Verification'];
export type ResendOtpRequest = components['schemas']['ResendOtpRequest'];
export type CreatePersonRequestV1 = components['schemas']['CreatePersonRequestV1'];
export type CreatePersonRequestV2 = components['schemas']['CreatePersonRequestV2'];
export type CreateAuthenticationMethodRequest =
  components['schemas']['CreateAuthenticationMethodRequestBody'];
/** The list's query (`status`, `page`, `page_size`). */
export type PersonRequestListQuery = NonNullable<operations['listPersonRequests']['parameters']['query']>;

export interface EhealthOtpClientOptions {
  /** The API's origin (plus any path prefix), without `/api`: e.g. `https://api.example.com`. */
  readonly baseUrl: string;
  /** The bearer token sent on every call. */
  readonly token: string;
  /** The client secret, sent as `api-key` on the person request operation (CONTRACT.md headers). */
  readonly apiKey?: string;
  /** Default: `globalThis.fetch`, looked up on every call (see below). */
  readonly fetch?: (input: Request) => Promise<Response>;
}

/**
 * A typed client for the eHealth OTP and person-request operations, over openapi-fetch and the types generated
 * from openapi/ehealth-otp.yaml. Each function answers openapi-fetch's `{ data, error, response }`:
 * `data` on 2xx, `error` (the eHealth error envelope) otherwise; it never throws on an HTTP status.
 * Path phone numbers go out percent-encoded (`+380…` as `%2B380…`), which the service accepts.
 */
export function createEhealthOtpClient(options: EhealthOtpClientOptions) {
  const raw = createClient<paths>({
    baseUrl: options.baseUrl.replace(/\/+$/, ''),
    headers: { authorization: `Bearer ${options.token}` },
    // Resolved per call, not captured now: msw (and other interceptors) replace globalThis.fetch
    // when they start, which may be after this client was created.
    fetch: options.fetch ?? ((request) => globalThis.fetch(request)),
  });
  const apiKey = options.apiKey === undefined ? {} : { 'api-key': options.apiKey };
  const phone = (phoneNumber: string) => ({ params: { path: { phone_number: phoneNumber } } });
  const request = (id: string) => ({ params: { path: { id } }, headers: apiKey });
  const confidant = (personId: string, requestId: string) => ({
    params: { path: { person_id: personId, confidant_person_relationship_request_id: requestId } },
    headers: apiKey,
  });
  const code = (verificationCode: number | undefined) =>
    verificationCode === undefined ? {} : { body: { verification_code: verificationCode } };

  // One function per operation of the spec: the mapped type over the generated `operations`
  // makes a missing (or stray) one a compile error; test/contract/operation-coverage.test.ts
  // checks that each sends its operation's method and path.
  const calls = {
    /** POST /api/verifications: sends a code by SMS. */
    initializeVerification: (phoneNumber: string) =>
      raw.POST('/api/verifications', { body: { phone_number: phoneNumber } }),
    /** PATCH /api/verifications/{phone_number}/actions/complete: checks the code. */
    completeVerification: (phoneNumber: string, code: number) =>
      raw.PATCH('/api/verifications/{phone_number}/actions/complete', {
        ...phone(phoneNumber),
        body: { code },
      }),
    /** GET /api/verifications/{phone_number}: 200 once the phone was ever verified, else 404. */
    getVerifiedPhone: (phoneNumber: string) =>
      raw.GET('/api/verifications/{phone_number}', phone(phoneNumber)),
    /** POST /api/person_requests/{id}/actions/resend_otp, optionally to another auth method. */
    resendPersonRequestOtp: (id: string, body?: ResendOtpRequest) =>
      raw.POST('/api/person_requests/{id}/actions/resend_otp', {
        params: { path: { id } },
        headers: apiKey,
        ...(body === undefined ? {} : { body }),
      }),
    /** POST /api/person_requests (v1, deprecated): create or (with `person.id`) update; one SMS for OTP. */
    createPersonRequest: (body: CreatePersonRequestV1) =>
      raw.POST('/api/person_requests', { headers: apiKey, body }),
    /** POST /api/v2/person_requests: create or update, the v2 person (confidant by MPI id). */
    createPersonRequestV2: (body: CreatePersonRequestV2) =>
      raw.POST('/api/v2/person_requests', { headers: apiKey, body }),
    /** GET /api/person_requests: newest first, `status` filter, `page`/`page_size` (1-300). */
    listPersonRequests: (query?: PersonRequestListQuery) =>
      raw.GET('/api/person_requests', {
        params: { query: typeof query === 'object' ? query : {} },
        headers: apiKey,
      }),
    /** GET /api/person_requests/{id} (v1). */
    getPersonRequest: (id: string) => raw.GET('/api/person_requests/{id}', request(id)),
    /** GET /api/v2/person_requests/{id}. */
    getPersonRequestV2: (id: string) => raw.GET('/api/v2/person_requests/{id}', request(id)),
    /** PATCH …/approve (v1): the SMS code for OTP and THIRD_PERSON; nothing for OFFLINE. */
    approvePersonRequest: (id: string, verificationCode?: number) =>
      raw.PATCH('/api/person_requests/{id}/actions/approve', { ...request(id), ...code(verificationCode) }),
    /** PATCH …/approve (v2). */
    approvePersonRequestV2: (id: string, verificationCode?: number) =>
      raw.PATCH('/api/v2/person_requests/{id}/actions/approve', {
        ...request(id),
        ...code(verificationCode),
      }),
    /** PATCH …/sign (v1): base64 of the approved `data` with `patient_signed: true`. */
    signPersonRequest: (id: string, signedContent: string) =>
      raw.PATCH('/api/person_requests/{id}/actions/sign', {
        ...request(id),
        body: { signed_content: signedContent },
      }),
    /** PATCH …/sign (v2). */
    signPersonRequestV2: (id: string, signedContent: string) =>
      raw.PATCH('/api/v2/person_requests/{id}/actions/sign', {
        ...request(id),
        body: { signed_content: signedContent },
      }),
    /** PATCH …/reject (v1): NEW or APPROVED → REJECTED. */
    rejectPersonRequest: (id: string) => raw.PATCH('/api/person_requests/{id}/actions/reject', request(id)),
    /** PATCH …/reject (v2). */
    rejectPersonRequestV2: (id: string) =>
      raw.PATCH('/api/v2/person_requests/{id}/actions/reject', request(id)),
    /** PATCH /api/v3/declaration_requests/{id}/actions/approve: the SMS code for OTP; nothing for NA/OFFLINE. */
    approveDeclarationRequest: (id: string, verificationCode?: number) =>
      raw.PATCH('/api/v3/declaration_requests/{id}/actions/approve', {
        ...request(id),
        ...code(verificationCode),
      }),
    /** POST /api/v3/declaration_requests/{id}/actions/resend_otp: a new code to the request's OTP phone. */
    resendDeclarationRequestOtp: (id: string) =>
      raw.POST('/api/v3/declaration_requests/{id}/actions/resend_otp', request(id)),
    /** PATCH /api/declaration_requests/{id}/actions/approve (deprecated v1). */
    approveDeclarationRequestV1: (id: string, verificationCode?: number) =>
      raw.PATCH('/api/declaration_requests/{id}/actions/approve', {
        ...request(id),
        ...code(verificationCode),
      }),
    /** POST /api/declaration_requests/{id}/actions/resend_otp (deprecated v1). */
    resendDeclarationRequestOtpV1: (id: string) =>
      raw.POST('/api/declaration_requests/{id}/actions/resend_otp', request(id)),
    /** POST /api/persons/{person_id}/authentication_method_requests: INSERT, UPDATE or DEACTIVATE one of the person's methods; the current method gets the code. */
    createAuthenticationMethodRequest: (personId: string, body: CreateAuthenticationMethodRequest) =>
      raw.POST('/api/persons/{person_id}/authentication_method_requests', {
        params: { path: { person_id: personId } },
        headers: apiKey,
        body,
      }),
    /** PATCH …/authentication_method_requests/{request_id}/actions/approve: the code the current method's phone received. */
    approveAuthenticationMethodRequest: (personId: string, requestId: string, verificationCode?: number) =>
      raw.PATCH('/api/persons/{person_id}/authentication_method_requests/{request_id}/actions/approve', {
        params: { path: { person_id: personId, request_id: requestId } },
        headers: apiKey,
        ...code(verificationCode),
      }),
    /** POST …/authentication_method_requests/{request_id}/actions/resend_otp: a new code to the same phone. */
    resendAuthenticationMethodRequestOtp: (personId: string, requestId: string) =>
      raw.POST('/api/persons/{person_id}/authentication_method_requests/{request_id}/actions/resend_otp', {
        params: { path: { person_id: personId, request_id: requestId } },
        headers: apiKey,
      }),
    /** PATCH …/confidant_person_relationship_requests/{…_id}/actions/approve: the SMS code for OTP and THIRD_PERSON; nothing for OFFLINE/NA. */
    approveConfidantPersonRelationshipRequest: (
      personId: string,
      requestId: string,
      verificationCode?: number,
    ) =>
      raw.PATCH(
        '/api/persons/{person_id}/confidant_person_relationship_requests/{confidant_person_relationship_request_id}/actions/approve',
        { ...confidant(personId, requestId), ...code(verificationCode) },
      ),
    /** POST …/confidant_person_relationship_requests/{…_id}/actions/resend_otp: a new code to the request's OTP phone. */
    resendConfidantPersonRelationshipRequestOtp: (personId: string, requestId: string) =>
      raw.POST(
        '/api/persons/{person_id}/confidant_person_relationship_requests/{confidant_person_relationship_request_id}/actions/resend_otp',
        confidant(personId, requestId),
      ),
    /** PATCH /api/merge_requests/{id}/actions/approve: the master person's SMS code for OTP; nothing for OFFLINE/NA. */
    approveMergeRequest: (id: string, verificationCode?: number) =>
      raw.PATCH('/api/merge_requests/{id}/actions/approve', { ...request(id), ...code(verificationCode) }),
    /** POST /api/merge_requests/{id}/actions/resend_otp: a new code to the master person's OTP phone. */
    resendMergeRequestOtp: (id: string) =>
      raw.POST('/api/merge_requests/{id}/actions/resend_otp', request(id)),
  } satisfies { readonly [Op in keyof operations]: (...args: never[]) => Promise<unknown> };

  /** `raw`: the underlying openapi-fetch client, for headers such as `X-Request-ID` or raw calls. */
  return { raw, ...calls };
}

export type EhealthOtpClient = ReturnType<typeof createEhealthOtpClient>;
