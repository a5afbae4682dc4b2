import { readFile } from 'node:fs/promises';
import { listConfirmableFamilies } from '../contract/confirmable.js';
import { isObject } from './json.js';
import { SCOPES, type Scope } from './operations.js';
import { familyPathParams } from './scenarios/request-path.js';

/**
 * The vendor's config file (YAML or JSON). Without a control API the suite cannot provision
 * anything, so the vendor lists what it may use; every problem is reported as
 * `<file>: <key path> <what is wrong>` so that it can be fixed without reading code.
 */
/** The config key of the token that has `scope` (`otp:write` → `otp_write`): YAML-friendly, no colon. */
export function tokenKeyOf(scope: Scope): ScopeTokenKey {
  return scope.replace(/[^A-Za-z0-9]+/g, '_');
}
/** The key of a token that has every scope but this one (`without_otp_write`), for the 403 scenarios. */
export function withoutTokenKeyOf(scope: Scope): WithoutTokenKey {
  return `without_${tokenKeyOf(scope)}`;
}
/**
 * Tokens that have a scope, one per `x-scope` of the spec (required without a control API; one
 * token may serve them all).
 */
export const TOKEN_KEYS: readonly ScopeTokenKey[] = SCOPES.map(tokenKeyOf);
/** Tokens that lack a scope, for the 403 scenarios (optional: those scenarios are skipped without them). */
export const TOKEN_WITHOUT_KEYS: readonly WithoutTokenKey[] = SCOPES.map(withoutTokenKeyOf);
/** A scope's token key; the scopes are the spec's, so the type is a string (`tokenKeyOf`). */
export type ScopeTokenKey = string;
export type WithoutTokenKey = `without_${string}`;
export type TokenKey = ScopeTokenKey | WithoutTokenKey;

/** Person requests a vendor seeds by hand; each scenario that needs one says which (`fixture:person_request.<kind>`). */
export const PERSON_REQUEST_KINDS = {
  otp: 'status NEW, one OTP method (the primary one)',
  offline: 'status NEW, only an OFFLINE method',
  third_person_offline: 'status NEW, a THIRD_PERSON method whose third person has only OFFLINE',
  third_person_otp: 'status NEW, a THIRD_PERSON method whose third person has an OTP method',
  approved: 'status APPROVED, an OTP method',
  approved_offline: 'status APPROVED, only an OFFLINE method',
  with_offline_method:
    'status NEW, an OTP method (primary) and an OFFLINE method with an alias, a PASSPORT document',
  two_otp_methods:
    'status NEW, two OTP methods on different phones; the second is_primary, the first has an alias',
} as const;
export type PersonRequestKind = keyof typeof PERSON_REQUEST_KINDS;

/**
 * Requests of a confirmable family (the spec's `x-confirmable`: `declaration_request`, …) a vendor
 * seeds by hand, under `requests.<family>.<kind>` (`fixture:requests.<family>.<kind>`). The
 * family comes from the spec; the kinds are these.
 */
export const REQUEST_KINDS = {
  otp: 'status NEW, current method OTP (its phone is sms_recipient or one the vendor reads)',
  approved: 'status APPROVED, current method OTP',
  offline: 'status NEW, current method OFFLINE',
  na: 'status NEW, current method NA (no confirmation needed)',
  approved_offline: 'status APPROVED, current method OFFLINE',
} as const;
export type RequestKind = keyof typeof REQUEST_KINDS;

/**
 * A seeded request of a family: its id and the other path parameters of its operations (the
 * person of `/api/persons/{person_id}/…/{request_id}/…`). A family whose paths name only the
 * request takes a bare UUID; one with more takes a mapping `{id, person_id: …}`.
 */
export interface RequestFixture {
  readonly id: string;
  readonly data: Readonly<Record<string, string>>;
}

export const PHONE_KINDS = {
  verified: 'a phone number that was verified on the target',
  sms_recipient: 'a phone number the suite may send SMS to',
} as const;
export type PhoneKind = keyof typeof PHONE_KINDS;

export interface PersonRequestFixture {
  readonly id: string;
  readonly alias?: string;
}

export interface Limits {
  /** The largest request body the target accepts; the 413 scenario sends one byte more. */
  readonly maxBodyBytes: number;
  readonly smsPerPhonePerHour: number;
  readonly codeLifetimeSeconds: number;
}

export const DEFAULT_LIMITS: Limits = {
  maxBodyBytes: 1_048_576,
  smsPerPhonePerHour: 10,
  codeLifetimeSeconds: 900,
};

