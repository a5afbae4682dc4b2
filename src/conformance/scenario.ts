import type { Limits, PersonRequestKind, PhoneKind, RequestKind, WithoutTokenKey } from './config.js';
import type { DivergenceId } from './divergences.js';
import type { OperationId } from './operations.js';
import type { Tag } from './scenarios/tags.js';

export type { OperationId, Scope } from './operations.js';

/**
 * What a scenario needs from the target beyond its public API. `control`, `sms` and `clock` come
 * only from the control API; fixtures come from the control API or from the vendor's config file.
 */
export type Need =
  | 'control'
  | 'sms'
  | 'clock'
  | `fixture:person_request.${PersonRequestKind}`
  | `fixture:phones.${PhoneKind}`
  /** A request of a confirmable family (`requests.<family>.<kind>` in the config file). */
  | `fixture:requests.${string}.${RequestKind}`
  | `fixture:tokens.${WithoutTokenKey}`;

/** A requirement of the contract, checked by requests to the target. Scenarios are data plus `run`. */
export interface Scenario {
  /** Stable requirement id, e.g. `COMPLETE-403-EXPIRED`; reports and `--only` use it. */
  readonly id: string;
  readonly title: string;
  readonly operation: OperationId;
  /** The CONTRACT.md row or section it checks, quoted short. */
  readonly contract: string;
  readonly needs: readonly Need[];
  /** A failing required scenario fails the run; others are reported only. */
  readonly required: boolean;
  /**
   * The kind of requirement, for the scenarios of a cross-cutting family (`auth:401-no-token`,
   * `body:415`, `envelope:request-id-echo`, …; see scenarios/tags.ts). A broken deployment that is
   * one kind of defect names tags, so its expected failures follow when operations are added.
   */
  readonly tags?: readonly Tag[];
  /**
   * The known divergences (the spec's `x-divergences`) this scenario can report: where a target
   * shows one, this scenario ends as `divergence` with its id. Tests hold it to what runs observe.
   */
  readonly divergences?: readonly DivergenceId[];
  run(ctx: ScenarioContext): Promise<void>;
}

export interface Credentials {
  readonly token: string;
  readonly apiKey: string;
}

export interface ProvisionedPersonRequest {
  readonly id: string;
  /** The alias of the method a scenario picks in a resend body (kind `with_offline_method`). */
  readonly alias?: string;
  /** Where the SMS of a resend goes (the OTP phone, or the third person's), when the suite seeded it. */
  readonly smsPhone?: string;
  /** The phone of the method named by `alias`, when that is another OTP method (kind `two_otp_methods`). */
  readonly otherPhone?: string;
}

/** A request of a confirmable family, provisioned for one scenario (ScenarioContext.request). */
export interface ProvisionedRequest {
  readonly family: string;
  readonly id: string;
  /** The phone its code goes to, when the suite seeded it (its SMS can then be read). */
  readonly phone?: string;
  /** The family's own fields as seeded (other path parameters are read from them by name). */
  readonly data: Readonly<Record<string, unknown>>;
}

export interface Sms {
  readonly phone_number: string;
  readonly text: string;
  readonly code: string;
  readonly sent_at: string;
}

/** One request to an eHealth operation. Only what differs from a well-formed call is spelled out. */
export interface ApiRequest {
  /** The spec's method for the operation (`methodOf`), or another one on purpose. */
  readonly method: string;
  /** The API path (`/api/...`, see `pathOf`), optionally with a query string. */
  readonly path: string;
  /** Bearer token; omitted means no Authorization header. */
  readonly token?: string;
  /** A raw Authorization header, for malformed ones. */
  readonly authorization?: string;
  readonly apiKey?: string;
  /** Sent as JSON with `Content-Type: application/json`. */
  readonly json?: unknown;
  /** Sent as is, with `contentType` (default application/json). */
  readonly rawBody?: string;
  readonly contentType?: string;
  /** X-Request-ID to send; omitted means a generated 46-character id; null sends none. */
  readonly requestId?: string | null;
  /**
   * Further headers (lower-case names), set last so they replace the runner's own: e.g. an
   * `accept` that admits no JSON (the spec's 406 NotAcceptable).
   */
  readonly headers?: Readonly<Record<string, string>>;
}

