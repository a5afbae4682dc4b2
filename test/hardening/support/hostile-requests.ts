import fc from 'fast-check';
import { listOperations, listScopes, type OperationInfo } from '../../../src/contract/operations.js';
import { requestExamples } from '../../../src/contract/request-examples.js';
import { phonePattern } from '../../../src/contract/rules.js';
import { loadSpec } from '../../../src/contract/spec-files.js';
import type { operations } from '../../../src/generated/ehealth-otp.js';
import { DEMO_API_KEY, demoPersonRequests, demoTokens } from '../../../src/reference-impl/demo.js';

/**
 * Generators of hostile requests. A request is kept close to the wire: header lines in order
 * (a name may repeat), the request target exactly as on the request line, raw body bytes. With
 * `wire: true` every request is still well-formed HTTP/1.1 (visible ASCII targets, methods Node's
 * parser knows, header values without control characters), so Node hands it to the adapter and
 * the answer must come from the engine; `brokenHttp` makes the ones that are not.
 */
export interface HostileRequest {
  readonly method: string;
  readonly target: string;
  readonly headers: readonly (readonly [string, string])[];
  readonly body: Uint8Array | undefined;
}

/** Every operation of the spec (the generated types), the control API, or no route at all. */
export type OperationKind = keyof operations;
export type Kind = OperationKind | 'control' | 'stray';

/** The operations of the spec, read from it: a new operation is fuzzed without editing this file. */
export const OPERATION_KINDS = listOperations().map((op) => op.operationId as OperationKind);

export const CONTROL_TOKEN = 'fuzz-control-token-3f9a1c';
export const ALL_SCOPES_TOKEN = 'demo-token-all-scopes';
/** Every secret a fuzzed engine holds; none may ever appear in a response body. */
export const SECRETS: readonly string[] = [CONTROL_TOKEN, ALL_SCOPES_TOKEN, DEMO_API_KEY];
/** Seeded by the fuzz fixture: a phone with an active code, and one already verified. */
export const PENDING_PHONE = '+380501230001';
export const VERIFIED_PHONE = '+380501230002';

const utf8 = new TextEncoder();

