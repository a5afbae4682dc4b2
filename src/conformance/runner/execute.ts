import { DIVERGENCES } from '../divergences.js';
import type { Masker } from '../mask.js';
import type { ScenarioResult, ScenarioStatus } from '../report/model.js';
import type { Scenario } from '../scenario.js';
import { Context, type ExchangeRecord, type RecordedMessage, type RunState } from './context.js';
import { familyOf } from './selection.js';
import { SkipSignal, TargetFailure } from './signals.js';

export interface ExecuteOptions {
  readonly strict: boolean;
  /** A scenario's whole time budget; each request is bounded by the request timeout as well. */
  readonly budgetMs: number;
  readonly mask: Masker;
  /** Header names (lower case) whose values the reports hide; undefined with --no-mask. */
  readonly secretHeaders?: ReadonlySet<string>;
}

/** Credentials that must not reach a shared report: the suite's own and the usual gateway ones. */
export const SECRET_HEADERS: ReadonlySet<string> = new Set([
  'authorization',
  'proxy-authorization',
  'api-key',
  'x-api-key',
  'cookie',
  'set-cookie',
]);

/** `Bearer abc` → `Bearer ****`: the scheme stays, so a reader still sees what kind was sent. */
function hideSecret(value: string): string {
  const scheme = /^(\w+) \S/.exec(value)?.[1];
  return scheme === undefined ? '****' : `${scheme} ****`;
}

function maskMessage(
  message: RecordedMessage | undefined,
  mask: Masker,
  secrets: ReadonlySet<string> | undefined,
): RecordedMessage | undefined {
  if (message === undefined) return undefined;
  const headers = Object.fromEntries(
    Object.entries(message.headers).map(([name, value]) => [
      name,
      secrets?.has(name.toLowerCase()) === true ? hideSecret(value) : mask(value),
    ]),
  );
  return message.body === undefined ? { headers } : { headers, body: mask(message.body) };
}

function maskExchange(
  e: ExchangeRecord,
  mask: Masker,
  secrets: ReadonlySet<string> | undefined,
): ExchangeRecord {
  const request = maskMessage(e.request, mask, secrets);
  const response = maskMessage(e.response, mask, secrets);
  return {
    ...e,
    path: mask(e.path),
    ...(e.url !== undefined && { url: mask(e.url) }),
    ...(request !== undefined && { request }),
    ...(response !== undefined && { response }),
  };
}

class BudgetExceeded extends TargetFailure {}

/** Where in the kit a kit error happened: the first stack frame, shortened to the file under src/. */
function origin(error: Error): string {
  const frame = error.stack?.split('\n').find((line) => /^\s+at /.test(line));
  const where = frame?.match(/\(?((?:file:\/\/)?[^()\s]+:\d+:\d+)\)?$/)?.[1];
  return where === undefined ? '' : ` (at ${where.replace(/^.*?\/(src|dist)\//, '$1/')})`;
}

/** Runs one scenario and classifies how it ended. Never throws. */
export async function executeScenario(
  scenario: Scenario,
  state: RunState,
  options: ExecuteOptions,
): Promise<ScenarioResult> {
  const started = performance.now();
  const base = {
    id: scenario.id,
    title: scenario.title,
    operation: scenario.operation,
    contract: scenario.contract,
    required: scenario.required,
    needs: scenario.needs,
    tags: scenario.tags ?? [],
    family: familyOf(scenario.operation),
  };
  const unmet = scenario.needs
    .map((need) => state.provisioner.unmet(need))
    .find((reason) => reason !== undefined);
  if (unmet !== undefined) {
    return {
      ...base,
      status: 'skipped',
      reason: unmet,
      problems: [],
      divergences: [],
      notes: [],
      durationMs: 0,
      exchanges: [],
    };
  }

  const ctx = new Context(scenario, state);
  let status: ScenarioStatus = 'passed';
  let reason: string | undefined;
  let timer: NodeJS.Timeout | undefined;
  try {
    const budget = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new BudgetExceeded(`the scenario did not finish within ${options.budgetMs} ms`)),
        options.budgetMs,
      );
    });
    await Promise.race([scenario.run(ctx), budget]);
  } catch (error) {
    if (error instanceof SkipSignal) {
      status = 'skipped';
      reason = error.message;
    } else if (error instanceof TargetFailure) {
      status = 'failed';
      reason = error.message;
    } else {
      // Not an assertion about the target: a bug in the kit, reported as such (exit code 1 too).
      status = 'error';
      reason =
        error instanceof Error
          ? `kit error: ${error.name}: ${error.message}${origin(error)}`
          : `kit error: a non-Error value was thrown: ${String(error)}`;
    }
  } finally {
    clearTimeout(timer);
  }

  const problems = ctx.problems();
  if (reason !== undefined && status !== 'skipped') problems.unshift(reason);
  // A skipped or passing scenario whose responses broke the envelope or the spec still failed.
  if ((status === 'passed' || status === 'skipped') && problems.length > 0) {
    status = 'failed';
    reason = problems[0];
  }
  const divergences = [...ctx.divergences].map((id) => ({ id, summary: DIVERGENCES[id].summary }));
  if (status === 'passed' && divergences.length > 0) {
    const ids = divergences.map((d) => d.id).join(', ');
    if (options.strict) {
      status = 'failed';
      reason = `known divergence ${ids} observed (fails under --strict): ${divergences.map((d) => d.summary).join('; ')}`;
      problems.push(reason);
    } else {
      status = 'divergence';
      reason = `known divergence ${ids}: ${divergences.map((d) => d.summary).join('; ')}`;
    }
  }

  const mask = options.mask;
  const result: ScenarioResult = {
    ...base,
    status,
    ...(reason !== undefined && { reason: mask(reason) }),
    problems: [...new Set(problems)].map(mask),
    divergences,
    notes: ctx.notes.map(mask),
    durationMs: performance.now() - started,
    exchanges: [],
  };
  return withMaskedExchanges(result, ctx.log, options);
}

/**
 * The request log is masked when something reads it (a JSON or HTML report, a curl line of a
 * failure), once, not for every scenario of every run: a run with the list reporter alone prints
 * no exchange of a passing scenario. Masking then uses every code the run has read by that time,
 * a superset of those known when the scenario ended, so it never hides less. The property stays
 * an enumerable own one, so `JSON.stringify` and a spread see it as before.
 */
function withMaskedExchanges(
  result: ScenarioResult,
  log: readonly ExchangeRecord[],
  options: ExecuteOptions,
): ScenarioResult {
  if (log.length === 0) return result;
  let masked: readonly ExchangeRecord[] | undefined;
  Object.defineProperty(result, 'exchanges', {
    enumerable: true,
    configurable: true,
    get: () => {
      masked ??= log.map((e) => maskExchange(e, options.mask, options.secretHeaders));
      return masked;
    },
  });
  return result;
}