export interface Exchange {
  readonly operation: OperationId;
  readonly method: string;
  /** API path without query, e.g. `/api/verifications`. */
  readonly path: string;
  readonly url: string;
  readonly sentRequestId: string | undefined;
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  /** The parsed JSON body (a non-JSON body fails the request before any scenario code sees it). */
  readonly body: unknown;
  readonly durationMs: number;
  /**
   * Why the body was not read (over the read limit); `text` is empty and `body` undefined. The
   * scenario fails for it anyway; the status is kept so that its own expectation can still say
   * what was wrong with the answer.
   */
  readonly bodyNotRead?: string;
}

/** Checks of the always-on set a call may leave out, when the scenario is about something else. */
export interface CallOptions {
  /**
   * false: the answer is not held to the operation's schema. The envelope probes test `meta` only,
   * so a defect of the probed operation's own answer must not fail them too.
   */
  readonly schema?: boolean;
}

/** What a response must show. Fields left out are not checked. */
export interface Expectation {
  readonly status: number;
  /** `error.type`; `null` demands that the error has no type (DIV-429-NO-TYPE). */
  readonly type?: string | null;
  /** `error.message`: exact text, or a pattern. */
  readonly message?: string | RegExp;
  /** `error.message` must be absent (404 `not_found`: "no message"). */
  readonly noMessage?: true;
  /** `error.invalid` must contain these entries (and, where given, each with this rule). */
  readonly invalid?: readonly {
    readonly entry?: string;
    readonly entryType?: string;
    readonly rule?: string;
  }[];
  /** The error object is the body itself, not under `error` (DIV-MALFORMED-JSON-BARE). */
  readonly bare?: true;
  /** A header that must be present. */
  readonly header?: string;
}

/** The documented other behaviour: matching only this ends the scenario as a known divergence. */
export interface Alternative {
  readonly divergence: DivergenceId | readonly DivergenceId[];
  readonly expect: Expectation;
}

export interface ScenarioContext {
  readonly scenarioId: string;
  readonly limits: Limits;

  /**
   * A token that may call `operation`: it has exactly the operation's `x-scope` (control API), or
   * it is the vendor's token for that scope. Operations with the same scope share one per scenario.
   */
  credentials(operation: OperationId): Promise<Credentials>;
  /** A token that lacks the `x-scope` of `operation` but is otherwise valid. */
  credentialsWithout(operation: OperationId): Promise<Credentials>;
  /** The token and api-key of a client other than the one `credentials()` belong to (needs `control`). */
  anotherClient(): Promise<Credentials>;
  personRequest(kind: PersonRequestKind): Promise<ProvisionedPersonRequest>;
  /** A fresh request of a confirmable family (control API), or the vendor's fixture of that kind. */
  request(family: string, kind: RequestKind): Promise<ProvisionedRequest>;
  /** A fresh phone number, unique in this run, never used before by the suite. */
  phone(): string;
  /** A phone the suite may send SMS to: fresh with a control API, else the vendor's `phones.sms_recipient`. */
  smsPhone(): string;
  /** The vendor's fixture phone in config mode; undefined with a control API (the scenario provisions one). */
  configPhone(kind: PhoneKind): string | undefined;
  /** The SMS outbox for a phone, newest first; the codes read become secrets that no response may contain. */
  sms(phone: string): Promise<readonly Sms[]>;
  /** Moves the target's clock (control API) and answers its new time; 0 only reads it. */
  advanceClock(seconds: number): Promise<string>;

  call(operation: OperationId, request: ApiRequest, options?: CallOptions): Promise<Exchange>;
  /**
   * PUTs a scan to an upload URL the target handed out (`urgent.documents[].url`, AP:3214-3217): a
   * storage's signed link, not an eHealth operation, so it answers no envelope; only its status.
   */
  upload(url: string): Promise<number>;

  /** Passes when `primary` matches; else when an alternative matches (recorded as its divergence); else fails. */
  expect(
    exchange: Exchange,
    primary: Expectation,
    alternatives?: readonly Alternative[],
  ): DivergenceId[] | undefined;
  /** Fails unless the body is valid against the spec for this operation and status. */
  expectValid(exchange: Exchange): void;
  /** Fails the scenario with `reason` unless `condition` holds. */
  check(condition: boolean, reason: string): asserts condition;
  /** Records a known divergence observed on the target (and waives what it relaxes on `exchange`). */
  divergence(id: DivergenceId, exchange?: Exchange): void;
  note(text: string): void;
  fail(reason: string): never;
  skip(reason: string): never;
}
