import type { ApiRequest, Credentials, Need, ScenarioContext } from '../scenario.js';

/**
 * What the generated scenario families (scenarios/families.ts) need to know about one operation
 * beyond the spec: its id prefix and label (ids are stable: reports and users rely on them), and
 * how to make a well-formed request that only the scenario then spoils. Each operation's file
 * exports one; scenarios/index.ts keys them by OperationId, so a new operation in the spec is a
 * compile error until it has one.
 */
export interface OperationTarget {
  /** Scenario id prefix, e.g. `INIT`. */
  readonly prefix: string;
  /** The operation in a title, e.g. `Initialize`. */
  readonly label: string;
  /**
   * A request that would pass authentication with `creds` and is otherwise harmless (a fresh phone,
   * an unknown person request); the auth scenarios spoil one part of it.
   */
  readonly authRequest: (ctx: ScenarioContext, creds: Credentials) => ApiRequest;
  /**
   * For an operation with a `requestBody`: an authenticated request to which a body problem is
   * added, `json` being the body it would send, and what providing it needs.
   */
  readonly bodyRequest?: BodyRequest;
}

export interface BodyRequest {
  readonly needs: readonly Need[];
  readonly build: (
    ctx: ScenarioContext,
  ) => Promise<{ readonly request: ApiRequest; readonly json: Record<string, unknown> }>;
}
