import { randomUUID } from 'node:crypto';
import { findCodeLeaks, findCodeLeaksInHeaders } from '../code-leak.js';
import type { Limits, PersonRequestKind, PhoneKind, RequestKind } from '../config.js';
import { DIVERGENCES, type DivergenceId, type Relaxation } from '../divergences.js';
import { checkEnvelope } from '../envelope-check.js';
import { scopeOf } from '../operations.js';
import type { Provisioner } from '../provision/provisioner.js';
import type {
  Alternative,
  ApiRequest,
  CallOptions,
  Credentials,
  Exchange,
  Expectation,
  OperationId,
  ProvisionedPersonRequest,
  ProvisionedRequest,
  Scenario,
  ScenarioContext,
  Scope,
  Sms,
} from '../scenario.js';
import type { CheckResponse } from '../spec-check.js';
import type { HttpRequest, HttpResponse } from '../transport.js';
import { excerpt, mismatches, requestLine } from './expect.js';
import { SkipSignal, TargetFailure } from './signals.js';

/** What every scenario of one run shares. */
export interface RunState {
  /** The target's base URL without a trailing slash, e.g. `http://127.0.0.1:4010` or `https://gw/prefix`. */
  readonly baseUrl: string;
  readonly basePath: string;
  readonly send: (req: HttpRequest) => Promise<HttpResponse>;
  readonly provisioner: Provisioner;
  readonly limits: Limits;
  readonly checkResponse: CheckResponse;
  readonly freshPhone: () => string;
  /** Every code read from the outbox in this run, for masking the reports. */
  readonly secrets: Set<string>;
  /** `conform -H 'Name: value'`: sent on every request (a gateway's own headers); recorded with them. */
  readonly extraHeaders?: Readonly<Record<string, string>>;
}

/** What the reports keep of one request and its answer (masked by the runner before they leave it). */
export interface RecordedMessage {
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
}

/** Bodies above this are cut in the reports (the checks saw all of it): reports stay shareable. */
export const RECORDED_BODY_CHARS = 16_384;

function recorded(headers: Record<string, string>, text: string | undefined): RecordedMessage {
  if (text === undefined || text === '') return { headers };
  const body =
    text.length <= RECORDED_BODY_CHARS
      ? text
      : `${text.slice(0, RECORDED_BODY_CHARS)}… (${text.length - RECORDED_BODY_CHARS} more characters not kept)`;
  return { headers, body };
}

/** One line of a scenario's request log in the reports. */
export interface ExchangeRecord {
  readonly method: string;
  readonly path: string;
  readonly status: number | null;
  readonly durationMs: number;
  readonly requestId?: string;
  /** The absolute URL requested: with `request`, enough to reproduce the call (report/curl.ts). */
  readonly url?: string;
  readonly request?: RecordedMessage;
  /** Absent when no answer came (timeout, connection failure). */
  readonly response?: RecordedMessage;
}

interface SoftProblem {
  readonly exchange: Exchange;
  readonly kind: Relaxation;
  readonly text: string;
}

/**
 * The context one scenario runs in. Every response goes through the envelope and spec checks on
 * arrival; those problems are collected rather than thrown, so the scenario's own expectations still
 * run and the report names everything wrong, not only the first thing.
 */
export class Context implements ScenarioContext {
  readonly limits: Limits;
  readonly log: ExchangeRecord[] = [];
  readonly divergences = new Set<DivergenceId>();
  readonly notes: string[] = [];
  private readonly exchanges: Exchange[] = [];
  /** Answers whose body was over the read limit: a problem whatever the scenario expected. */
  private readonly unread: string[] = [];
  private readonly soft: SoftProblem[] = [];
  private readonly relaxed = new Map<Exchange, Set<Relaxation>>();
  private readonly codes = new Set<string>();
  private readonly tokens = new Map<string, Promise<Credentials>>();
  /** Each answer is validated against the spec once; `expectValid` reads the same result again. */
  private readonly schemaProblems = new WeakMap<Exchange, readonly string[]>();

  constructor(
    readonly scenario: Scenario,
    private readonly state: RunState,
  ) {
    this.limits = state.limits;
  }

  get scenarioId(): string {
    return this.scenario.id;
  }

  credentials(operation: OperationId): Promise<Credentials> {
    const scope = scopeOf(operation);
    return this.token(scope, { with: scope });
  }

  credentialsWithout(operation: OperationId): Promise<Credentials> {
    const scope = scopeOf(operation);
    return this.token(`-${scope}`, { without: scope });
  }

  anotherClient(): Promise<Credentials> {
    return this.state.provisioner.anotherClient();
  }

