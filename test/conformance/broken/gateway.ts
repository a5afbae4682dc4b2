import { SCOPES } from '../../../src/conformance/operations.js';
import type { Engine, EngineRequest } from '../../../src/reference-impl/index.js';
import type { Defect } from './defect.js';
import { bearerOf, bodyOf, errorOf, needsApiKey, operationOf, withBody, withRequestHeaders } from './wire.js';

/** The gateway's checks (CONTRACT.md 401 and 403 rows): token, api-key, scope. */

const ALL_SCOPES = [...SCOPES];

/** Adds scopes to the token of the request before the engine authenticates it. */
async function grant(engine: Engine, req: EngineRequest, scopes: (held: readonly string[]) => string[]) {
  const token = bearerOf(req);
  const record = token === undefined ? undefined : await engine.store.getToken(token);
  if (record !== undefined) await engine.store.putToken({ ...record, scopes: scopes(record.scopes) });
}

export const gatewayDefects: readonly Defect[] = [
  {
    id: 'scope-not-enforced',
    description: 'The gateway checks that the token is valid but never looks at its scopes.',
    evidence: /expected status 403, got (200|201|404)/,
    fails: { tags: ['auth:403-scope'] },
    build: (engine) => async (req) => {
      if (operationOf(req).op !== 'control') await grant(engine, req, () => ALL_SCOPES);
      return engine.handle(req);
    },
  },
  {
    id: 'write-scope-grants-read',
    description: 'A scope hierarchy invented by the implementer: otp:write is taken to include otp:read.',
    evidence: /expected status 403, got 404/,
    fails: { ids: ['VERIFIED-PHONE-403-SCOPE'] },
    build: (engine) => async (req) => {
      if (operationOf(req).op === 'getVerifiedPhone')
        await grant(engine, req, (held) => (held.includes('otp:write') ? [...held, 'otp:read'] : [...held]));
      return engine.handle(req);
    },
  },
  {
    id: 'api-key-ignored',
    description: 'The operations whose security names the api-key never check it (the client secret).',
    evidence: /expected status 401, got (200|201|404)/,
    fails: { tags: ['auth:401-no-api-key', 'auth:401-other-client-api-key', 'auth:401-wrong-api-key'] },
    build: (engine) => async (req) => {
      const token = bearerOf(req);
      const record = token === undefined ? undefined : await engine.store.getToken(token);
      if (!needsApiKey(operationOf(req)) || record === undefined) return engine.handle(req);
      // Whatever the client sent, the deployment behaves as if it had sent its own secret.
      const secret = await engine.store.getClientSecret(record.clientId);
      return engine.handle(withRequestHeaders(req, { 'api-key': secret }));
    },
  },
  {
    id: 'api-key-of-any-client',
    description:
      "The api-key is looked up among all clients' secrets instead of compared with the secret of the token's own client: any client's key opens every client's requests.",
    evidence: /expected status 401, got (200|201|404)/,
    fails: { tags: ['auth:401-other-client-api-key'] },
    build: (engine) => {
      // The secrets the deployment has issued, as its client table would list them.
      const issued = new Set<string>();
      return async (req) => {
        const op = operationOf(req);
        if (op.op === 'control') {
          const res = await engine.handle(req);
          const apiKey = op.path === '/__control/tokens' ? bodyOf(res)?.api_key : undefined;
          if (typeof apiKey === 'string') issued.add(apiKey);
          return res;
        }
        const token = bearerOf(req);
        const record = token === undefined ? undefined : await engine.store.getToken(token);
        const sent = req.headers['api-key'];
        if (!needsApiKey(op) || record === undefined || sent === undefined || !issued.has(sent))
          return engine.handle(req);
        // A known key passes, whoever it belongs to.
        const own = await engine.store.getClientSecret(record.clientId);
        return engine.handle(withRequestHeaders(req, { 'api-key': own }));
      };
    },
  },
  {
    id: 'one-401-message',
    description:
      'Every token failure answers "Invalid access token", also when the Authorization header is missing or is not Bearer.',
    evidence: /got "Invalid access token"/,
    fails: { tags: ['auth:401-no-token', 'auth:401-not-bearer'] },
    build: (engine) => async (req) => {
      const res = await engine.handle(req);
      const error = errorOf(res);
      if (
        res.status !== 401 ||
        error?.message !== "Authorization header is not set or doesn't contain Bearer token"
      )
        return res;
      return withBody(res, { ...bodyOf(res), error: { ...error, message: 'Invalid access token' } });
    },
  },
];