export interface SuiteConfig {
  readonly target?: string;
  readonly apiKey?: string;
  readonly tokens: Readonly<Partial<Record<TokenKey, string>>>;
  readonly personRequests: Readonly<Partial<Record<PersonRequestKind, PersonRequestFixture>>>;
  /** `requests.<family>.<kind>`: a request per kind, per confirmable family of the spec. */
  readonly requests?: Readonly<Record<string, Readonly<Partial<Record<RequestKind, RequestFixture>>>>>;
  readonly phones: Readonly<Partial<Record<PhoneKind, string>>>;
  readonly limits: Limits;
}

export const EMPTY_CONFIG: SuiteConfig = {
  tokens: {},
  personRequests: {},
  phones: {},
  limits: DEFAULT_LIMITS,
};

export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(problems.join('\n'));
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const PHONE = /^\+380[0-9]{9}$/;
const LIMIT_KEYS = {
  max_body_bytes: 'maxBodyBytes',
  sms_per_phone_per_hour: 'smsPerPhonePerHour',
  code_lifetime_seconds: 'codeLifetimeSeconds',
} as const;
const TOP_KEYS = ['target', 'api_key', 'tokens', 'person_requests', 'requests', 'phones', 'limits'];

type Raw = Record<string, unknown>;

/** Collects problems instead of stopping at the first, so one run shows everything to fix. */
class Checker {
  readonly problems: string[] = [];
  constructor(private readonly label: string) {}

  problem(path: string, what: string): void {
    this.problems.push(`${this.label}: ${path} ${what}`);
  }

  section(raw: Raw, key: string): Raw {
    const value = raw[key];
    if (value === undefined || value === null) return {};
    if (!isObject(value)) {
      this.problem(key, 'must be a mapping');
      return {};
    }
    return value;
  }

  unknownKeys(raw: Raw, known: readonly string[], prefix: string): void {
    for (const key of Object.keys(raw)) {
      if (!known.includes(key))
        this.problem(`${prefix}${key}`, `is not a known key (known: ${known.join(', ')})`);
    }
  }

  string(
    value: unknown,
    path: string,
    required: boolean,
    pattern?: RegExp,
    shape?: string,
  ): string | undefined {
    if (value === undefined || value === null) {
      if (required) this.problem(path, 'is missing');
      return undefined;
    }
    if (typeof value !== 'string' || value.trim() === '') {
      this.problem(path, 'must be a non-empty string');
      return undefined;
    }
    if (pattern !== undefined && !pattern.test(value)) {
      this.problem(path, `must be ${shape ?? `a string matching ${pattern.source}`}, got "${value}"`);
      return undefined;
    }
    return value;
  }
}

export interface ValidateOptions {
  /** Without a control API the credentials can only come from the file. */
  readonly requireCredentials: boolean;
}

/** Validates parsed config data; `label` names the file in every message. */
export function validateConfig(data: unknown, label: string, options: ValidateOptions): SuiteConfig {
  const check = new Checker(label);
  const raw: Raw = data === null || data === undefined ? {} : isObject(data) ? data : {};
  if (data !== null && data !== undefined && !isObject(data))
    throw new ConfigError([`${label}: the top level must be a mapping`]);
  check.unknownKeys(raw, TOP_KEYS, '');

  const target = check.string(raw.target, 'target', false, /^https?:\/\//, 'an http(s) URL');
  const apiKey = check.string(raw.api_key, 'api_key', options.requireCredentials);

  const rawTokens = check.section(raw, 'tokens');
  check.unknownKeys(rawTokens, [...TOKEN_KEYS, ...TOKEN_WITHOUT_KEYS], 'tokens.');
  const tokens: Partial<Record<TokenKey, string>> = {};
  for (const key of [...TOKEN_KEYS, ...TOKEN_WITHOUT_KEYS]) {
    const required = options.requireCredentials && TOKEN_KEYS.includes(key);
    const token = check.string(rawTokens[key], `tokens.${key}`, required);
    if (token !== undefined) tokens[key] = token;
  }

  const rawRequests = check.section(raw, 'person_requests');
  const kinds = Object.keys(PERSON_REQUEST_KINDS) as PersonRequestKind[];
  check.unknownKeys(rawRequests, kinds, 'person_requests.');
  const personRequests: Partial<Record<PersonRequestKind, PersonRequestFixture>> = {};
  for (const kind of kinds) {
    const fixture = personRequestFixture(check, rawRequests[kind], kind);
    if (fixture !== undefined) personRequests[kind] = fixture;
  }

  const rawFamilies = check.section(raw, 'requests');
  const families = listConfirmableFamilies().map((f) => f.name);
  check.unknownKeys(rawFamilies, families, 'requests.');
  const requests: Record<string, Partial<Record<RequestKind, RequestFixture>>> = {};
  for (const family of families) {
    const rawKinds = check.section(rawFamilies, family);
    const requestKinds = Object.keys(REQUEST_KINDS) as RequestKind[];
    check.unknownKeys(rawKinds, requestKinds, `requests.${family}.`);
    for (const kind of requestKinds) {
      const fixture = requestFixture(check, rawKinds[kind], `requests.${family}.${kind}`, family);
      if (fixture !== undefined) requests[family] = { ...requests[family], [kind]: fixture };
    }
  }

  const rawPhones = check.section(raw, 'phones');
  const phoneKinds = Object.keys(PHONE_KINDS) as PhoneKind[];
  check.unknownKeys(rawPhones, phoneKinds, 'phones.');
  const phones: Partial<Record<PhoneKind, string>> = {};
  for (const kind of phoneKinds) {
    const phone = check.string(
      rawPhones[kind],
      `phones.${kind}`,
      false,
      PHONE,
      'a phone number like +380501234567',
    );
    if (phone !== undefined) phones[kind] = phone;
  }

  const rawLimits = check.section(raw, 'limits');
  check.unknownKeys(rawLimits, Object.keys(LIMIT_KEYS), 'limits.');
  const limits: Record<keyof Limits, number> = { ...DEFAULT_LIMITS };
  for (const [key, field] of Object.entries(LIMIT_KEYS) as [keyof typeof LIMIT_KEYS, keyof Limits][]) {
    const value = rawLimits[key];
    if (value === undefined || value === null) continue;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
      check.problem(`limits.${key}`, `must be a positive integer, got ${JSON.stringify(value)}`);
    } else {
      limits[field] = value;
    }
  }

  if (check.problems.length > 0) throw new ConfigError(check.problems);
  return {
    ...(target !== undefined && { target }),
    ...(apiKey !== undefined && { apiKey }),
    tokens,
    personRequests,
    ...(Object.keys(requests).length === 0 ? {} : { requests }),
    phones,
    limits,
  };
}

