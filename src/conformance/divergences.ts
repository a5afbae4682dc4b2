/**
 * The known divergences the suite can observe (CONTRACT.md "Which source wins"; the spec's
 * `x-divergences`). When a target shows the documented alternative instead of the contract's rule,
 * the scenario ends as `divergence` with the id: a pass unless `--strict`.
 */
export const DIVERGENCE_IDS = [
  'DIV-RESEND-CONFLICT-422',
  'DIV-RESEND-CHECK-ORDER',
  'DIV-RESEND-EMPTY-BODY',
  'DIV-API-KEY-MESSAGE',
  'DIV-INIT-201',
  'DIV-INIT-PROVIDER',
  'DIV-STATUS-LOWERCASE',
  'DIV-WRONG-CODE-ATTEMPTS',
  'DIV-VERIFIED-PHONE-422',
  'DIV-MALFORMED-JSON-BARE',
  'DIV-429-NO-TYPE',
  'DIV-REINIT-STATUS',
  'DIV-PR-CREATE-201',
  'DIV-PR-UNVERIFIED-SHAPE',
  'DIV-PR-URGENT-AUTH-SHAPE',
  'DIV-PR-NA-METHOD',
  'DIV-PR-IS-PRIMARY',
  'DIV-PR-CREATE-CANCELS-PENDING',
  'DIV-PR-AGE-BOUNDARY',
  'DIV-PR-READ-SCOPE',
  'DIV-PR-PAGE-SIZE',
  'DIV-PR-LEGAL-ENTITY-FILTER',
  'DIV-PR-GET-META-201',
  'DIV-PR-VERSION',
  'DIV-PR-APPROVE-201',
  'DIV-PR-APPROVE-CODE-TYPE',
  'DIV-PR-APPROVE-NO-VERIFICATION-500',
  'DIV-PR-TRANSITION-MESSAGE',
  'DIV-PR-SIGN-STATUS-422',
  'DIV-PR-SIGN-NO-SIGNATURE-CHECK',
  'DIV-PR-SIGN-PATIENT-SIGNED',
  'DIV-PR-SIGN-DRFO-NOT-MODELLED',
  'DIV-PR-REJECT-STATUS',
  'DIV-PR-REJECT-V2-MISSING',
  'DIV-DR-APPROVE-201',
  'DIV-DR-APPROVE-NO-VERIFICATION-500',
  'DIV-DR-TRANSITION-MESSAGE',
  'DIV-DR-OFFLINE-DOCUMENTS',
  'DIV-DR-APPROVE-DATA',
  'DIV-DR-RESEND-RATE-LIMIT-501',
  'DIV-AMR-CODE-TO-CURRENT',
  'DIV-AMR-OFFLINE-NOT-MODELLED',
  'DIV-AMR-PERSON-NOT-FOUND',
  'DIV-AMR-ACTION-CASE',
  'DIV-AMR-APPROVE-ERROR-EXAMPLE',
  'DIV-AMR-RESEND-CONFLICT',
  'DIV-CPRR-APPROVE-STATUS',
  'DIV-CPRR-PERSON-MISMATCH',
  'DIV-CPRR-CONFIDANT-LIMIT',
  'DIV-CPRR-WRONG-CODE',
  'DIV-CPRR-RESEND-CONFLICT',
  'DIV-MR-SCOPE',
  'DIV-MR-WRONG-CODE',
  'DIV-MR-SIGN-DATA',
  'DIV-MR-RESEND-CONFLICT',
] as const;

export type DivergenceId = (typeof DIVERGENCE_IDS)[number];

/** What a response that shows the divergence may break besides the expectation itself. */
export type Relaxation = 'schema' | 'envelope';

export interface DivergenceInfo {
  readonly summary: string;
  /**
   * Checks that the divergent response cannot pass by its nature (a lower-case status fails the
   * spec's enum; a bare 400 body has no envelope). Only these are waived, and only on the response
   * that showed the divergence; every other check still applies to it.
   */
  readonly relaxes: readonly Relaxation[];
}