function pct(byte: number): string {
  return `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
}

/** Percent-encodes every byte of the UTF-8 form except unreserved characters (RFC 3986 §2.3). */
export function percentEncode(text: string): string {
  let out = '';
  for (const byte of utf8.encode(text)) {
    const c = String.fromCharCode(byte);
    out += /[A-Za-z0-9\-._~]/.test(c) ? c : pct(byte);
  }
  return out;
}

/** Encodes only what a request line cannot carry (space, controls, non-ASCII); `%`, `{`, `|`… stay raw. */
export function visibleOnly(text: string): string {
  let out = '';
  for (const byte of utf8.encode(text))
    out += byte > 0x20 && byte < 0x7f ? String.fromCharCode(byte) : pct(byte);
  return out;
}

const texts = new Map<number, fc.Arbitrary<string>>();
/** Any Unicode text, lone surrogates included; one instance per length (building one is costly). */
function anyText(maxLength: number): fc.Arbitrary<string> {
  let arbitrary = texts.get(maxLength);
  if (arbitrary === undefined) {
    arbitrary = fc.string({ unit: 'binary', maxLength });
    texts.set(maxLength, arbitrary);
  }
  return arbitrary;
}
/** Thousands of characters, built by repeating a short random piece (cheap to generate and to shrink). */
const longText = (piece: fc.Arbitrary<string>) =>
  fc
    .tuple(piece, fc.integer({ min: 1_000, max: 6_000 }))
    .map(([p, n]) => (p === '' ? 'x' : p).repeat(n).slice(0, n));
const visibleAscii = (minLength: number, maxLength: number) =>
  fc.string({
    unit: fc.integer({ min: 0x21, max: 0x7e }).map((c) => String.fromCharCode(c)),
    minLength,
    maxLength,
  });
/** Header-safe text: visible ASCII, space, tab and obs-text (0x80–0xFF), as Node accepts it. */
const headerText = (maxLength: number) =>
  fc
    .string({
      unit: fc
        .oneof(
          { weight: 8, arbitrary: fc.integer({ min: 0x20, max: 0x7e }) },
          { weight: 1, arbitrary: fc.integer({ min: 0x80, max: 0xff }) },
          { weight: 1, arbitrary: fc.constant(0x09) },
        )
        .map((c) => String.fromCharCode(c)),
      maxLength,
    })
    .map((s) => s.trim());

const badPercent = fc.constantFrom(
  '%',
  '%%',
  '%2',
  '%G1',
  '%zz',
  '%E0%A4%A',
  '%C0%AF',
  '%ED%A0%80',
  '%FF%FE',
  '%00',
  '%2B380%',
  '+380%E2%82',
  '%252B380501234567',
);

const validPhone = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(PENDING_PHONE, VERIFIED_PHONE, '+380501110001', '+380501110005') },
  { weight: 2, arbitrary: fc.stringMatching(phonePattern()) },
);
const oddPhone = fc.constantFrom(
  '+380',
  '380501234567',
  '+3805012345678',
  '+38050123456',
  '+38050123456a',
  '+380 50 123 45 67',
  '+380٥٠١٢٣٤٥٦٧',
  '+380501234567\n',
  '\u202e+380501234567',
  '+380501234567\u0000',
  '',
  '.',
  '..',
);
const validId = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...demoPersonRequests.map((p) => p.id)) },
  { weight: 1, arbitrary: fc.uuid() },
);
const oddId = fc.constantFrom(
  'not-a-uuid',
  '00000000-0000-4000-8000-00000000000',
  '00000000-0000-4000-8000-0000000000011',
  '00000000-0000-4000-8000-00000000000G',
  '00000000_0000_4000_8000_000000000001',
  '{00000000-0000-4000-8000-000000000001}',
  '00000000000040008000000000000001',
  '00000000-0000-4000-8000-000000000001 ',
  '',
  '..',
);

/** A path segment: well-formed values, encoded or not, and every kind of broken one. */
function segment(valid: fc.Arbitrary<string>, odd: fc.Arbitrary<string>): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 8, arbitrary: valid.map(visibleOnly) },
    { weight: 3, arbitrary: valid.map(percentEncode) },
    { weight: 2, arbitrary: odd.map(visibleOnly) },
    { weight: 1, arbitrary: odd.map(percentEncode) },
    { weight: 2, arbitrary: anyText(40).map(visibleOnly) },
    { weight: 1, arbitrary: anyText(40).map(percentEncode) },
    { weight: 2, arbitrary: badPercent },
    { weight: 1, arbitrary: fc.tuple(valid, badPercent).map(([v, b]) => visibleOnly(v) + b) },
    { weight: 1, arbitrary: longText(visibleAscii(1, 8)) },
  );
}

/** Small distortions of a correct path: trailing slash, doubled slash, case, query, fragment. */
function distort(path: string): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 10, arbitrary: fc.constant(path) },
    { weight: 2, arbitrary: visibleAscii(0, 60).map((q) => `${path}?${q}`) },
    { weight: 1, arbitrary: fc.constant(`${path}/`) },
    { weight: 1, arbitrary: fc.constant(path.replace('/api/', '/api//')) },
    { weight: 1, arbitrary: fc.constant(path.toUpperCase()) },
    { weight: 1, arbitrary: fc.constant(`${path}#x`) },
    { weight: 1, arbitrary: fc.constant(path.replace('/api/', '/api/./')) },
  );
}

const WIRE_METHODS = ['GET', 'POST', 'PATCH', 'PUT', 'DELETE', 'HEAD', 'OPTIONS'] as const;
function methodFor(proper: string, wire: boolean): fc.Arbitrary<string> {
  const odd = wire
    ? fc.constantFrom(...WIRE_METHODS)
    : fc.constantFrom('post', 'Get', 'BREW', 'M-SEARCH', '');
  return fc.oneof(
    { weight: 12, arbitrary: fc.constant(proper) },
    { weight: 3, arbitrary: fc.constantFrom(...WIRE_METHODS) },
    { weight: 1, arbitrary: odd },
  );
}

