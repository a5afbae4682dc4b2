import { handleAsFetch } from '../../../src/conformance/in-process.js';
import type { RunReport } from '../../../src/conformance/report/model.js';
import { runConformance } from '../../../src/conformance/runner/run.js';
import type { FetchLike } from '../../../src/conformance/transport.js';
import { createEngine } from '../../../src/reference-impl/index.js';
import type { Defect } from './defect.js';
import { predictableRandom } from './predictable-random.js';

const CONTROL_TOKEN = 'broken-deployment-control';

/**
 * A fresh reference engine with the defect built in, served in-process through the suite's fetch
 * injection: no socket and no WHATWG Request (the engine's `handle` takes the plain request
 * `handleAsFetch` gives), so a whole suite run costs a fraction of a second of CPU.
 */
export function deploymentFetch(defect: Defect): FetchLike {
  const engine = createEngine({
    controlToken: CONTROL_TOKEN,
    random: predictableRandom(),
    settings: defect.settings ?? {},
    // A defect may make the engine fault; that is its answer, not noise for the test log.
    onFault: () => {},
  });
  return handleAsFetch(defect.build(engine));
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