export const DIVERGENCES: Readonly<Record<DivergenceId, DivergenceInfo>> = {
  'DIV-RESEND-CONFLICT-422': {
    summary:
      'resend conflicts answered 422 validation_failed (open-source twin) instead of 409 request_conflict',
    relaxes: ['schema'],
  },
  'DIV-RESEND-CHECK-ORDER': {
    summary: 'resend checks the person request status before its authentication method (open-source twin)',
    relaxes: ['schema'],
  },
  'DIV-RESEND-EMPTY-BODY': {
    summary:
      'resend accepts an empty body and sends to the primary method (2026 blueprint, open-source twin)',
    relaxes: [],
  },
  'DIV-API-KEY-MESSAGE': {
    summary:
      "a missing api-key answered with the development docs' `API-KEY header required` instead of the gateway's sentence",
    relaxes: [],
  },
  'DIV-INIT-201': {
    summary: 'initialize answers 201 Created (running service) instead of 200 (Apiary)',
    relaxes: ['schema'],
  },
  'DIV-INIT-PROVIDER': {
    summary: 'initialize accepts an optional provider string (running service), outside the public docs',
    relaxes: [],
  },
  'DIV-STATUS-LOWERCASE': {
    summary: 'verification statuses written in lower case (running service)',
    relaxes: ['schema'],
  },
  'DIV-WRONG-CODE-ATTEMPTS': {
    summary: 'a wrong code keeps the code active and counts attempts, no new SMS (running service)',
    relaxes: [],
  },
  'DIV-VERIFIED-PHONE-422': {
    summary: 'a never-verified phone answered 422 (one documentation page) instead of 404',
    relaxes: ['schema'],
  },
  'DIV-MALFORMED-JSON-BARE': {
    summary: 'malformed JSON answered with a bare request_malformed body, without the envelope',
    relaxes: ['schema', 'envelope'],
  },
  'DIV-429-NO-TYPE': {
    summary: 'the SMS cap answered 429 with an error that has no type (OTP service rate limit)',
    relaxes: ['schema'],
  },
  // Not observable through the API (an old verification is never returned); listed so that a
  // target's own report can name it and so the id set matches the spec's x-divergences.
  'DIV-REINIT-STATUS': {
    summary: 'a re-initialized phone’s previous code becomes INACTIVE (Confluence) instead of CANCELED',
    relaxes: ['schema'],
  },
  // Issue 14, the person requests (openapi/ehealth-otp.yaml x-divergences, docs/research/person-requests.md §4).
  'DIV-PR-CREATE-201': {
    summary: 'create answers 200 (open-source twin) instead of 201 (blueprint)',
    relaxes: ['schema'],
  },
  'DIV-PR-UNVERIFIED-SHAPE': {
    summary:
      'an unverified phone answered 422 validation_failed with an invalid rule (twin) instead of type unverified',
    relaxes: ['schema'],
  },
  'DIV-PR-URGENT-AUTH-SHAPE': {
    summary: 'urgent.authentication_method_current as an object {type, number} (twin) instead of an array',
    relaxes: ['schema'],
  },
  'DIV-PR-NA-METHOD': {
    summary: 'a create naming the NA method accepted (blueprint enum) instead of 422 inclusion',
    relaxes: ['schema'],
  },
  'DIV-PR-IS-PRIMARY': {
    summary: 'the SMS target is the method marked is_primary (seeds/000) rather than the first method',
    relaxes: [],
  },
  'DIV-PR-CREATE-CANCELS-PENDING': {
    summary:
      "a create leaves the same person's earlier NEW/APPROVED request as it was (no rule in the blueprint)",
    relaxes: [],
  },
  'DIV-PR-AGE-BOUNDARY': {
    summary: 'a person of exactly 14 full years treated as a child (only THIRD_PERSON)',
    relaxes: ['schema'],
  },
  'DIV-PR-READ-SCOPE': {
    summary: 'Get and the list need no scope (blueprint) instead of person_request:read (Confluence)',
    relaxes: [],
  },
  'DIV-PR-PAGE-SIZE': {
    summary: 'page_size capped at 100 (blueprint introduction) instead of 300',
    relaxes: ['schema'],
  },
  'DIV-PR-LEGAL-ENTITY-FILTER': {
    summary:
      "another legal entity's request answered 403/404 (Confluence, twin); the kit does not model legal entities",
    relaxes: [],
  },
  'DIV-PR-GET-META-201': {
    summary: "Get by id answers 200 with meta.code 201 (the blueprint's copy)",
    relaxes: ['envelope'],
  },
  'DIV-PR-VERSION': {
    summary: 'an operation of one version serves a request made by the other',
    relaxes: ['schema'],
  },
  'DIV-PR-APPROVE-201': {
    summary: 'approve answers 200 (open-source twin) instead of 201 (blueprint)',
    relaxes: ['schema'],
  },
  'DIV-PR-APPROVE-CODE-TYPE': {
    summary: 'approve accepts verification_code as a string (twin) instead of 422 cast',
    relaxes: ['schema'],
  },
  'DIV-PR-APPROVE-NO-VERIFICATION-500': {
    summary: 'approve of a phone without any verification answers 500 proxied error (twin)',
    relaxes: ['schema'],
  },
  'DIV-PR-TRANSITION-MESSAGE': {
    summary: 'a wrong transition answered 409 Invalid transition (twin) instead of naming the statuses',
    relaxes: [],
  },
  'DIV-DR-APPROVE-201': {
    summary: 'declaration request approve answers 200 (twin) instead of 201 (blueprint)',
    relaxes: ['schema'],
  },
  'DIV-DR-APPROVE-NO-VERIFICATION-500': {
    summary:
      'a declaration request approve with no verification behind the code answers 500 proxied error (twin)',
    relaxes: ['schema', 'envelope'],
  },
  'DIV-DR-TRANSITION-MESSAGE': {
    summary: 'a declaration request approve in the wrong status answers 409 Invalid transition (twin)',
    relaxes: [],
  },
  'DIV-DR-OFFLINE-DOCUMENTS': {
    summary: 'an OFFLINE declaration request approve checks the uploaded documents (blueprint, twin): 409',
    relaxes: ['schema'],
  },
  'DIV-DR-APPROVE-DATA': {
    summary: 'an approved declaration request answers the whole declaration request (blueprint)',
    relaxes: [],
  },
  'DIV-DR-RESEND-RATE-LIMIT-501': {
    summary:
      "a rate-limited declaration request resend answers 501 (twin: no fallback for the OTP RPC's too_many_requests)",
    relaxes: ['schema'],
  },
  'DIV-AMR-CODE-TO-CURRENT': {
    summary:
      "an authentication method request's code went to the new phone (PIS, issue 15) instead of the person's current one",
    relaxes: [],
  },
  'DIV-AMR-OFFLINE-NOT-MODELLED': {
    summary: 'an OFFLINE current method confirms an authentication method request by documents (blueprint)',
    relaxes: ['schema'],
  },
  'DIV-AMR-PERSON-NOT-FOUND': {
    summary:
      "an unknown person answers 422 Such person doesn't exist (older Confluence create) instead of 404",
    relaxes: ['schema'],
  },
  'DIV-AMR-ACTION-CASE': {
    summary: 'the older lower-case actions (insert, update, delete) were accepted',
    relaxes: [],
  },
  'DIV-AMR-APPROVE-ERROR-EXAMPLE': {
    summary: "an authentication method request approve's error is the blueprint's copied declaration text",
    relaxes: [],
  },
  'DIV-AMR-RESEND-CONFLICT': {
    summary:
      'an authentication method request resend conflict answers 422 (the declaration twin) instead of 409',
    relaxes: ['schema'],
  },
  'DIV-CPRR-APPROVE-STATUS': {
    summary: "a confidant person relationship request approve answers status NEW (the blueprint's example)",
    relaxes: [],
  },
  'DIV-CPRR-CONFIDANT-LIMIT': {
    summary: 'a confidant person relationship request approve answers 422 This patient has X confidants',
    relaxes: ['schema'],
  },
  'DIV-CPRR-WRONG-CODE': {
    summary:
      'a confidant person relationship request approve answers a wrong code otherwise than 422 forbidden',
    relaxes: ['schema'],
  },
  'DIV-MR-SCOPE': {
    summary: 'merge request approve/resend need another scope than merge_request:write',
    relaxes: [],
  },
  'DIV-MR-WRONG-CODE': {
    summary: 'a merge request approve answers a wrong code otherwise than 422 forbidden',
    relaxes: ['schema'],
  },
  'DIV-MR-SIGN-DATA': {
    summary: 'a merge request approve answers the full MPI records in data_to_be_signed (blueprint)',
    relaxes: [],
  },
  'DIV-CPRR-PERSON-MISMATCH': {
    summary:
      "a confidant person relationship request under another person's id answers 403 Such person not found (the relationships list's answer) instead of 404",
    relaxes: [],
  },
  'DIV-CPRR-RESEND-CONFLICT': {
    summary:
      'confidant person relationship request resend conflicts answered as the twin does (422, status first) instead of 409, method first',
    relaxes: ['schema'],
  },
  'DIV-MR-RESEND-CONFLICT': {
    summary:
      'merge request resend conflicts answered as the twin does (422, status first) instead of 409, method first',
    relaxes: ['schema'],
  },
  'DIV-PR-SIGN-STATUS-422': {
    summary: 'sign of a request not APPROVED answers 422 $.status (twin) instead of 409',
    relaxes: ['schema'],
  },
  'DIV-PR-SIGN-NO-SIGNATURE-CHECK': {
    summary: 'sign refuses bare base64 content (a production PKCS#7 check) where the sandbox accepts it',
    relaxes: ['schema'],
  },
  'DIV-PR-SIGN-PATIENT-SIGNED': {
    summary: 'sign accepts the approved data verbatim (patient_signed false) instead of requiring true',
    relaxes: ['schema'],
  },
  'DIV-PR-SIGN-DRFO-NOT-MODELLED': {
    summary: "the signer's DRFO is checked against the user (twin); the kit has no users",
    relaxes: [],
  },
  'DIV-PR-REJECT-STATUS': {
    summary: "reject answers 201 (the blueprint's section header) instead of 200",
    relaxes: ['schema'],
  },
  'DIV-PR-REJECT-V2-MISSING': {
    summary: 'no v2 reject route (the public blueprint has no such section): 404',
    relaxes: ['schema'],
  },
};

