/**
 * The kinds of requirement that recur across operations. A scenario of a cross-cutting family
 * carries its tag; a broken deployment (test/conformance/broken) that is one kind of defect names
 * the tag instead of listing ids, so its expected failures follow when operations are added.
 * Which operation gets which family is read from the spec (scenarios/families.ts).
 */
export const TAGS = {
  // From `security` (bearerAuth with a scope): CONTRACT.md 401 access_denied, 403 forbidden.
  'auth:401-no-token': 'no Authorization header: 401 access_denied',
  'auth:401-not-bearer': 'an Authorization header that is not Bearer: 401 access_denied',
  'auth:401-unknown-token': 'a bearer token the target never issued: 401 access_denied',
  'auth:403-scope': "a token without the operation's x-scope: 403 forbidden naming the scope",
  // From `security` naming the apiKey scheme (the `api-key` header, the client secret).
  'auth:401-no-api-key': 'no api-key header: 401 Api key is not set',
  'auth:401-wrong-api-key': 'an api-key no client has: 401 Invalid api key',
  'auth:401-other-client-api-key': "another client's api-key: 401 Invalid api key",
  // From `requestBody`: CONTRACT.md 400, 413, 415, 422.
  'body:400-malformed-json': 'a corrupted JSON body: 400 request_malformed',
  'body:413-too-large': 'a body one byte over the limit: 413 request_too_large',
  'body:415-content-type': 'a text/plain body: 415 content_type_invalid',
  'body:422': 'a body the schema or a rule refuses: 422 validation_failed with error.invalid',
  // The envelope's request id and meta.url (checked on every answer; probed by these).
  'envelope:request-id-echo': 'an X-Request-ID of 20 to 200 characters is echoed',
  'envelope:request-id-fresh': 'any other X-Request-ID, or none, gets a fresh id',
  'envelope:url-no-query': 'meta.url without the query string',
  // The per-phone SMS cap of every operation that sends an SMS.
  'sms:429-cap': 'past the per-phone SMS cap: 429 with Retry-After, nothing sent',
  // The generated families of every confirmable request family (scenarios/confirmable.ts; the spec's x-confirmable).
  'confirm:resend-new-code':
    'resend answers 200, one SMS; the code sent before stops approving, the new one approves',
  'confirm:resend-404': 'resend on an id the target never issued: 404 not_found',
  'confirm:approve-code': "approve with the code of the request's SMS moves it to the spec's `to` status",
  'confirm:approve-wrong-code': 'approve with a wrong code: 422 forbidden Invalid verification code',
  'confirm:approve-twice': 'a second approve with the same code: 409 request_conflict',
  'confirm:approve-other-request-code': 'approve with the code sent for another request of the family: 422',
  'confirm:approve-other-family-code': "approve with the code sent for another family's request: 422",
  // Every scenario that reads a verification (flows.ts expectVerification): status, active, and a
  // code_expired_at in UTC, whichever operation answered it.
  'verification:read': 'reads a verification and checks it (status, active, code_expired_at in UTC)',
} as const;

export type Tag = keyof typeof TAGS;
