import type { OperationInfo } from '../../contract/operations.js';
import { stringsEqual } from '../constant-time.js';
import type { Store } from '../domain/store.js';
import type { GatewayError } from './errors.js';

const BEARER = /^Bearer\s+(\S+)\s*$/i;

// A client sends the same Authorization header on every request: the last one's token is kept,
// so the regular expression runs once per header seen, not per request. The token itself is
// still looked up in the store on every request (it may have been reset since).
let lastHeader: string | undefined;
let lastToken: string | undefined;

/** The token of `Bearer <token>`, or undefined when the header is absent or not of that form. */
function bearerToken(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  if (header !== lastHeader) {
    lastToken = BEARER.exec(header)?.[1];
    lastHeader = header;
  }
  return lastToken;
}

/**
 * The gateway's checks, in its order (reference §1): bearer token present and known, the client's
 * `api-key` where the route needs it, then the operation's scope.
 */
export async function authenticate(
  store: Store,
  operation: OperationInfo,
  headers: Readonly<Record<string, string | undefined>>,
): Promise<GatewayError | undefined> {
  const presented = bearerToken(headers.authorization);
  if (presented === undefined) return { code: 'auth_header_missing' };
  const token = await store.getToken(presented);
  if (token === undefined) return { code: 'token_invalid' };
  if (operation.needsApiKey) {
    const apiKey = headers['api-key'];
    if (apiKey === undefined || apiKey === '') return { code: 'api_key_missing' };
    // Unit by unit over the whole key (constant-time/stringsEqual): `!==` stops at the first
    // difference, so its time told how much of a guess matched (issue 18). Keys have one length.
    const secret = await store.getClientSecret(token.clientId);
    if (secret === undefined || !stringsEqual(apiKey, secret)) return { code: 'api_key_invalid' };
  }
  if (operation.scope !== undefined && !token.scopes.includes(operation.scope)) {
    return { code: 'scope_missing', scope: operation.scope };
  }
  return undefined;
}
