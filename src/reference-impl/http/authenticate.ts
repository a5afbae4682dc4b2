import type { OperationInfo } from '../../contract/operations.js';
import { bytesEqual } from '../constant-time.js';
import type { Store } from '../domain/store.js';
import type { GatewayError } from './errors.js';

const BEARER = /^Bearer\s+(\S+)\s*$/i;
const utf8 = new TextEncoder();

/**
 * The gateway's checks, in its order (reference §1): bearer token present and known, the client's
 * `api-key` where the route needs it, then the operation's scope.
 */
export async function authenticate(
  store: Store,
  operation: OperationInfo,
  headers: Readonly<Record<string, string | undefined>>,
): Promise<GatewayError | undefined> {
  const bearer = BEARER.exec(headers.authorization ?? '');
  if (bearer === null) return { code: 'auth_header_missing' };
  const token = await store.getToken(bearer[1] as string);
  if (token === undefined) return { code: 'token_invalid' };
  if (operation.needsApiKey) {
    const apiKey = headers['api-key'];
    if (apiKey === undefined || apiKey === '') return { code: 'api_key_missing' };
    // Byte by byte over the whole key (constant-time/bytesEqual): `!==` stops at the first
    // difference, so its time told how much of a guess matched (issue 18). Keys have one length.
    const secret = await store.getClientSecret(token.clientId);
    if (secret === undefined || !bytesEqual(utf8.encode(apiKey), utf8.encode(secret)))
      return { code: 'api_key_invalid' };
  }
  if (operation.scope !== undefined && !token.scopes.includes(operation.scope)) {
    return { code: 'scope_missing', scope: operation.scope };
  }
  return undefined;
}