// ---- bodies -------------------------------------------------------------------------------

const hugeNumberText = fc.constantFrom(
  '1e400',
  '-1e400',
  '1e-400',
  '123456789012345678901234567890',
  '-0',
  '1E308',
  '9007199254740993',
  '0.1e1',
  '1232.0',
);

/** A value for a field: often right, often of the wrong type, sometimes absurd. */
function fieldValue(valid: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 6, arbitrary: valid },
    { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
    { weight: 1, arbitrary: anyText(30) },
    { weight: 1, arbitrary: longText(anyText(8)) },
    { weight: 1, arbitrary: fc.double() },
    {
      weight: 1,
      arbitrary: fc.constantFrom(null, true, [], {}, -1, 0, Number.MAX_SAFE_INTEGER, 2 ** 53 + 2),
    },
  );
}

const scopes = fc.constantFrom(...listScopes());
const authMethod: fc.Arbitrary<unknown> = fc.letrec<{ method: unknown }>((tie) => ({
  method: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.record({ type: fc.constant('OTP'), phone_number: fieldValue(validPhone) }, { requiredKeys: ['type'] }),
    fc.record(
      { type: fc.constant('OFFLINE'), alias: fc.string({ maxLength: 10 }) },
      { requiredKeys: ['type'] },
    ),
    fc.record(
      {
        type: fc.constant('THIRD_PERSON'),
        alias: fc.string({ maxLength: 10 }),
        is_primary: fc.boolean(),
        third_person: fc.record({ authentication_methods: fc.array(tie('method'), { maxLength: 2 }) }),
      },
      { requiredKeys: ['type'] },
    ),
  ),
})).method;

const anyObject = fc.dictionary(fc.string({ maxLength: 10 }), fc.jsonValue({ maxDepth: 2 }), {
  maxKeys: 3,
});

/** Bodies tuned with values that reach the domain rules (real phones, the demo aliases, …). */
const tunedBodies: Partial<Record<OperationKind, fc.Arbitrary<Record<string, unknown>>>> = {
  initializeVerification: fc.record({ phone_number: fieldValue(validPhone) }, { requiredKeys: [] }),
  completeVerification: fc.record(
    { code: fieldValue(fc.integer({ min: 0, max: 99_999 })) },
    { requiredKeys: [] },
  ),
  resendPersonRequestOtp: fc.record(
    {
      type: fieldValue(fc.constantFrom('OTP', 'OFFLINE', 'THIRD_PERSON')),
      alias: fieldValue(fc.constantFrom('paper', 'mother', 'husband')),
    },
    { requiredKeys: [] },
  ),
};

/**
 * The body of an operation: its tuned shape, or, for an operation without one, the properties of
 * the spec's request examples with their example values (and hostile ones); no body: anything.
 */
function operationBody(kind: OperationKind): fc.Arbitrary<Record<string, unknown>> {
  const tuned = tunedBodies[kind];
  if (tuned !== undefined) return tuned;
  const values = new Map<string, unknown[]>();
  for (const example of Object.values(requestExamples(kind))) {
    if (typeof example !== 'object' || example === null) continue;
    for (const [key, value] of Object.entries(example)) values.set(key, [...(values.get(key) ?? []), value]);
  }
  if (values.size === 0) return anyObject;
  const fields = Object.fromEntries(
    [...values].map(([key, list]) => [key, fieldValue(fc.constantFrom(...list))]),
  );
  return fc.record(fields, { requiredKeys: [] });
}

