import type { Defect } from './defect.js';
import { COMPLETES_SUCCESSFULLY } from './scenario-sets.js';
import { bodyOf, errorOf, metaOf, operationOf, rewriteResponses, withBody, withHeaders } from './wire.js';

/** The envelope every answer carries (CONTRACT.md "The envelope"). */

export const envelopeDefects: readonly Defect[] = [
  {
    id: 'meta-code-401-on-403',
    description:
      'The forbidden error class extends the unauthorized one and inherits its serializer: every 403 answer says meta.code 401.',
    // Every scenario that receives a 403: the four scope checks and every refused code.
    evidence: /meta\.code is 401, the HTTP status is 403/,
    fails: {
      tags: ['auth:403-scope'],
      ids: [
        'COMPLETE-403-EXPIRED',
        'COMPLETE-403-INACTIVE',
        'COMPLETE-403-WRONG-CODE',
        'COMPLETE-CONCURRENT-ONCE',
        'INIT-REINIT-CANCELS',
        'RESEND-SMS-REPLACES-CODE',
      ],
    },
    build: (engine) =>
      rewriteResponses(
        (req) => engine.handle(req),
        (_req, res) => res.status === 403,
        (res) => withBody(res, { ...bodyOf(res), meta: { ...metaOf(res), code: 401 } }),
      ),
  },
  {
    id: 'meta-url-with-query',
    description: 'meta.url is built from the raw request target, query string included.',
    evidence: /carries (the|a) query string/,
    // The list scenarios send a query string too (page_size, status), so the envelope check sees it.
    fails: {
      tags: ['envelope:url-no-query'],
      ids: ['PR-LIST-200', 'PR-LIST-422-PAGE-SIZE', 'PR-LIST-STATUS-FILTER'],
    },
    build: (engine) =>
      rewriteResponses(
        (req) => engine.handle(req),
        (req) => operationOf(req).op !== 'control' && req.target.includes('?'),
        (res, req) =>
          withBody(res, { ...bodyOf(res), meta: { ...metaOf(res), url: req.origin + req.target } }),
      ),
  },
  {
    id: 'request-id-any-length',
    description:
      'Any X-Request-ID is echoed, whatever its length (Plug.RequestId reuses only 20 to 200 characters).',
    evidence: /X-Request-ID was reused/,
    fails: { tags: ['envelope:request-id-fresh'] },
    build: (engine) =>
      rewriteResponses(
        (req) => engine.handle(req),
        (req) => operationOf(req).op !== 'control' && req.headers['x-request-id'] !== undefined,
        (res, req) => {
          const id = req.headers['x-request-id'] ?? '';
          return withHeaders(withBody(res, { ...bodyOf(res), meta: { ...metaOf(res), request_id: id } }), {
            'x-request-id': id,
          });
        },
      ),
  },
  {
    id: 'request-id-truncated',
    description:
      'The request id is stored in a 64-character column: longer ids come back cut to 64 characters.',
    evidence: /does not echo the 200-character X-Request-ID/,
    fails: { tags: ['envelope:request-id-echo'] },
    build: (engine) =>
      rewriteResponses(
        (req) => engine.handle(req),
        (_req, res) => (res.headers['x-request-id'] ?? '').length > 64,
        (res) => {
          const id = (res.headers['x-request-id'] ?? '').slice(0, 64);
          return withHeaders(withBody(res, { ...bodyOf(res), meta: { ...metaOf(res), request_id: id } }), {
            'x-request-id': id,
          });
        },
      ),
  },
  {
    id: 'not-found-wrong-type',
    description: 'A 404 carries the framework\'s own error type "resource_not_found" instead of not_found.',
    // The scenarios that check the type of a 404; the envelope probes only want the status.
    evidence: /got "resource_not_found"/,
    fails: {
      ids: [
        'AMR-APPROVE-404-OTHER-PERSON',
        'AMR-CREATE-404-PERSON',
        'AMR-RESEND-404-PERSON',
        'AMR-RESEND-404-UNKNOWN',
        'COMPLETE-404-NO-VERIFICATION',
        'CPRR-APPROVE-404-OTHER-PERSON',
        'CPRR-RESEND-404-OTHER-PERSON',
        'CPRR-RESEND-404-UNKNOWN',
        'DR-RESEND-404-UNKNOWN',
        'DR-RESEND-V1-404-UNKNOWN',
        'LIFECYCLE-VERIFY-PHONE',
        'MR-RESEND-404-UNKNOWN',
        'PR-APPROVE-404-UNKNOWN',
        'PR-GET-404-UNKNOWN',
        'PR-REJECT-404-UNKNOWN',
        'RESEND-404-UNKNOWN',
        'VERIFIED-PHONE-404',
      ],
    },
    build: (engine) =>
      rewriteResponses(
        (req) => engine.handle(req),
        (req, res) => operationOf(req).op !== 'control' && res.status === 404,
        (res) => withBody(res, { ...bodyOf(res), error: { ...errorOf(res), type: 'resource_not_found' } }),
      ),
  },
  {
    id: 'complete-success-text-html',
    description:
      'The success branch of complete writes its JSON with res.send(string), which sends Content-Type text/html.',
    // Every scenario that completes a code successfully (the envelope check runs on every answer).
    evidence: /Content-Type is "text\/html/,
    fails: { ids: COMPLETES_SUCCESSFULLY },
    build: (engine) =>
      rewriteResponses(
        (req) => engine.handle(req),
        (req, res) => operationOf(req).op === 'completeVerification' && res.status === 200,
        (res) => withHeaders(res, { 'content-type': 'text/html; charset=utf-8' }),
      ),
  },
];
