import { expect } from 'vitest';
import { checkResponse, componentValidator, describeError } from '../../../src/contract/validators.js';

/** What every check needs of a response, whichever client fetched it (supertest or fetch). */
export interface ObservedResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | undefined>>;
  /** The parsed JSON body; undefined when there was none. */
  readonly body: unknown;
  readonly text: string;
}

/** The eHealth envelope once the spec has accepted it. */
export interface Envelope {
  readonly meta: {
    readonly code: number;
    readonly url: string;
    readonly type: string;
    readonly request_id: string;
  };
  readonly data?: Readonly<Record<string, unknown>>;
  readonly error?: {
    readonly type: string;
    readonly message?: string;
    readonly invalid?: readonly {
      readonly entry?: string;
      readonly entry_type: string;
      readonly rules?: readonly {
        readonly rule: string;
        readonly description?: string;
        readonly params?: unknown;
      }[];
    }[];
  };
  readonly urgent?: { readonly documents: readonly { readonly type: string; readonly url: string }[] };
}

export const JSON_UTF8 = 'application/json; charset=utf-8';

/** Lines of a stack trace or paths of the server's files: never on the wire (CONTRACT.md, 5xx). */
const INTERNAL_DETAIL = /\\n\s+at |node_modules|\.[cm]?[jt]s:\d+|\w+Error\b/;

/**
 * The contract's envelope rules for every eHealth response, errors included: JSON in UTF-8,
 * `meta.code` = the status, `meta.request_id` = the `X-Request-ID` header, `data` on success and
 * `error` on failure, never both, and (when the caller knows it) `meta.url` = the URL without query.
 */
export function expectEnvelope(res: ObservedResponse, expectedUrl?: string): Envelope {
  expect(res.headers['content-type'], 'Content-Type').toBe(JSON_UTF8);
  const body = res.body as Envelope;
  expect(typeof body, 'body').toBe('object');
  expect(body.meta.code, 'meta.code').toBe(res.status);
  // `list` when data is an array (the list operation, Response_Collection_V2, AP:9845-9848).
  const list = res.status < 400 && Array.isArray((body as { data?: unknown }).data);
  expect(body.meta.type, 'meta.type').toBe(list ? 'list' : 'object');
  expect(res.headers['x-request-id'], 'X-Request-ID header').toBe(body.meta.request_id);
  if (expectedUrl !== undefined) expect(body.meta.url, 'meta.url').toBe(expectedUrl);
  if (res.status >= 400) {
    expect(body, 'an error never carries data').not.toHaveProperty('data');
    expect(body).toHaveProperty('error');
    expect(res.text, 'no internal detail on the wire').not.toMatch(INTERNAL_DETAIL);
  } else {
    expect(body, 'a success never carries error').not.toHaveProperty('error');
    expect(body).toHaveProperty('data');
  }
  return body;
}

/**
 * The status is declared for the operation in openapi/ehealth-otp.yaml and the body matches that
 * response's schema (`checkResponse`), and the envelope rules hold.
 */
export function expectSpecValid(operationId: string, res: ObservedResponse, expectedUrl?: string): Envelope {
  const check = checkResponse(operationId, res.status, res.body);
  const problems = check.ok ? [] : check.problems;
  expect(
    problems,
    `${operationId} ${res.status} breaks the spec (${problems.join('; ')}): ${res.text}`,
  ).toEqual([]);
  return expectEnvelope(res, expectedUrl);
}

/** For answers outside any operation (an unknown route): the spec's `ErrorEnvelope`. */
export function expectErrorEnvelope(res: ObservedResponse, expectedUrl?: string): Envelope {
  const validate = componentValidator('ErrorEnvelope', 'ehealth');
  const problems = validate(res.body) ? [] : (validate.errors ?? []).map(describeError);
  expect(problems, `ErrorEnvelope ${res.status}: ${res.text}`).toEqual([]);
  return expectEnvelope(res, expectedUrl);
}

/** A control API answer (openapi/control.yaml): declared status, valid plain-JSON body. */
export function expectControlSpecValid(operationId: string, res: ObservedResponse): void {
  const check = checkResponse(operationId, res.status, res.status === 204 ? undefined : res.body, 'control');
  const problems = check.ok ? [] : check.problems;
  expect(
    problems,
    `${operationId} ${res.status} breaks the control spec (${problems.join('; ')}): ${res.text}`,
  ).toEqual([]);
  if (res.status !== 204) expect(res.headers['content-type']).toBe(JSON_UTF8);
}

/** The control spec's `ControlError` (`{ "error": "<sentence>" }`), for paths outside its operations. */
export function expectControlError(res: ObservedResponse): string {
  const validate = componentValidator('ControlError', 'control');
  const problems = validate(res.body) ? [] : (validate.errors ?? []).map(describeError);
  expect(problems, `ControlError ${res.status}: ${res.text}`).toEqual([]);
  return (res.body as { error: string }).error;
}

/**
 * CONTRACT.md "The verification object": the code never appears in any response. Walks every
 * value of the body (not the text, which could hold the digits by chance inside a uuid).
 */
export function expectNoCodeIn(body: unknown, codes: readonly string[]): void {
  const leaks: string[] = [];
  const walk = (node: unknown, path: string): void => {
    if (path === '$.meta.code') return;
    if (typeof node === 'string' || typeof node === 'number') {
      if (codes.includes(String(node))) leaks.push(`${path} = ${String(node)}`);
    } else if (Array.isArray(node)) {
      node.forEach((item, i) => {
        walk(item, `${path}[${i}]`);
      });
    } else if (typeof node === 'object' && node !== null) {
      for (const [key, value] of Object.entries(node)) {
        if (key === 'code' && path !== '$.meta') leaks.push(`${path}.code`);
        walk(value, `${path}.${key}`);
      }
    }
  };
  walk(body, '$');
  expect(leaks, 'the OTP code never appears in a response').toEqual([]);
}