function controlBody(path: string): fc.Arbitrary<Record<string, unknown>> {
  if (path.startsWith('/__control/tokens'))
    return fc.record({ scopes: fieldValue(fc.uniqueArray(scopes)) }, { requiredKeys: [] });
  if (path.startsWith('/__control/clock'))
    return fc.record(
      {
        advance_seconds: fieldValue(fc.oneof(fc.nat(100_000), fc.constantFrom(1e12, 1e300, 2 ** 53 - 1))),
      },
      { requiredKeys: [] },
    );
  return fc.record(
    {
      status: fieldValue(fc.constantFrom('NEW', 'APPROVED', 'SIGNED', 'REJECTED', 'CANCELLED')),
      authentication_methods: fieldValue(fc.array(authMethod, { maxLength: 3 })),
      documents: fieldValue(fc.array(fc.record({ type: fc.constantFrom('PASSPORT', 'BIRTH_CERTIFICATE') }))),
    },
    { requiredKeys: [] },
  );
}

/** An object of the right shape for the kind, with values drawn from `fieldValue`. */
function shapedBody(kind: Kind, path: string): fc.Arbitrary<Record<string, unknown>> {
  const extra = fc.option(
    fc.dictionary(fc.string({ maxLength: 12 }), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 2 }),
    {
      freq: 6,
      nil: {},
    },
  );
  const shape = kind === 'control' ? controlBody(path) : kind === 'stray' ? anyObject : operationBody(kind);
  return fc.tuple(shape, extra).map(([s, e]) => ({ ...e, ...s }));
}

/** Deeply nested JSON, balanced or not, arrays or objects. */
const deepJson = fc
  .tuple(fc.integer({ min: 50, max: 20_000 }), fc.constantFrom('array', 'object', 'field'), fc.boolean())
  .map(([depth, form, balanced]) => {
    const [open, leaf, close] =
      form === 'array' ? ['[', '1', ']'] : form === 'object' ? ['{"a":', '1', '}'] : ['{"code":[', '1', ']}'];
    return open.repeat(depth) + leaf + (balanced ? close.repeat(depth) : close.repeat(depth >> 1));
  });

function jsonText(kind: Kind, path: string): fc.Arbitrary<string> {
  const shaped = shapedBody(kind, path).map((v) => JSON.stringify(v));
  return fc.oneof(
    { weight: 10, arbitrary: shaped },
    {
      weight: 2,
      arbitrary: shaped.chain((s) => fc.nat(Math.max(0, s.length - 1)).map((n) => s.slice(0, n))),
    },
    { weight: 2, arbitrary: fc.json({ maxDepth: 3 }) },
    { weight: 1, arbitrary: deepJson },
    {
      weight: 2,
      arbitrary: fc
        .tuple(fc.constantFrom('code', 'phone_number', 'advance_seconds', 'type'), hugeNumberText)
        .map(([k, n]) => `{"${k}":${n}}`),
    },
    {
      weight: 2,
      arbitrary: fc.constantFrom(
        '',
        ' ',
        '\n\t',
        'null',
        'true',
        '[]',
        '""',
        '0',
        '{',
        '}',
        '{"code":1232,"code":"x"}',
        '{"__proto__":{"code":1232}}',
        '{"constructor":{"prototype":{"isAdmin":true}}}',
        '{"phone_number":"\\ud800"}',
        '{"phone_number":"+380501234567\\u0000"}',
        "{'code': 1232}",
        '{"code":NaN}',
        '{"code":Infinity}',
        '{"code":0x10}',
        '{"code":1232,}',
        '\ufeff{"code":1232}',
      ),
    },
  );
}

const bodies = new Map<string, fc.Arbitrary<Uint8Array | undefined>>();

/**
 * Body bytes for a request to `path`. Built once per body shape and reused: building a string
 * arbitrary with a full-Unicode unit is costly, far more than drawing from one.
 */
function bodyBytes(kind: Kind, path: string): fc.Arbitrary<Uint8Array | undefined> {
  const shape =
    kind === 'control' ? (/^\/__control\/(tokens|clock|person_requests)/.exec(path)?.[1] ?? '') : kind;
  let arbitrary = bodies.get(shape);
  if (arbitrary === undefined) {
    arbitrary = buildBodyBytes(kind, kind === 'control' ? `/__control/${shape}` : path);
    bodies.set(shape, arbitrary);
  }
  return arbitrary;
}

