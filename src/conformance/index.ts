/** The conformance suite's public API (`ehealth-otp-kit/conformance`). */
export { type CommandIo, runConformCommand } from './cli.js';
export { ConfigError, type Limits, loadConfigFile, type SuiteConfig, validateConfig } from './config.js';
export { DIVERGENCE_IDS, DIVERGENCES, type DivergenceId } from './divergences.js';
export {
  handleAsFetch,
  type PlainHandle,
  type PlainRequest,
  type PlainResponse,
} from './in-process.js';
export { type OperationId, SCOPES, type Scope } from './operations.js';
export { renderHtml } from './report/html.js';
export { renderJson } from './report/json.js';
export { renderJunit } from './report/junit.js';
export {
  exitCodeOf,
  type FamilySummary,
  type RunReport,
  type ScenarioResult,
  type ScenarioStatus,
  type Summary,
} from './report/model.js';
export type { DivergenceMatch, ProfileReport } from './report/profiles.js';
export { type RunOptions, runConformance } from './runner/run.js';
export { type Family, familyOf } from './runner/selection.js';
export { UsageError } from './runner/signals.js';
export type { Scenario, ScenarioContext } from './scenario.js';
export { allScenarios } from './scenarios/index.js';
export { TAGS, type Tag } from './scenarios/tags.js';
export { type CheckResponse, checkResponse } from './spec-check.js';
export type { FetchLike } from './transport.js';
