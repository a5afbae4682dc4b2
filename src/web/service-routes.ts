import type { IncomingMessage, ServerResponse } from 'node:http';
import { loadSpec, type SpecName } from '../contract/spec-files.js';
import { type Asset, allowRead, asset, send, sendAsset, splitTarget } from './http.js';

/**
 * Routes every server of its kind has and the eHealth spec does not: a liveness check for
 * orchestrators and `docker run --health-cmd`, and the specs as JSON for tools that do not read
 * YAML (Swagger UI, Postman imports, openapi-generator all take `/openapi.json`). They sit outside
 * `/api`, so they are not operations of the contract and the conformance suite never sees them.
 */
export const HEALTH_PATH = '/health';

/** JSON twins of the YAML files `/openapi/*.yaml` serves; `/openapi.json` is the eHealth API. */
const jsonSpecs: Readonly<Record<string, SpecName>> = {
  '/openapi.json': 'ehealth',
  '/openapi/ehealth-otp.json': 'ehealth',
  '/openapi/control.json': 'control',
};

const jsonAssets = new Map<SpecName, Asset>();
function specJson(name: SpecName): Asset {
  let file = jsonAssets.get(name);
  if (file === undefined) {
    // The same parsed document the engine validates with (src/contract): one source, two encodings.
    file = asset('application/json; charset=utf-8', `${JSON.stringify(loadSpec(name), null, 2)}\n`);
    jsonAssets.set(name, file);
  }
  return file;
}

/** Liveness: the process answers HTTP. No auth, reads no state, so it cannot fail while the server runs. */
const HEALTHY = '{"status":"ok"}\n';

/** For `startServer({ extraRoutes })`, before the pages: true when the request was one of these routes. */
export function handleServiceRoutes(req: IncomingMessage, res: ServerResponse): boolean {
  const target = req.url;
  if (target === undefined || !(target.startsWith('/health') || target.startsWith('/openapi'))) return false;
  const { path } = splitTarget(target);
  const spec = jsonSpecs[path];
  if (path !== HEALTH_PATH && spec === undefined) return false;
  if (!allowRead(req, res)) return true;
  if (spec !== undefined) sendAsset(req, res, specJson(spec));
  else send(req, res, 200, 'application/json; charset=utf-8', HEALTHY);
  return true;
}
