import type { RunReport } from '../../../src/conformance/report/model.js';
import { runConformance } from '../../../src/conformance/runner/run.js';
import type { FetchLike } from '../../../src/conformance/transport.js';
import { toFetchResponse } from '../../../src/reference-impl/adapters/msw.js';
import { createEngine, type EngineRequest } from '../../../src/reference-impl/index.js';
import type { Defect } from './defect.js';
import { predictableRandom } from './predictable-random.js';

const CONTROL_TOKEN = 'broken-deployment-control';

/**
 * The suite's request as the engine's plain object, without building a WHATWG Request (the suite
 * always sends a plain header record and a string body).
 */
function toEngineRequestFast(input: string, init: RequestInit): EngineRequest {
  const url = new URL(input);
  const headers: Record<string, string> = {};
  for (const [name, value] of new Headers(init.headers).entries()) headers[name] = value;
  const body =
    typeof init.body === 'string' && init.body !== '' ? new TextEncoder().encode(init.body) : undefined;
  return {
    method: init.method ?? 'GET',
    target: url.pathname + url.search,
    origin: url.origin,
    headers,
    body,
  };
}

/**
 * A fresh reference engine with the defect built in, served in-process through the suite's fetch
 * injection: no socket, so a whole suite run costs a fraction of a second of CPU.
 */
export function deploymentFetch(defect: Defect): FetchLike {
  const engine = createEngine({
    controlToken: CONTROL_TOKEN,
    random: predictableRandom(),
    settings: defect.settings ?? {},
    // A defect may make the engine fault; that is its answer, not noise for the test log.
    onFault: () => {},
  });
  const handle = defect.build(engine);
  return async (input, init) => toFetchResponse(await handle(toEngineRequestFast(input, init)));
}

/** Runs the whole suite against the broken deployment, provisioning through its control API. */
export function runAgainst(defect: Defect, options: { readonly strict?: boolean } = {}): Promise<RunReport> {
  return runConformance({
    target: `http://${defect.id}.broken.test`,
    controlToken: CONTROL_TOKEN,
    fetch: deploymentFetch(defect),
    strict: options.strict ?? false,
  });
}