function buildBodyBytes(kind: Kind, path: string): fc.Arbitrary<Uint8Array | undefined> {
  return fc.oneof(
    { weight: 3, arbitrary: fc.constant(undefined) },
    { weight: 12, arbitrary: jsonText(kind, path).map((t) => utf8.encode(t)) },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 300 }) },
    // latin1 bytes that are not UTF-8 inside otherwise good JSON
    { weight: 1, arbitrary: fc.constant(Uint8Array.from([0x7b, 0x22, 0xe9, 0x22, 0x3a, 0x31, 0x7d])) },
  );
}

// ---- headers ------------------------------------------------------------------------------

type Lines = (readonly [string, string])[];

function authorizationLines(token: string): fc.Arbitrary<Lines> {
  return fc.oneof(
    { weight: 12, arbitrary: fc.constant<Lines>([['Authorization', `Bearer ${token}`]]) },
    { weight: 2, arbitrary: fc.constant<Lines>([]) },
    {
      weight: 3,
      arbitrary: fc
        .constantFrom(
          'Bearer',
          'Bearer ',
          `bearer ${token}`,
          `Bearer  ${token}  `,
          `Bearer ${token} extra`,
          `Basic ${token}`,
          `Token ${token}`,
          ...Object.keys(demoTokens).map((t) => `Bearer ${t}`),
          `Bearer ${CONTROL_TOKEN}`,
          `Bearer ${token}\t`,
        )
        .map((v): Lines => [['Authorization', v]]),
    },
    { weight: 1, arbitrary: headerText(300).map((v): Lines => [['Authorization', `Bearer ${v}`]]) },
    { weight: 1, arbitrary: fc.constant<Lines>([['Authorization', `Bearer ${'A'.repeat(8000)}`]]) },
    {
      weight: 1,
      arbitrary: fc.constant<Lines>([
        ['Authorization', `Bearer ${token}`],
        ['Authorization', 'Bearer someone-else'],
      ]),
    },
    {
      weight: 1,
      arbitrary: fc.constant<Lines>([
        ['Authorization', 'Bearer someone-else'],
        ['Authorization', `Bearer ${token}`],
      ]),
    },
  );
}

const apiKeyLines: fc.Arbitrary<Lines> = fc.oneof(
  { weight: 8, arbitrary: fc.constant<Lines>([['api-key', DEMO_API_KEY]]) },
  { weight: 2, arbitrary: fc.constant<Lines>([]) },
  {
    weight: 1,
    arbitrary: fc.constantFrom('', 'wrong', `${DEMO_API_KEY} `).map((v): Lines => [['api-key', v]]),
  },
  { weight: 1, arbitrary: headerText(100).map((v): Lines => [['api-key', v]]) },
  {
    weight: 1,
    arbitrary: fc.constant<Lines>([
      ['api-key', 'wrong'],
      ['API-KEY', DEMO_API_KEY],
    ]),
  },
);

const contentTypeLines: fc.Arbitrary<Lines> = fc.oneof(
  { weight: 10, arbitrary: fc.constant<Lines>([['Content-Type', 'application/json']]) },
  { weight: 2, arbitrary: fc.constant<Lines>([]) },
  {
    weight: 3,
    arbitrary: fc
      .constantFrom(
        'application/json; charset=utf-8',
        'APPLICATION/JSON',
        'application/merge-patch+json',
        'application/json;',
        'application/jsonp',
        'text/plain',
        'application/x-www-form-urlencoded',
        'multipart/form-data; boundary=x',
        '',
        'application/json, text/plain',
        'json',
      )
      .map((v): Lines => [['Content-Type', v]]),
  },
  { weight: 1, arbitrary: headerText(80).map((v): Lines => [['Content-Type', v]]) },
  {
    weight: 1,
    arbitrary: fc.constant<Lines>([
      ['Content-Type', 'text/plain'],
      ['Content-Type', 'application/json'],
    ]),
  },
);

