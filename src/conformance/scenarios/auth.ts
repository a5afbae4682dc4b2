import type { ScopeTokenKey } from '../config.js';
import type { ApiRequest, Credentials, OperationId, Scenario, ScenarioContext, Scope } from '../scenario.js';
import { MESSAGES, missingScope } from './messages.js';

export interface AuthTarget {
  /** Scenario id prefix, e.g. `INIT`. */
  readonly prefix: string;
  readonly operation: OperationId;
  readonly scope: Scope;
  readonly label: string;
  /** A request that would pass authentication with `creds`; the scenarios then spoil one part. */
  readonly request: (ctx: ScenarioContext, creds: Credentials) => ApiRequest;
}

/** The same request without its bearer token (the api-key, if any, stays). */
function withoutToken(request: ApiRequest): ApiRequest {
  return Object.fromEntries(
    Object.entries(request).filter(([key]) => key !== 'token'),
  ) as unknown as ApiRequest;
}

/**
 * 401 and 403 for one operation (CONTRACT.md table: 401 `access_denied`, 403 (scope) `forbidden`).
 * The gateway answers these before the operation looks at anything else, so the request is
 * otherwise harmless: a fresh phone or an unknown person request.
 */
export function authScenarios(target: AuthTarget): Scenario[] {
  const base = { operation: target.operation, needs: [], required: true } as const;
  return [
    {
      ...base,
      id: `${target.prefix}-401-NO-TOKEN`,
      title: `${target.label} without an Authorization header answers 401 access_denied.`,
      contract: `401 access_denied "${MESSAGES.noToken}"`,
      async run(ctx: ScenarioContext) {
        const request = withoutToken(target.request(ctx, await ctx.credentials(target.scope)));
        const exchange = await ctx.call(target.operation, request);
        ctx.expect(exchange, { status: 401, type: 'access_denied', message: MESSAGES.noToken });
      },
    },
    {
      ...base,
      id: `${target.prefix}-401-NOT-BEARER`,
      title: `${target.label} with a Basic Authorization header answers 401 access_denied.`,
      contract: `401 access_denied "${MESSAGES.noToken}"`,
      async run(ctx: ScenarioContext) {
        const request = withoutToken(target.request(ctx, await ctx.credentials(target.scope)));
        const exchange = await ctx.call(target.operation, {
          ...request,
          authorization: 'Basic Y29uZm9ybWFuY2U6c3VpdGU=',
        });
        ctx.expect(exchange, { status: 401, type: 'access_denied', message: MESSAGES.noToken });
      },
    },
    {
      ...base,
      id: `${target.prefix}-401-UNKNOWN-TOKEN`,
      title: `${target.label} with a bearer token the target never issued answers 401 access_denied.`,
      contract: `401 access_denied "${MESSAGES.invalidToken}"`,
      async run(ctx: ScenarioContext) {
        const creds = await ctx.credentials(target.scope);
        const request = target.request(ctx, { ...creds, token: `unknown-${crypto.randomUUID()}` });
        const exchange = await ctx.call(target.operation, request);
        ctx.expect(exchange, { status: 401, type: 'access_denied', message: MESSAGES.invalidToken });
      },
    },
    {
      ...base,
      id: `${target.prefix}-403-SCOPE`,
      needs: [`fixture:tokens.without_${target.scope.replace(':', '_') as ScopeTokenKey}`],
      title: `${target.label} with a token lacking ${target.scope} answers 403 forbidden naming the scope.`,
      contract: `403 (scope) forbidden "${missingScope('<scope>')}"`,
      async run(ctx: ScenarioContext) {
        const exchange = await ctx.call(
          target.operation,
          target.request(ctx, await ctx.credentialsWithout(target.scope)),
        );
        ctx.expect(exchange, { status: 403, type: 'forbidden', message: missingScope(target.scope) });
      },
    },
  ];
}
