import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import request, { type Test } from 'supertest';
import { expect } from 'vitest';
import { getOperation, listScopes } from '../../../src/contract/operations.js';
import type { operations as ControlOperations } from '../../../src/generated/control.js';
import type { operations } from '../../../src/generated/ehealth-otp.js';
import { createRequestListener } from '../../../src/reference-impl/adapters/node.js';
import type { Scope, SeedPersonRequest } from '../../../src/reference-impl/control/control-state.js';
import { createEngine, type Engine, type EngineOptions } from '../../../src/reference-impl/engine.js';
import type { SettingsInput } from '../../../src/reference-impl/settings.js';
import { sequenceRandom } from './random.js';
import {
  type Envelope,
  expectControlError,
  expectControlSpecValid,
  expectErrorEnvelope,
  expectNoCodeIn,
  expectSpecValid,
  type ObservedResponse,
} from './spec.js';

export const CONTROL_TOKEN = 'control-token-for-tests';
/** Every scope an operation of the spec needs; the control spec's `Scope` enum is the same set (spec-shape test). */
export const ALL_SCOPES = listScopes() as readonly Scope[];

/** Every operation of the spec, from the generated types. */
export type OperationId = keyof operations;

export interface ApiResponse extends ObservedResponse {
  readonly body: Envelope;
}

export interface CallOptions {
  /** Path parameters, e.g. `{ phone_number: '+380501234567' }`, inserted as given (not encoded). */
  readonly params?: Readonly<Record<string, string>>;
  /** The whole `Authorization` header; default a bearer token with every scope; null sends none. */
  readonly auth?: string | null;
  /** The `api-key` header; default the default client's secret where the operation needs one; null sends none. */
  readonly apiKey?: string | null;
  /** Sent as JSON with `Content-Type: application/json`. */
  readonly json?: unknown;
  /** Sent byte for byte, with `contentType` (default none). */
  readonly raw?: string | Buffer;
  readonly contentType?: string;
  readonly headers?: Readonly<Record<string, string>>;
  /** Appended after `?`. */
  readonly query?: string;
}

export interface Credentials {
  readonly token: string;
  readonly api_key: string;
}

export interface SentSms {
  readonly phone_number: string;
  readonly text: string;
  readonly code: string;
  readonly sent_at: string;
}

export interface HarnessOptions {
  readonly settings?: SettingsInput;
  /** Default CONTROL_TOKEN; null runs without the control API. */
  readonly controlToken?: string | null;
  readonly store?: EngineOptions['store'];
  readonly onFault?: EngineOptions['onFault'];
}

function observe(res: request.Response): ObservedResponse {
  const headers: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(res.headers)) headers[name.toLowerCase()] = String(value);
  return {
    status: res.status,
    headers,
    text: res.text,
    body: res.text === '' ? undefined : JSON.parse(res.text),
  };
}

function open(base: string, method: string, path: string): Test {
  const agent = request(base);
  switch (method) {
    case 'GET':
      return agent.get(path);
    case 'POST':
      return agent.post(path);
    case 'PATCH':
      return agent.patch(path);
    case 'PUT':
      return agent.put(path);
    case 'DELETE':
      return agent.delete(path);
    default:
      throw new Error(`unsupported method ${method}`);
  }
}

/**
 * The reference implementation over node:http (`createRequestListener`) on a free loopback port,
 * driven with supertest. Every eHealth answer goes through `call`/`callRoute`, which always check
 * it against the spec and the envelope rules and that no OTP code sent so far appears in it, so
 * a test cannot forget to.
 */
export class Harness {
  readonly engine: Engine;
  readonly #server: Server;
  readonly #controlToken: string | undefined;
  #base = '';
  #credentials: Credentials | undefined;

  private constructor(options: HarnessOptions) {
    this.#controlToken = options.controlToken === null ? undefined : (options.controlToken ?? CONTROL_TOKEN);
    this.engine = createEngine({
      random: sequenceRandom(),
      controlToken: this.#controlToken,
      ...(options.settings === undefined ? {} : { settings: options.settings }),
      ...(options.store === undefined ? {} : { store: options.store }),
      ...(options.onFault === undefined ? {} : { onFault: options.onFault }),
    });
    this.#server = createServer(createRequestListener(this.engine, () => '127.0.0.1'));
  }

  static async start(options: HarnessOptions = {}): Promise<Harness> {
    const harness = new Harness(options);
    await new Promise<void>((resolve) => harness.#server.listen(0, '127.0.0.1', resolve));
    harness.#base = `http://127.0.0.1:${(harness.#server.address() as AddressInfo).port}`;
    await harness.reset();
    return harness;
  }

  get baseUrl(): string {
    return this.#base;
  }

  /** A token with every scope and its client's api-key, made fresh by `reset`. */
  get credentials(): Credentials {
    if (this.#credentials === undefined) throw new Error('harness not started');
    return this.#credentials;
  }

  /** Forgets all state (over the control API when it is on) and makes a fresh all-scopes token. */
  async reset(): Promise<void> {
    if (this.#controlToken === undefined) {
      await this.engine.control.reset();
      this.#credentials = await this.engine.control.createToken(ALL_SCOPES);
    } else {
      await this.controlResetOk();
      this.#credentials = await this.token(ALL_SCOPES);
    }
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.#server.close(() => resolve());
      this.#server.closeAllConnections();
    });
  }