/**
 * The spec's `x-divergences` ids that no scenario can observe through the API, each with why. Every
 * other id of the spec is declared by the scenarios that report it (`Scenario.divergences`); a test
 * holds the two lists to the spec's.
 */
export const NOT_OBSERVABLE: Readonly<Record<string, string>> = {
  'DIV-REINIT-STATUS':
    'no operation returns the earlier verification of a re-initialized phone, so its status is never seen',
  'DIV-CODE-LENGTH':
    'a setting of the target (the kit: codeLength); the suite reads each code from the outbox, so either length conforms',
  'DIV-CODE-LIFETIME':
    'a setting of the target, told to the suite as limits.code_lifetime_seconds (INIT-CODE-LIFETIME and COMPLETE-403-EXPIRED use it); either value conforms',
  'DIV-PR-IS-PRIMARY':
    'the create body has no is_primary (the blueprint), so the first method is the only one a client can name: the kit and the twin agree, and seeds/000 cannot be told apart through the API',
  'DIV-PR-READ-SCOPE':
    'a scope the spec names (the generated PR-GET-403-SCOPE and PR-LIST-403-SCOPE hold a target to it); a target that needs no scope passes them as well, so nothing distinguishes it',
  'DIV-PR-LEGAL-ENTITY-FILTER':
    "the kit does not model legal entities; the suite certifies neither 200 nor 403/404 for another client's request",
  'DIV-PR-APPROVE-NO-VERIFICATION-500':
    'a request created through the API always has a verification for its phone; the case needs a verification dropped after its retention, which the API cannot cause',
  'DIV-EXPIRED-DEACTIVATED':
    'COMPLETE-403-EXPIRED tries one second past expiry; seeing the deactivator needs a target clock a minute later, which the suite does not move',
  'DIV-RETENTION-30-DAYS': 'a retention of the target; the suite would have to wait past it to see the 404',
  'DIV-EXPIRED-WRONG-CODE':
    'no scenario sends a wrong code after expiry (COMPLETE-403-EXPIRED sends the right one), so neither answer is certified',
  'DIV-COMPLETE-EXAMPLE-STATUS':
    "COMPLETE-200 holds the seed's text (VERIFIED, inactive); a target answering the example's NEW and active fails it instead of diverging",
  'DIV-THIRD-PERSON-UPLOAD-TYPE':
    "no scenario resends to a third person's OFFLINE method (RESEND-409-THIRD-PERSON-OFFLINE refuses it), so no third person's upload name is ever seen",
  'DIV-DR-APPROVE-NO-VERIFICATION-500':
    'a seeded declaration request gets its code from a resend, so a verification always stands behind it; the case needs one dropped after its retention, which the API cannot cause',
  'DIV-DR-APPROVE-DATA':
    'the suite checks id and status only (the rest of a declaration request is outside the OTP concern); a target that answers more passes alike',
  'DIV-DR-RESEND-RATE-LIMIT-501':
    "no scenario drives a declaration request resend past the SMS cap (the OTP service's rate limit is off by default)",
  'DIV-CPRR-APPROVE-STATUS':
    "the generated CPRR-APPROVE-RIGHT-CODE and CPRR-APPROVE-*-200 hold the answer to x-confirmable's `to` (APPROVED); a target answering the example's NEW fails them instead of diverging",
  'DIV-CPRR-CONFIDANT-LIMIT':
    'the kit holds no MPI relationships, so the suite cannot make a person reach the limit through the API',
  'DIV-CPRR-WRONG-CODE':
    "the blueprint documents no answer to a wrong code, so there is no alternative to recognise: the generated CPRR-APPROVE-422-WRONG-CODE certifies the kit's",
  'DIV-MR-WRONG-CODE':
    "the blueprint documents no answer to a wrong code, so there is no alternative to recognise: the generated MR-APPROVE-422-WRONG-CODE certifies the kit's",
  'DIV-MR-SCOPE':
    'a scope the spec names (the generated MR-*-403-SCOPE hold a target to it); a target that needs another scope fails them, one that needs none passes, so nothing identifies the older name',
  'DIV-MR-SIGN-DATA':
    'MR-APPROVE-SIGN-DATA checks ids, status, patient_signed and content only; a target that answers the full MPI records passes alike',
  'DIV-PR-SIGN-DRFO-NOT-MODELLED':
    'the suite has no signer identity (users, parties) to send, so a DRFO check cannot be provoked',
  'DIV-AMR-OFFLINE-NOT-MODELLED':
    'a person whose current method is OFFLINE needs the person-request OFFLINE flow with uploads first; no scenario makes one, so neither answer is certified',
  'DIV-AMR-APPROVE-ERROR-EXAMPLE':
    "the blueprint's text is a copy of the declaration approve's; no target answers a wrong code with it, and the generated AMR-APPROVE-422-WRONG-CODE certifies the kit's side",
};