const requestIdLines: fc.Arbitrary<Lines> = fc.oneof(
  { weight: 4, arbitrary: fc.constant<Lines>([]) },
  { weight: 2, arbitrary: visibleAscii(20, 200).map((v): Lines => [['X-Request-ID', v]]) },
  { weight: 1, arbitrary: visibleAscii(1, 19).map((v): Lines => [['X-Request-ID', v]]) },
  { weight: 1, arbitrary: visibleAscii(201, 400).map((v): Lines => [['X-Request-ID', v]]) },
  { weight: 1, arbitrary: headerText(220).map((v): Lines => [['X-Request-ID', v]]) },
  {
    weight: 1,
    arbitrary: fc.constant<Lines>([
      ['X-Request-ID', 'a'.repeat(30)],
      ['X-Request-ID', 'b'.repeat(30)],
    ]),
  },
);

const token = fc.stringMatching(/^[A-Za-z0-9!#$&'*+.^_`|~-]{1,20}$/);
const junkLines: fc.Arbitrary<Lines> = fc.array(
  fc.tuple(token, headerText(100)).map(([n, v]) => [`X-${n}`, v] as const),
  { maxLength: 3 },
);

/** Values for a path parameter, by what the spec says it is: a UUID, a phone, or anything else. */
function parameterSegment(op: OperationInfo, name: string): fc.Arbitrary<string> {
  const item = loadSpec('ehealth').paths[op.path] as { parameters?: { $ref?: string }[] };
  const components = (loadSpec('ehealth').components?.parameters ?? {}) as Record<
    string,
    { name?: string; example?: unknown; schema?: { format?: string } }
  >;
  const declared = (item.parameters ?? [])
    .map((p) => components[(p.$ref ?? '').split('/').pop() ?? ''])
    .find((p) => p?.name === name);
  if (declared?.schema?.format === 'uuid') return segment(validId, oddId);
  const example = typeof declared?.example === 'string' ? declared.example : 'x';
  if (phonePattern().test(example)) return segment(validPhone, oddPhone);
  return segment(fc.constant(example), fc.constantFrom('', '.', '..', `${example}x`));
}

/** Method and path template of an operation, from the spec; each `{param}` filled by its values. */
function operationRoute(kind: OperationKind): { method: string; path: fc.Arbitrary<string> } {
  const op = listOperations().find((o) => o.operationId === kind);
  if (op === undefined) throw new Error(`${kind} is not an operation of the spec`);
  const pieces = op.path.split(/\{([^}]+)\}/);
  const parts = pieces.map((piece, i) => (i % 2 === 0 ? fc.constant(piece) : parameterSegment(op, piece)));
  return { method: op.method, path: fc.tuple(...parts).map((p) => p.join('')) };
}

const routes = new Map<OperationKind, { method: string; path: fc.Arbitrary<string> }>();
function routeOf(kind: OperationKind): { method: string; path: fc.Arbitrary<string> } {
  let route = routes.get(kind);
  if (route === undefined) {
    route = operationRoute(kind);
    routes.set(kind, route);
  }
  return route;
}

const controlRoute = fc.oneof(
  { weight: 1, arbitrary: fc.constant({ method: 'POST', path: '/__control/reset' }) },
  { weight: 3, arbitrary: fc.constant({ method: 'POST', path: '/__control/tokens' }) },
  { weight: 3, arbitrary: fc.constant({ method: 'POST', path: '/__control/person_requests' }) },
  { weight: 2, arbitrary: fc.constant({ method: 'POST', path: '/__control/clock' }) },
  {
    weight: 3,
    arbitrary: fc.option(segment(validPhone, oddPhone), { freq: 4 }).map((p) => ({
      method: 'GET',
      path: p === null ? '/__control/sms' : `/__control/sms?phone_number=${p}`,
    })),
  },
  {
    weight: 2,
    arbitrary: fc
      .constantFrom(
        '/__control',
        '/__control/',
        '/__control/nope',
        '/__control/sms/x',
        '/__control/reset?x=1',
      )
      .map((path) => ({ method: 'POST', path })),
  },
);

const strayPath = fc.oneof(
  fc.constantFrom(
    '/',
    '/api',
    '/api/',
    '/api/verifications/+380501234567/actions',
    '/api/verifications/+380501234567/actions/complete/extra',
    '/api/person_requests',
    '/api/person_requests/00000000-0000-4000-8000-000000000001/actions/approve',
    '/API/VERIFICATIONS',
    '/__contro',
    '/__controls/reset',
    '//api/verifications',
    '/api/verifications%2F%2B380501234567',
    '/api/../api/verifications',
    '/favicon.ico',
    '*',
  ),
  visibleAscii(0, 80).map((s) => `/${s}`),
  anyText(40).map((s) => `/api/${visibleOnly(s)}`),
);

export interface GenerateOptions {
  /** Keep every request well-formed HTTP/1.1 so that Node's parser accepts it. */
  readonly wire: boolean;
}

/** One hostile request aimed at `kind` (an operation, the control API, or no route at all). */
export function hostileRequest(kind: Kind, options: GenerateOptions): fc.Arbitrary<HostileRequest> {
  const route =
    kind === 'control'
      ? controlRoute.chain((r) =>
          fc.record({ method: methodFor(r.method, options.wire), path: distort(r.path) }),
        )
      : kind === 'stray'
        ? fc.record({ method: methodFor('GET', options.wire), path: strayPath })
        : fc.record({
            method: methodFor(routeOf(kind).method, options.wire),
            path: routeOf(kind).path.chain(distort),
          });
  const headers = fc
    .record({
      auth: authorizationLines(kind === 'control' ? CONTROL_TOKEN : ALL_SCOPES_TOKEN),
      apiKey: apiKeyLines,
      contentType: contentTypeLines,
      requestId: requestIdLines,
      junk: junkLines,
      order: fc.boolean(),
    })
    .map(({ auth, apiKey, contentType, requestId, junk, order }) => {
      const lines = [...auth, ...apiKey, ...contentType, ...requestId, ...junk];
      return order ? lines : lines.reverse();
    });
  return route.chain(({ method, path }) =>
    fc
      .tuple(headers, bodyBytes(kind, path))
      .map(([lines, body]) => ({ method, target: path, headers: lines, body })),
  );
}

/**
 * Requests that are not well-formed HTTP/1.1: the parser (not the engine) must turn them away,
 * with the error envelope rather than a bare status line.
 */
export const brokenHttp: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    'GET /api/verifications/+380501234567 HTTP/1.1\r\nHost: x\r\nX-Bad: a\u0001b\r\n\r\n',
    'GET /api/verifications/+380\u0000501234567 HTTP/1.1\r\nHost: x\r\n\r\n',
    'POST /api/verifications HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd',
    'POST /api/verifications HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n',
    'POST /api/verifications HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n',
    'POST /api/verifications HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n',
    'BREW /api/verifications HTTP/1.1\r\nHost: x\r\n\r\n',
    'GET api/verifications HTTP/1.1\r\nHost: x\r\n\r\n',
    'GET /api/verifications HTTP/9.9\r\nHost: x\r\n\r\n',
    'GET /api/verifications HTTP/1.1\r\nHost x\r\n\r\n',
    'GET /api/verifications HTTP/1.1\r\n Host: x\r\n\r\n',
    'GET /api/verifications HTTP/1.1\r\nHo st: x\r\n\r\n',
    'garbage\r\n\r\n',
    `GET /api/verifications HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`,
  ),
  anyText(30).map(
    (t) => `GET /api/verifications/${t.replace(/[\r\n]/g, '')}\u0001 HTTP/1.1\r\nHost: x\r\n\r\n`,
  ),
  fc
    .string({
      unit: fc.integer({ min: 0x80, max: 0xff }).map((c) => String.fromCharCode(c)),
      minLength: 1,
      maxLength: 8,
    })
    .map((t) => `GET /api/verifications/${t} HTTP/1.1\r\nHost: x\r\n\r\n`),
);
