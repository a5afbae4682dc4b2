import type { Defect } from './defect.js';
import { bodyOf, metaOf, operationOf, rewriteResponses, withBody, withStatus } from './wire.js';

/** getVerifiedPhone: 200 only for a phone that was verified, 404 otherwise. */

export const verifiedPhoneDefects: readonly Defect[] = [
  {
    id: 'unknown-phone-reported-verified',
    description:
      'getVerifiedPhone echoes the phone from the path without looking it up: every phone is reported verified.',
    evidence: /expected status 404, got 200/,
    // The envelope probes GET a never-verified phone too, but test only its meta.
    fails: { ids: ['LIFECYCLE-VERIFY-PHONE', 'VERIFIED-PHONE-404'] },
    build: (engine) =>
      rewriteResponses(
        (req) => engine.handle(req),
        (req, res) => operationOf(req).op === 'getVerifiedPhone' && res.status === 404,
        (res, req) => {
          const op = operationOf(req);
          const phone = op.op === 'getVerifiedPhone' ? op.params.phone_number : '';
          return withBody(res, { meta: { ...metaOf(res), code: 200 }, data: { phone_number: phone } }, 200);
        },
      ),
  },
  {
    id: 'verified-phone-never-found',
    description:
      "Verified phones are stored normalized (without the '+') but looked up as given: no phone is ever found.",
    evidence: /expected status 200, got 404/,
    fails: { ids: ['LIFECYCLE-VERIFY-PHONE', 'VERIFIED-PHONE-200'] },
    build: (engine) =>
      rewriteResponses(
        (req) => engine.handle(req),
        (req, res) => operationOf(req).op === 'getVerifiedPhone' && res.status === 200,
        (res) => {
          const { data: _found, ...rest } = bodyOf(res) ?? {};
          return withStatus(withBody(res, rest), 404, { type: 'not_found' });
        },
      ),
  },
];
