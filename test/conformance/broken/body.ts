import type { Defect } from './defect.js';
import { bodyOf, errorOf, operationOf, rewriteResponses, withBody, withStatus } from './wire.js';

/** Request bodies: JSON parsing (400), size (413), media type (415), validation (422). */

const STACK = [
  'SyntaxError: Unexpected end of JSON input',
  '    at JSON.parse (<anonymous>)',
  '    at parseBody (/srv/app/src/middleware/body.js:14:23)',
].join('\n');

const NGINX_413 =
  '<html>\r\n<head><title>413 Request Entity Too Large</title></head>\r\n<body>\r\n<center><h1>413 Request Entity Too Large</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n';

export const bodyDefects: readonly Defect[] = [
  {
    id: 'stack-trace-on-bad-json',
    description:
      'The JSON parser throws on a corrupted body and the generic handler answers 500 with the exception and its stack trace.',
    evidence: /the body leaks internals/,
    fails: { tags: ['body:400-malformed-json'] },
    build: (engine) =>
      rewriteResponses(
        (req) => engine.handle(req),
        (_req, res) => res.status === 400,
        (res) => withStatus(res, 500, { type: 'internal_error', message: STACK }),
      ),
  },
  {
    id: 'validation-without-invalid',
    description: 'A 422 says validation_failed but not which field and rule: error.invalid is left out.',
    evidence: /expected error\.invalid to be a list/,
    fails: { tags: ['body:422'] },
    build: (engine) =>
      rewriteResponses(
        (req) => engine.handle(req),
        (_req, res) => res.status === 422,
        (res) => {
          const { invalid: _dropped, ...error } = errorOf(res) ?? {};
          return withBody(res, { ...bodyOf(res), error });
        },
      ),
  },
  {
    id: 'body-limit-not-enforced',
    description: 'The body size limit is configured sixteen times too high (16 MiB instead of 1 MiB).',
    // The oversized body then reaches validation: 422 for its padding property instead of 413 (the
    // 422 is itself over the suite's read limit; its status still arrives and is compared).
    evidence: /expected status 413, got 422/,
    fails: { tags: ['body:413-too-large'] },
    settings: { maxBodyBytes: 16 * 1024 * 1024 },
    build: (engine) => (req) => engine.handle(req),
  },
  {
    id: 'proxy-413-html-page',
    description:
      'The reverse proxy in front enforces the body limit itself and answers with its own HTML error page.',
    evidence: /the body is not JSON \(Content-Type text\/html\)/,
    fails: { tags: ['body:413-too-large'] },
    build: (engine) =>
      rewriteResponses(
        (req) => engine.handle(req),
        (_req, res) => res.status === 413,
        (res) => ({ ...res, headers: { 'content-type': 'text/html' }, body: NGINX_413 }),
      ),
  },
  {
    id: 'unsupported-media-type-400',
    description:
      'A body that is not application/json is answered 400 request_malformed, as if it were bad JSON.',
    evidence: /expected status 415, got 400/,
    fails: { tags: ['body:415-content-type'] },
    build: (engine) =>
      rewriteResponses(
        (req) => engine.handle(req),
        (_req, res) => res.status === 415,
        (res) =>
          withStatus(res, 400, {
            type: 'request_malformed',
            message: 'Malformed request. Probably, you have sent corrupted JSON.',
          }),
      ),
  },
  {
    id: 'content-type-not-checked',
    description:
      'The body parser parses every body as JSON whatever its Content-Type, so text/plain is accepted.',
    evidence: /expected status 415, got (200|201|404)/,
    fails: { tags: ['body:415-content-type'] },
    build: (engine) => (req) =>
      engine.handle(
        operationOf(req).op !== 'control' && req.body !== undefined
          ? { ...req, headers: { ...req.headers, 'content-type': 'application/json' } }
          : req,
      ),
  },
];
