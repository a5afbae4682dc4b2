import type { ServerResponse } from 'node:http';
import { isIP } from 'node:net';

/**
 * DNS rebinding (issue 18): a page on `evil.example` whose name is made to resolve to 127.0.0.1
 * can read what this server answers there, the open demo inbox and (demo token) the control API,
 * because the browser sends `Host: evil.example` and treats the answer as that site's. The pages
 * that hold state are answered only for names that cannot be rebound: IP literals, `localhost`
 * and `*.localhost` (RFC 6761 §6.3: they never leave the machine), the address the server was
 * bound to, and names the operator lists (`serve --allowed-hosts`). Others get 421 Misdirected
 * Request (RFC 9110 §15.5.20: "not able to produce a response for this target"). A request
 * without `Host` (HTTP/1.0) is not from a browser and is let through. `/api` is left alone: it
 * answers anyone who holds a token, and CORS lets every origin read it already.
 */
export function needsHostCheck(target: string | undefined): boolean {
  return target !== undefined && (target.startsWith('/inbox') || target.startsWith('/__control'));
}

/** `names` are lower case. */
export function hostAllowed(host: string | undefined, names: ReadonlySet<string>): boolean {
  if (host === undefined) return true;
  const name = hostName(host.toLowerCase());
  if (name === undefined) return false;
  if (isIP(name) !== 0) return true;
  const bare = name.endsWith('.') ? name.slice(0, -1) : name;
  return bare === 'localhost' || bare.endsWith('.localhost') || names.has(bare) || names.has(name);
}

/** The name of `host[:port]` or `[v6][:port]`; undefined for anything else. */
function hostName(host: string): string | undefined {
  if (host.startsWith('[')) {
    const m = /^\[([0-9a-f:.]+)\](?::\d{1,5})?$/.exec(host);
    return m?.[1];
  }
  const m = /^([a-z0-9.-]+)(?::\d{1,5})?$/.exec(host);
  return m?.[1];
}

/** 421 in the control API's error shape (`{"error": …}`), which the inbox's scripts read too. */
export function misdirected(res: ServerResponse, host: string | undefined): void {
  const body = JSON.stringify({
    error: `Host ${JSON.stringify(host ?? '')} is not a name of this server; add it with serve --allowed-hosts`,
  });
  res.writeHead(421, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(Buffer.byteLength(body)),
    'x-content-type-options': 'nosniff',
    'cache-control': 'no-store',
  });
  res.end(body);
}