  /** One token per kind and scenario: enough for independence, without a control call per request. */
  private token(
    key: string,
    request: { readonly with: Scope } | { readonly without: Scope },
  ): Promise<Credentials> {
    let token = this.tokens.get(key);
    if (token === undefined) {
      token = this.state.provisioner.credentials(request);
      this.tokens.set(key, token);
    }
    return token;
  }

  personRequest(kind: PersonRequestKind): Promise<ProvisionedPersonRequest> {
    return this.state.provisioner.personRequest(kind, () => this.phone());
  }

  request(family: string, kind: RequestKind): Promise<ProvisionedRequest> {
    return this.state.provisioner.request(family, kind, () => this.phone());
  }

  phone(): string {
    return this.state.freshPhone();
  }

  smsPhone(): string {
    if (this.state.provisioner.mode === 'control') return this.phone();
    const phone = this.state.provisioner.configPhone('sms_recipient');
    if (phone === undefined)
      throw new SkipSignal('needs phones.sms_recipient in the config file (or the control API)');
    return phone;
  }

  configPhone(kind: PhoneKind): string | undefined {
    return this.state.provisioner.configPhone(kind);
  }

  async sms(phone: string): Promise<readonly Sms[]> {
    const list = await this.state.provisioner.sms(phone);
    for (const sms of list) {
      this.codes.add(sms.code);
      this.state.secrets.add(sms.code);
    }
    return list;
  }

  advanceClock(seconds: number): Promise<string> {
    return this.state.provisioner.advanceClock(seconds);
  }

  async call(operation: OperationId, request: ApiRequest, options: CallOptions = {}): Promise<Exchange> {
    const sentRequestId =
      request.requestId === undefined ? `conformance-${randomUUID()}` : (request.requestId ?? undefined);
    const headers: Record<string, string> = { accept: 'application/json' };
    if (request.authorization !== undefined) headers.authorization = request.authorization;
    else if (request.token !== undefined) headers.authorization = `Bearer ${request.token}`;
    if (request.apiKey !== undefined) headers['api-key'] = request.apiKey;
    if (sentRequestId !== undefined) headers['x-request-id'] = sentRequestId;
    let body: string | undefined;
    if (request.json !== undefined) body = JSON.stringify(request.json);
    else if (request.rawBody !== undefined) body = request.rawBody;
    if (body !== undefined) headers['content-type'] = request.contentType ?? 'application/json';
    if (request.headers !== undefined) Object.assign(headers, request.headers);

    const path = request.path.split('?')[0] ?? request.path;
    const url = this.state.baseUrl + request.path;
    // As the transport sends them: the gateway's headers under the scenario's own (run.ts).
    const sent = recorded({ ...this.state.extraHeaders, ...headers }, body);
    const started = performance.now();
    let res: HttpResponse;
    try {
      res = await this.state.send(
        body === undefined
          ? { method: request.method, url, headers }
          : { method: request.method, url, headers, body },
      );
    } catch (error) {
      this.log.push({
        method: request.method,
        path: request.path,
        status: null,
        durationMs: performance.now() - started,
        url,
        request: sent,
      });
      if (error instanceof TargetFailure)
        throw new TargetFailure(`${request.method} ${path}: ${error.message}`);
      throw error;
    }
    this.log.push({
      method: request.method,
      path: request.path,
      status: res.status,
      durationMs: res.durationMs,
      ...(sentRequestId !== undefined && { requestId: sentRequestId }),
      url,
      request: sent,
      response: recorded(
        Object.fromEntries(res.headers),
        res.bodyNotRead === undefined ? res.text : `(not read: ${res.bodyNotRead})`,
      ),
    });

    const line = `${request.method} ${path} → ${res.status}`;
    const common = { operation, method: request.method, path, url, sentRequestId } as const;
    if (res.bodyNotRead !== undefined) {
      // Nothing to inspect, but the status arrived: the scenario's own expectation still runs on it.
      const exchange: Exchange = {
        ...common,
        status: res.status,
        headers: res.headers,
        text: '',
        body: undefined,
        durationMs: res.durationMs,
        bodyNotRead: res.bodyNotRead,
      };
      this.exchanges.push(exchange);
      this.unread.push(`${line}: ${res.bodyNotRead}`);
      return exchange;
    }
    if (res.text.trim() === '') throw new TargetFailure(`${line}: an empty body, expected a JSON envelope`);
    let parsed: unknown;
    try {
      parsed = JSON.parse(res.text);
    } catch {
      throw new TargetFailure(
        `${line}: the body is not JSON (Content-Type ${res.headers.get('content-type') ?? 'missing'}): ${excerpt(res.text, 120)}`,
      );
    }
    const exchange: Exchange = {
      ...common,
      status: res.status,
      headers: res.headers,
      text: res.text,
      body: parsed,
      durationMs: res.durationMs,
    };
    this.exchanges.push(exchange);
    this.inspect(exchange, options.schema !== false);
    return exchange;
  }