  /** One eHealth operation, checked against the spec whatever it answers. */
  async call(operationId: OperationId, options: CallOptions = {}): Promise<ApiResponse> {
    const op = getOperation(operationId);
    const path = op.path.replace(/\{([^}]+)\}/g, (_, name: string) => {
      const value = options.params?.[name];
      if (value === undefined) throw new Error(`${operationId} needs the path parameter ${name}`);
      return value;
    });
    const apiKey =
      options.apiKey === undefined ? (op.needsApiKey ? this.credentials.api_key : null) : options.apiKey;
    const res = await this.#send(op.method, path, { ...options, apiKey });
    return this.#checked(res, path, (r, url) => expectSpecValid(operationId, r, url));
  }

  /** A request to any path (unknown routes); the answer must be the spec's error envelope. */
  async callRoute(method: string, path: string, options: CallOptions = {}): Promise<ApiResponse> {
    const res = await this.#send(method, path, { ...options, apiKey: options.apiKey ?? null });
    return this.#checked(res, path, (r, url) => expectErrorEnvelope(r, url));
  }

  async #checked(
    res: ObservedResponse,
    path: string,
    check: (res: ObservedResponse, url: string) => Envelope,
  ): Promise<ApiResponse> {
    check(res, `${this.#base}${path}`);
    const codes = (await this.engine.outbox.list()).map((sms) => sms.code);
    expectNoCodeIn(res.body, codes);
    return res as ApiResponse;
  }

  async #send(method: string, path: string, options: CallOptions): Promise<ObservedResponse> {
    let test = open(this.#base, method, options.query === undefined ? path : `${path}?${options.query}`);
    const auth = options.auth === undefined ? `Bearer ${this.credentials.token}` : options.auth;
    if (auth !== null) test = test.set('authorization', auth);
    if (options.apiKey !== undefined && options.apiKey !== null) test = test.set('api-key', options.apiKey);
    for (const [name, value] of Object.entries(options.headers ?? {})) test = test.set(name, value);
    if (options.json !== undefined) {
      test = test.set('content-type', 'application/json').send(JSON.stringify(options.json));
    } else if (options.raw !== undefined) {
      if (options.contentType !== undefined) test = test.set('content-type', options.contentType);
      // Bytes go out as they are: superagent would otherwise JSON-encode a Buffer under a JSON type.
      test = test.serialize((bytes) => bytes).send(options.raw);
    } else if (options.contentType !== undefined) {
      test = test.set('content-type', options.contentType);
    }
    return observe(await test);
  }

  // ---- the control API (plain JSON, its own token), checked against openapi/control.yaml ----

  /** A raw control call; `auth` default the control token, null none. Not checked: see callers. */
  async controlRaw(
    method: string,
    path: string,
    options: { auth?: string | null; json?: unknown; raw?: string } = {},
  ): Promise<ObservedResponse> {
    let test = open(this.#base, method, path);
    const auth = options.auth === undefined ? `Bearer ${this.#controlToken ?? ''}` : options.auth;
    if (auth !== null) test = test.set('authorization', auth);
    if (options.json !== undefined) {
      test = test.set('content-type', 'application/json').send(JSON.stringify(options.json));
    } else if (options.raw !== undefined) {
      test = test.set('content-type', 'application/json').send(options.raw);
    }
    return observe(await test);
  }

  /** A control operation by operationId, checked against the control spec. */
  async control(
    operationId: keyof ControlOperations,
    options: { auth?: string | null; json?: unknown; raw?: string; query?: string } = {},
  ): Promise<ObservedResponse> {
    const op = getOperation(operationId, 'control');
    const path = options.query === undefined ? op.path : `${op.path}?${options.query}`;
    const res = await this.controlRaw(op.method, path, options);
    expectControlSpecValid(operationId, res);
    if (res.status >= 400) expectControlError(res);
    return res;
  }

  async controlResetOk(): Promise<void> {
    expect((await this.control('resetState')).status).toBe(204);
  }

  async token(scopes: readonly Scope[]): Promise<Credentials> {
    const res = await this.control('createToken', { json: { scopes } });
    expect(res.status).toBe(201);
    return res.body as Credentials;
  }

  async personRequest(seed: SeedPersonRequest): Promise<string> {
    const res = await this.control('createPersonRequest', { json: seed });
    expect(res.status, res.text).toBe(201);
    return (res.body as { id: string }).id;
  }

  /** The SMS outbox, newest first; one phone's only when given. */
  async sms(phone?: string): Promise<SentSms[]> {
    const res = await this.control(
      'listSms',
      phone === undefined ? {} : { query: `phone_number=${encodeURIComponent(phone)}` },
    );
    expect(res.status).toBe(200);
    return (res.body as { data: SentSms[] }).data;
  }

  /** The code of the newest SMS to this phone, as a phone's owner would type it. */
  async lastCode(phone: string): Promise<number> {
    const newest = (await this.sms(phone))[0];
    if (newest === undefined) throw new Error(`no SMS was sent to ${phone}`);
    return Number(newest.code);
  }

  async advanceClock(seconds: number): Promise<string> {
    const res = await this.control('advanceClock', { json: { advance_seconds: seconds } });
    expect(res.status).toBe(200);
    return (res.body as { now: string }).now;
  }

  // ---- short forms of the four operations ----

  initialize(phone: string, options: CallOptions = {}): Promise<ApiResponse> {
    return this.call('initializeVerification', { json: { phone_number: phone }, ...options });
  }

  complete(phone: string, code: unknown, options: CallOptions = {}): Promise<ApiResponse> {
    return this.call('completeVerification', { params: { phone_number: phone }, json: { code }, ...options });
  }

  verifiedPhone(phone: string, options: CallOptions = {}): Promise<ApiResponse> {
    return this.call('getVerifiedPhone', { params: { phone_number: phone }, ...options });
  }

  resend(id: string, options: CallOptions = {}): Promise<ApiResponse> {
    return this.call('resendPersonRequestOtp', { params: { id }, ...options });
  }
}

/** A code that is certainly not `code` (the check digit does not matter to a wrong guess). */
export const wrongCode = (code: number): number => (code === 9999 ? 1111 : code + 1);
