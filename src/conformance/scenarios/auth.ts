import { withoutTokenKeyOf } from '../config.js';
import type { OperationId, Scope } from '../operations.js';
import type { ApiRequest, Credentials, Scenario, ScenarioContext } from '../scenario.js';
import { docsApiKeyMessage, MESSAGES, missingScope } from './messages.js';
import type { OperationTarget } from './target.js';

/** The same request without one of its parts (the bearer token or the api-key). */
function without(request: ApiRequest, key: 'token' | 'apiKey'): ApiRequest {
  return Object.fromEntries(Object.entries(request).filter(([k]) => k !== key)) as unknown as ApiRequest;
}

/**
 * 401 and 403 for an operation whose `security` names bearerAuth with its `x-scope` (CONTRACT.md
 * table: 401 `access_denied`, 403 (scope) `forbidden`). The gateway answers these before the
 * operation looks at anything else, so the request is otherwise harmless: a fresh phone or an
 * unknown person request.
 */
export function authScenarios(operation: OperationId, scope: Scope, target: OperationTarget): Scenario[] {
  const base = { operation, needs: [], required: true } as const;
  return [
    {
      ...base,
      id: `${target.prefix}-401-NO-TOKEN`,
      tags: ['auth:401-no-token'],
      title: `${target.label} without an Authorization header answers 401 access_denied.`,
      contract: `401 access_denied "${MESSAGES.noToken}"`,
      async run(ctx: ScenarioContext) {
        const request = without(target.authRequest(ctx, await ctx.credentials(operation)), 'token');
        const exchange = await ctx.call(operation, request);
        ctx.expect(exchange, { status: 401, type: 'access_denied', message: MESSAGES.noToken });
      },
    },
    {
      ...base,
      id: `${target.prefix}-401-NOT-BEARER`,
      tags: ['auth:401-not-bearer'],
      title: `${target.label} with a Basic Authorization header answers 401 access_denied.`,
      contract: `401 access_denied "${MESSAGES.noToken}"`,
      async run(ctx: ScenarioContext) {
        const request = without(target.authRequest(ctx, await ctx.credentials(operation)), 'token');
        const exchange = await ctx.call(operation, {
          ...request,
          authorization: 'Basic Y29uZm9ybWFuY2U6c3VpdGU=',
        });
        ctx.expect(exchange, { status: 401, type: 'access_denied', message: MESSAGES.noToken });
      },
    },
    {
      ...base,
      id: `${target.prefix}-401-UNKNOWN-TOKEN`,
      tags: ['auth:401-unknown-token'],
      title: `${target.label} with a bearer token the target never issued answers 401 access_denied.`,
      contract: `401 access_denied "${MESSAGES.invalidToken}"`,
      async run(ctx: ScenarioContext) {
        const creds = await ctx.credentials(operation);
        const request = target.authRequest(ctx, { ...creds, token: `unknown-${crypto.randomUUID()}` });
        const exchange = await ctx.call(operation, request);
        ctx.expect(exchange, { status: 401, type: 'access_denied', message: MESSAGES.invalidToken });
      },
    },
    {
      ...base,
      id: `${target.prefix}-403-SCOPE`,
      tags: ['auth:403-scope'],
      needs: [`fixture:tokens.${withoutTokenKeyOf(scope)}`],
      title: `${target.label} with a token lacking ${scope} answers 403 forbidden naming the scope.`,
      contract: `403 (scope) forbidden "${missingScope('<scope>')}"`,
      async run(ctx: ScenarioContext) {
        const exchange = await ctx.call(
          operation,
          target.authRequest(ctx, await ctx.credentialsWithout(operation)),
        );
        ctx.expect(exchange, { status: 403, type: 'forbidden', message: missingScope(scope) });
      },
    },
  ];
}

/**
 * The api-key checks for an operation whose `security` also names the apiKey scheme (CONTRACT.md
 * 401 rows "Api key is not set", "Invalid api key"): the key is the secret of the token's own client.
 */
export function apiKeyScenarios(operation: OperationId, target: OperationTarget): Scenario[] {
  const base = { operation, required: true } as const;
  const withKey = async (ctx: ScenarioContext, apiKey: string): Promise<ApiRequest> =>
    target.authRequest(ctx, { ...(await ctx.credentials(operation)), apiKey } satisfies Credentials);
  return [
    {
      ...base,
      id: `${target.prefix}-401-NO-API-KEY`,
      tags: ['auth:401-no-api-key'],
      needs: [],
      divergences: ['DIV-API-KEY-MESSAGE'],
      title: `${target.label} with a valid token but no api-key header answers 401 Api key is not set.`,
      contract: `401 access_denied "${MESSAGES.noApiKey}"; api-key on the person request operation`,
      async run(ctx: ScenarioContext) {
        const request = without(target.authRequest(ctx, await ctx.credentials(operation)), 'apiKey');
        const exchange = await ctx.call(operation, request);
        // The development docs' sentence (UA:73-77) is a known divergence, not a failure.
        ctx.expect(exchange, { status: 401, type: 'access_denied', message: MESSAGES.noApiKey }, [
          {
            divergence: 'DIV-API-KEY-MESSAGE',
            expect: { status: 401, type: 'access_denied', message: docsApiKeyMessage() },
          },
        ]);
      },
    },
    {
      ...base,
      id: `${target.prefix}-401-WRONG-API-KEY`,
      tags: ['auth:401-wrong-api-key'],
      needs: [],
      title: `${target.label} with a valid token and a wrong api-key answers 401 Invalid api key.`,
      contract: `401 access_denied "${MESSAGES.invalidApiKey}"`,
      async run(ctx: ScenarioContext) {
        const exchange = await ctx.call(operation, await withKey(ctx, `wrong-${crypto.randomUUID()}`));
        ctx.expect(exchange, { status: 401, type: 'access_denied', message: MESSAGES.invalidApiKey });
      },
    },
    {
      ...base,
      id: `${target.prefix}-401-OTHER-CLIENT-API-KEY`,
      tags: ['auth:401-other-client-api-key'],
      title: `${target.label} with a valid token and another client's api-key answers 401 Invalid api key.`,
      contract: `401 access_denied "${MESSAGES.invalidApiKey}"; api-key is the secret of the token's own client`,
      // A key that no client has proves little: a deployment that looks the key up among all
      // clients' secrets passes it. A second client can only be had from the control API.
      needs: ['control'],
      async run(ctx: ScenarioContext) {
        const creds = await ctx.credentials(operation);
        const other = await ctx.anotherClient();
        ctx.check(other.apiKey !== creds.apiKey, 'the control API gave two clients the same api-key');
        const exchange = await ctx.call(operation, await withKey(ctx, other.apiKey));
        ctx.expect(exchange, { status: 401, type: 'access_denied', message: MESSAGES.invalidApiKey });
      },
    },
  ];
}