  async upload(url: string): Promise<number> {
    // The suite does not read the scan: the kit and the blueprint only need it to arrive (a
    // one-page JPEG, AP:3214-3217), so a few JPEG-typed bytes stand for it.
    const request = {
      method: 'PUT',
      url: new URL(url, this.state.baseUrl).toString(),
      headers: { 'content-type': 'image/jpeg' },
      body: 'conformance scan',
    };
    const started = performance.now();
    try {
      const res = await this.state.send(request);
      this.log.push({
        method: 'PUT',
        path: new URL(request.url).pathname,
        status: res.status,
        durationMs: res.durationMs,
      });
      return res.status;
    } catch (error) {
      this.log.push({
        method: 'PUT',
        path: new URL(request.url).pathname,
        status: null,
        durationMs: performance.now() - started,
      });
      throw error;
    }
  }

  /** Checks that apply to every response, whatever the scenario asserts. */
  private inspect(exchange: Exchange, schema: boolean): void {
    const envelope = checkEnvelope({
      status: exchange.status,
      contentType: exchange.headers.get('content-type'),
      headerRequestId: exchange.headers.get('x-request-id'),
      body: exchange.body,
      text: exchange.text,
      requestPath: this.state.basePath + exchange.path,
      apiPath: exchange.path,
      sentRequestId: exchange.sentRequestId,
    });
    for (const text of envelope) this.soft.push({ exchange, kind: 'envelope', text });
    if (!schema) return;
    for (const text of this.schemaCheck(exchange)) {
      this.soft.push({ exchange, kind: 'schema', text: `not valid against the spec: ${text}` });
    }
  }

  private schemaCheck(exchange: Exchange): readonly string[] {
    let problems = this.schemaProblems.get(exchange);
    if (problems === undefined) {
      problems = this.state.checkResponse(exchange.operation, exchange.status, exchange.body);
      this.schemaProblems.set(exchange, problems);
    }
    return problems;
  }

  expect(
    exchange: Exchange,
    primary: Expectation,
    alternatives: readonly Alternative[] = [],
  ): DivergenceId[] | undefined {
    const problems = mismatches(exchange, primary);
    if (problems.length === 0) return undefined;
    for (const alternative of alternatives) {
      if (mismatches(exchange, alternative.expect).length > 0) continue;
      const ids: DivergenceId[] =
        typeof alternative.divergence === 'string' ? [alternative.divergence] : [...alternative.divergence];
      for (const id of ids) this.divergence(id, exchange);
      return ids;
    }
    const body = exchange.bodyNotRead === undefined ? excerpt(exchange.text) : '(not read, over the limit)';
    throw new TargetFailure(`${requestLine(exchange)}: ${problems.join('; ')} — body: ${body}`);
  }

  expectValid(exchange: Exchange): void {
    if (this.relaxed.get(exchange)?.has('schema') === true) return;
    const problems = this.schemaCheck(exchange);
    if (problems.length > 0)
      throw new TargetFailure(`${requestLine(exchange)}: not valid against the spec: ${problems.join('; ')}`);
  }

  check(condition: boolean, reason: string): asserts condition {
    if (!condition) throw new TargetFailure(reason);
  }

  divergence(id: DivergenceId, exchange?: Exchange): void {
    this.divergences.add(id);
    if (exchange === undefined) return;
    const set = this.relaxed.get(exchange) ?? new Set<Relaxation>();
    for (const kind of DIVERGENCES[id].relaxes) set.add(kind);
    this.relaxed.set(exchange, set);
  }

  note(text: string): void {
    this.notes.push(text);
  }

  fail(reason: string): never {
    throw new TargetFailure(reason);
  }

  skip(reason: string): never {
    throw new SkipSignal(reason);
  }

  /**
   * Problems found by the checks on every response (bodies over the read limit first), minus what an
   * observed divergence waives, plus code leaks in bodies and headers.
   */
  problems(): string[] {
    const out: string[] = [...this.unread];
    for (const problem of this.soft) {
      const line = `${requestLine(problem.exchange)}: ${problem.text}`;
      if (this.relaxed.get(problem.exchange)?.has(problem.kind) === true)
        this.notes.push(`waived by a known divergence: ${line}`);
      else out.push(line);
    }
    for (const exchange of this.exchanges) {
      for (const where of findCodeLeaks(exchange.body, this.codes)) {
        out.push(`${requestLine(exchange)}: the OTP code appears in the response at ${where}`);
      }
      for (const name of findCodeLeaksInHeaders(exchange.headers, this.codes)) {
        out.push(`${requestLine(exchange)}: the OTP code appears in the response header ${name}`);
      }
    }
    return out;
  }
}
