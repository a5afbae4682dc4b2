import { isEchoableRequestId } from '../contract/rules.js';
import { isObject } from './json.js';

/**
 * The envelope every eHealth response carries, errors included (CONTRACT.md "The envelope").
 * Returns problems as sentences; an empty list means the envelope is right.
 */
export interface EnvelopeInput {
  readonly status: number;
  readonly contentType: string | null;
  readonly headerRequestId: string | null;
  readonly body: unknown;
  readonly text: string;
  /** The path the suite requested, base-path prefix included, without query. */
  readonly requestPath: string;
  /** The same path without the target's base path (e.g. `/api/verifications`). */
  readonly apiPath: string;
  /** The X-Request-ID the suite sent, if any. */
  readonly sentRequestId: string | undefined;
}

/** Plug.RequestId reuses an incoming id of 20 to 200 bytes: one rule for both sides (contract/rules.ts). */
export { isEchoableRequestId };

/** Lines of a stack trace or an exception name: internals that must never reach a client. */
const LEAK_PATTERNS = [/(^|\\n|\n)\s*at \S+ \(/, /(^|\\n|\n)\s*at \/?[\w./-]+:\d+:\d+/, /\b[A-Z]\w*Error: /];

export function findInternalLeak(text: string): string | undefined {
  for (const pattern of LEAK_PATTERNS) {
    const match = pattern.exec(text);
    if (match !== null) return text.slice(match.index, match.index + 60).trim();
  }
  return undefined;
}

function decodePath(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

export function checkEnvelope(input: EnvelopeInput): string[] {
  const problems: string[] = [];
  const mediaType = input.contentType?.split(';')[0]?.trim().toLowerCase();
  if (mediaType !== 'application/json') {
    problems.push(
      `Content-Type is ${input.contentType === null ? 'missing' : `"${input.contentType}"`}, expected application/json`,
    );
  }
  const leak = findInternalLeak(input.text);
  if (leak !== undefined) problems.push(`the body leaks internals: "${leak}"`);

  const body = input.body;
  if (!isObject(body)) return [...problems, 'the body is not a JSON object'];
  const hasData = 'data' in body;
  const hasError = 'error' in body;
  if (hasData && hasError) problems.push('the body has both data and error');
  if (input.status >= 400 && !isObject(body.error))
    problems.push(`a ${input.status} answer without an error object`);
  if (input.status < 400 && !hasData) problems.push(`a ${input.status} answer without data`);

  const meta = body.meta;
  if (!isObject(meta)) return [...problems, 'the body has no meta object'];
  if (meta.code !== input.status)
    problems.push(`meta.code is ${JSON.stringify(meta.code)}, the HTTP status is ${input.status}`);

  const expectedType = Array.isArray(body.data) ? 'list' : 'object';
  if (meta.type !== expectedType)
    problems.push(`meta.type is ${JSON.stringify(meta.type)}, expected "${expectedType}"`);

  problems.push(...checkMetaUrl(meta.url, input));
  problems.push(...checkRequestId(meta.request_id, input));
  return problems;
}

/**
 * meta.url is the URL as the service saw it, which behind a gateway or proxy is an internal host
 * (reference §2.2), so only the path is compared: with the path the suite requested, or with that
 * path minus the target's base path when a proxy strips a prefix.
 */
function checkMetaUrl(url: unknown, input: EnvelopeInput): string[] {
  if (typeof url !== 'string') return [`meta.url is ${JSON.stringify(url)}, expected the request URL`];
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return [`meta.url "${url}" is not an absolute URL`];
  }
  const problems: string[] = [];
  if (url.includes('?')) problems.push(`meta.url "${url}" carries a query string`);
  const path = decodePath(parsed.pathname);
  if (path !== decodePath(input.requestPath) && path !== decodePath(input.apiPath)) {
    problems.push(`meta.url path is "${parsed.pathname}", the request path was "${input.requestPath}"`);
  }
  return problems;
}

function checkRequestId(id: unknown, input: EnvelopeInput): string[] {
  const problems: string[] = [];
  if (typeof id !== 'string' || id === '') {
    problems.push(`meta.request_id is ${JSON.stringify(id)}, expected a non-empty string`);
  } else if (input.sentRequestId !== undefined) {
    const echo = isEchoableRequestId(input.sentRequestId);
    if (echo && id !== input.sentRequestId) {
      problems.push(
        `meta.request_id "${id}" does not echo the X-Request-ID sent ("${input.sentRequestId}", 20-200 characters)`,
      );
    }
    if (!echo && id === input.sentRequestId) {
      problems.push(
        `meta.request_id echoes an X-Request-ID of ${input.sentRequestId.length} characters; only 20-200 are reused`,
      );
    }
  }
  if (input.headerRequestId === null) problems.push('no X-Request-ID response header');
  else if (input.headerRequestId !== id) {
    problems.push(
      `the X-Request-ID header "${input.headerRequestId}" differs from meta.request_id ${JSON.stringify(id)}`,
    );
  }
  return problems;
}
