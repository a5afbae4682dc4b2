/**
 * The two ways a scenario may stop early on purpose. Anything else thrown out of a scenario is a
 * fault of the kit itself (docs/architecture.md "Inside the conformance suite": the runner never lets the kit's own faults pass as the
 * target's failure), so these classes are the only thing the runner trusts.
 */

/** Something the target did wrong: the scenario fails with this reason. */
export class TargetFailure extends Error {
  override readonly name = 'TargetFailure';
}

/** The scenario cannot run against this target (no control API, no fixture): skipped with this reason. */
export class SkipSignal extends Error {
  override readonly name = 'SkipSignal';
}

/** Bad flags, a bad config file, or a target that is not there: the CLI exits with code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