/** A request UUID, or `{id, <param>: …}` naming every other path parameter of the family. */
function requestFixture(
  check: Checker,
  value: unknown,
  path: string,
  family: string,
): RequestFixture | undefined {
  if (value === undefined || value === null) return undefined;
  const params = familyPathParams(family);
  const shape = `a mapping {${['id', ...params].join(', ')}}`;
  if (params.length === 0 && !isObject(value)) {
    const id = check.string(value, path, false, UUID, 'a request UUID');
    return id === undefined ? undefined : { id, data: {} };
  }
  if (!isObject(value)) {
    check.problem(path, `must be ${shape}: the family's paths name ${params.join(', ')} too`);
    return undefined;
  }
  check.unknownKeys(value, ['id', ...params], `${path}.`);
  const id = check.string(value.id, `${path}.id`, true, UUID, 'a request UUID');
  const data: Record<string, string> = {};
  for (const param of params) {
    const given = check.string(value[param], `${path}.${param}`, true);
    if (given !== undefined) data[param] = given;
  }
  return id === undefined ? undefined : { id, data };
}

/** A fixture is a UUID, or `{id, alias}` where the scenario needs the alias of a method. */
function personRequestFixture(
  check: Checker,
  value: unknown,
  kind: PersonRequestKind,
): PersonRequestFixture | undefined {
  const path = `person_requests.${kind}`;
  const needsAlias = kind === 'with_offline_method' || kind === 'two_otp_methods';
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string' && !needsAlias) {
    const id = check.string(value, path, true, UUID, 'a person request UUID');
    return id === undefined ? undefined : { id };
  }
  if (!isObject(value)) {
    check.problem(path, needsAlias ? 'must be a mapping {id, alias}' : 'must be a person request UUID');
    return undefined;
  }
  check.unknownKeys(value, ['id', 'alias'], `${path}.`);
  const id = check.string(value.id, `${path}.id`, true, UUID, 'a person request UUID');
  const alias = check.string(value.alias, `${path}.alias`, needsAlias);
  if (id === undefined) return undefined;
  return alias === undefined ? { id } : { id, alias };
}

/** Reads and validates a config file; every failure is a ConfigError with one line per problem. */
export async function loadConfigFile(path: string, options: ValidateOptions): Promise<SuiteConfig> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code =
      typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : 'unreadable';
    throw new ConfigError([`${path}: cannot read the config file (${code})`]);
  }
  let data: unknown;
  try {
    // `yaml` is loaded only for a YAML config: most runs have none (its import was a sizable part of
    // conform's start, docs/performance.md "Cold start").
    data = /\.json$/i.test(path) ? JSON.parse(text) : (await import('yaml')).parse(text);
  } catch (error) {
    const detail = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new ConfigError([`${path}: not valid ${/\.json$/i.test(path) ? 'JSON' : 'YAML'} (${detail})`]);
  }
  return validateConfig(data, path, options);
}
