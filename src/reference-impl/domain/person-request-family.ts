import type { FamilyRules } from './confirmable.js';
import { fail, ok, type Result } from './errors.js';
import type { AuthMethod, CurrentMethod, PersonRequest } from './models.js';
import { confirmsOffline, invalidAt, otpPhoneOf, primaryMethod, printout } from './person-request-view.js';
import type { Store } from './store.js';

/*
 * Person requests as a confirmable family (issue 15): the family the model was drawn from. Its
 * record predates the model and keeps its own storage (Store.getPersonRequest); its statuses and
 * transitions are the spec's `x-confirmable` of the person-request operations; its errors are its
 * own codes (the person-request examples of the spec's catalogue).
 */

/** A person request's method as the model sees it: where its code goes. */
export function currentMethodOf(method: AuthMethod | undefined): CurrentMethod | undefined {
  if (method === undefined) return undefined;
  if (method.type === 'OFFLINE') return { type: 'OFFLINE' };
  const phone = otpPhoneOf(method);
  if (method.type === 'OTP')
    return phone === undefined ? { type: 'NA' } : { type: 'OTP', phoneNumber: phone };
  return phone === undefined ? { type: 'THIRD_PERSON' } : { type: 'THIRD_PERSON', phoneNumber: phone };
}

/** The request's approve-time check of an OFFLINE method: every handed-out document, in order (the twin, APR:45-68, 98-104). */
function documentsUploaded(request: PersonRequest) {
  const method = primaryMethod(request.authenticationMethods);
  if (method === undefined || !confirmsOffline(method)) return undefined;
  const uploaded = new Set(request.uploaded ?? []);
  const missing = request.uploads.map((u) => u.type).filter((t) => !uploaded.has(t));
  return missing.length > 0
    ? { code: 'documents_not_uploaded' as const, types: missing.join(', ') }
    : undefined;
}

/** Approve sets the printout "that MUST be shown to a end-user and signed by his key" (AP:3250). */
export function withPrintout(request: PersonRequest): PersonRequest {
  return request.created === undefined ? request : { ...request, content: printout(request.created.body) };
}

/** A request made through the API or seeded (both have `created`); a bare record is not found. */
export function created(request: PersonRequest): Result<PersonRequest> {
  return request.created === undefined ? fail({ code: 'person_request_not_found' }) : ok(request);
}

export function personRequestFamily(store: Store): FamilyRules<PersonRequest> {
  return {
    family: 'person_request',
    access: {
      get: (id) => store.getPersonRequest(id),
      update: (id, decide) => store.updatePersonRequest(id, decide),
    },
    status: (r) => r.status,
    method: (r) => currentMethodOf(primaryMethod(r.authenticationMethods)),
    // The status comes from the spec's `to`, which the generated enum types (PersonRequestStatus).
    moved: (r, _action, status, now) => ({ ...r, status: status as PersonRequest['status'], updatedAt: now }),
    errors: {
      notFound: { code: 'person_request_not_found' },
      notOtp: { code: 'auth_method_not_otp' },
      resendStatus: (status) => ({ code: 'person_request_not_new', status }),
      // DIV-PR-TRANSITION-MESSAGE: the kit names the status and what was expected.
      statusConflict: (status, expected) => ({ code: 'person_request_status_conflict', status, expected }),
      codeRequired: {
        code: 'person_request_invalid',
        invalid: [
          invalidAt('$.verification_code', 'required', 'required property verification_code was not present'),
        ],
      },
    },
    approveWithoutCode: (r) => documentsUploaded(r),
    // The twin of this resend is the declaration requests' (findings §2.2 E2-E4).
    twinResend: { conflict422: true, statusFirst: true },
  };
}
