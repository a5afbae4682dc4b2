import { isObject } from '../json.js';
import { excerpt } from '../runner/expect.js';
import { TargetFailure } from '../runner/signals.js';
import type { Credentials, Scope, Sms } from '../scenario.js';
import type { HttpRequest, HttpResponse } from '../transport.js';

/** One authentication method to seed (CONTRACT.md "The control API"). */
export type SeedAuthMethod =
  | {
      readonly type: 'OTP';
      readonly phone_number: string;
      readonly alias?: string;
      readonly is_primary?: boolean;
    }
  | { readonly type: 'OFFLINE'; readonly alias?: string; readonly is_primary?: boolean }
  | {
      readonly type: 'THIRD_PERSON';
      readonly alias: string;
      readonly is_primary?: boolean;
      readonly third_person: {
        readonly authentication_methods: readonly SeedAuthMethod[];
        readonly documents?: readonly { type: string }[];
      };
    };

export interface SeedPersonRequest {
  readonly status: 'NEW' | 'APPROVED';
  readonly authentication_methods: readonly SeedAuthMethod[];
  readonly documents: readonly { readonly type: string }[];
}

/** A request of a confirmable family to seed (openapi/control.yaml SeedRequest). */
export interface SeedRequest {
  readonly status: string;
  readonly authentication_method_current: { readonly type: string; readonly phone_number?: string };
  readonly data?: Readonly<Record<string, unknown>>;
}

type Send = (req: HttpRequest) => Promise<HttpResponse>;

/**
 * The target's control API. Its answers are plain JSON, not the eHealth envelope. A control call
 * that goes wrong is the target's fault, so it fails the scenario that needed it.
 */
export class ControlApi {
  constructor(
    private readonly send: Send,
    private readonly baseUrl: string,
    private readonly token: string,
  ) {}

  /** The status of a harmless call: 200 when the API is there and the token is right. */
  async probe(): Promise<number> {
    const res = await this.send(this.request('GET', '/__control/sms?phone_number=%2B380000000000'));
    return res.status;
  }

  async createToken(scopes: readonly Scope[]): Promise<Credentials> {
    const body = await this.call('POST', '/__control/tokens', 201, { scopes });
    if (!isObject(body) || typeof body.token !== 'string' || typeof body.api_key !== 'string') {
      throw new TargetFailure(
        `control API POST /__control/tokens: expected {token, api_key}, got ${excerpt(JSON.stringify(body))}`,
      );
    }
    return { token: body.token, apiKey: body.api_key };
  }

  async createPersonRequest(seed: SeedPersonRequest): Promise<string> {
    const body = await this.call('POST', '/__control/person_requests', 201, seed);
    if (!isObject(body) || typeof body.id !== 'string') {
      throw new TargetFailure(
        `control API POST /__control/person_requests: expected {id}, got ${excerpt(JSON.stringify(body))}`,
      );
    }
    return body.id;
  }

  /**
   * Seeds a request of a confirmable family and reads it back (its `data` may fill the other path
   * parameters of the family's operations, e.g. a person id).
   */
  async seedRequest(
    family: string,
    seed: SeedRequest,
  ): Promise<{ readonly id: string; readonly data: Readonly<Record<string, unknown>> }> {
    const path = `/__control/requests/${encodeURIComponent(family)}`;
    const body = await this.call('POST', path, 201, seed);
    if (!isObject(body) || typeof body.id !== 'string')
      throw new TargetFailure(
        `control API POST ${path}: expected {id}, got ${excerpt(JSON.stringify(body))}`,
      );
    const state = await this.call('GET', `${path}/${encodeURIComponent(body.id)}`, 200);
    const data = isObject(state) && isObject(state.data) ? state.data : {};
    return { id: body.id, data };
  }

  /** SMS to one phone, newest first. */
  async listSms(phone: string): Promise<Sms[]> {
    const path = `/__control/sms?${new URLSearchParams({ phone_number: phone }).toString()}`;
    const body = await this.call('GET', path, 200);
    const data = isObject(body) ? body.data : undefined;
    if (!Array.isArray(data) || !data.every(isSms)) {
      throw new TargetFailure(
        `control API GET /__control/sms: expected {data: [{phone_number, text, code, sent_at}]}, got ${excerpt(JSON.stringify(body))}`,
      );
    }
    return data;
  }

  /** Moves the target's clock and answers its new time (0 seconds reads it). */
  async advanceClock(seconds: number): Promise<string> {
    const body = await this.call('POST', '/__control/clock', 200, { advance_seconds: seconds });
    if (!isObject(body) || typeof body.now !== 'string' || Number.isNaN(Date.parse(body.now))) {
      throw new TargetFailure(
        `control API POST /__control/clock: expected {now: <date-time>}, got ${excerpt(JSON.stringify(body))}`,
      );
    }
    return body.now;
  }

  private request(method: string, path: string, json?: unknown): HttpRequest {
    const headers: Record<string, string> = {
      authorization: `Bearer ${this.token}`,
      accept: 'application/json',
    };
    if (json === undefined) return { method, url: this.baseUrl + path, headers };
    return {
      method,
      url: this.baseUrl + path,
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify(json),
    };
  }

  private async call(method: string, path: string, expected: number, json?: unknown): Promise<unknown> {
    const where = `control API ${method} ${path.split('?')[0]}`;
    let res: HttpResponse;
    try {
      res = await this.send(this.request(method, path, json));
    } catch (error) {
      throw new TargetFailure(`${where}: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (res.bodyNotRead !== undefined)
      throw new TargetFailure(`${where} → ${res.status}: ${res.bodyNotRead}`);
    if (res.status !== expected)
      throw new TargetFailure(`${where} answered ${res.status}, expected ${expected}: ${excerpt(res.text)}`);
    try {
      return JSON.parse(res.text) as unknown;
    } catch {
      throw new TargetFailure(`${where}: the body is not JSON: ${excerpt(res.text)}`);
    }
  }
}

function isSms(value: unknown): value is Sms {
  return (
    isObject(value) &&
    typeof value.phone_number === 'string' &&
    typeof value.text === 'string' &&
    typeof value.code === 'string' &&
    typeof value.sent_at === 'string'
  );
}
