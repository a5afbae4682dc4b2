import type { Scenario } from '../scenario.js';
import { PROFILE_NAMES, type ProfileName, type SpecDivergence } from '../spec-divergences.js';
import type { ScenarioResult } from './model.js';

/**
 * Which behaviour profile of the kit (`serve --profile docs|service`) a target matches, divergence
 * by divergence (issue 16), read from the spec's records (spec-divergences.ts `profiles`, from
 * `x-switch` and `x-profiles`): the side each profile takes, `kit` (the entry's rule, what the
 * scenarios expect) or `observed` (the side the suite reports by the entry's id). What the target
 * showed is read from the results:
 *
 * - `divergent`: some scenario reported the id (a `divergence`, or a failure under --strict);
 * - `kit`: none did, and some scenario that can report it (its `divergences`) passed (or ended as
 *   another divergence);
 * - `failed`: every scenario that can report it and ran failed (or erred) without reporting it:
 *   the target showed neither side there;
 * - `unseen`: no scenario that can report it ran (not selected, skipped, or none exists).
 */
export type Seen = 'kit' | 'divergent' | 'failed' | 'unseen';

/** `both`: the two profiles agree on this divergence and the target does as they do. */
export type Match = ProfileName | 'both' | 'neither' | 'not observed';

export interface DivergenceMatch {
  readonly id: string;
  readonly seen: Seen;
  readonly match: Match;
  /** The scenarios that ran and reported the id. */
  readonly reportedBy: readonly string[];
  /** The scenarios that ran and can report the id but did not (passed, or failed on something). */
  readonly notReportedBy: readonly string[];
}

export interface ProfileReport {
  /** The profiles that match on every divergence the run observed; empty: none does. */
  readonly fits: readonly ProfileName[];
  readonly divergences: readonly DivergenceMatch[];
}

/**
 * Passed, or ended as a divergence, or failed only because --strict fails a divergence (its one
 * problem is that reason): each of these saw the kit's rule wherever it did not report an id.
 */
function passedApartFromDivergences(r: ScenarioResult): boolean {
  if (r.status === 'passed' || r.status === 'divergence') return true;
  return r.status === 'failed' && r.divergences.length > 0 && r.problems.length === 1;
}

function matchOf(record: SpecDivergence, seen: Seen): Match {
  if (seen === 'unseen') return 'not observed';
  if (seen === 'failed') return 'neither';
  const side = seen === 'kit' ? 'kit' : 'observed';
  const profiles = PROFILE_NAMES.filter((p) => record.profiles[p] === side);
  if (profiles.length === PROFILE_NAMES.length) return 'both';
  return profiles[0] ?? 'neither';
}

/** The profile match of every divergence the spec records, in the spec's order. */
export function profileReport(
  records: readonly SpecDivergence[],
  scenarios: readonly Pick<Scenario, 'id' | 'divergences'>[],
  results: readonly ScenarioResult[],
): ProfileReport {
  const byId = new Map(results.map((r) => [r.id, r]));
  const divergences = records.map((record): DivergenceMatch => {
    const ran = scenarios
      .filter((s) => (s.divergences as readonly string[] | undefined)?.includes(record.id) === true)
      .map((s) => byId.get(s.id))
      .filter((r): r is ScenarioResult => r !== undefined && r.status !== 'skipped');
    const reported = results.filter((r) => r.divergences.some((d) => d.id === record.id));
    const others = ran.filter((r) => !reported.includes(r));
    const seen: Seen =
      reported.length > 0
        ? 'divergent'
        : others.some(passedApartFromDivergences)
          ? 'kit'
          : others.length > 0
            ? 'failed'
            : 'unseen';
    return {
      id: record.id,
      seen,
      match: matchOf(record, seen),
      reportedBy: reported.map((r) => r.id),
      notReportedBy: others.map((r) => r.id),
    };
  });
  const observed = divergences.filter((d) => d.match !== 'not observed');
  const fits = PROFILE_NAMES.filter((p) => observed.every((d) => d.match === p || d.match === 'both'));
  return { fits, divergences };
}

const MATCH_ORDER: readonly Match[] = ['service', 'docs', 'neither', 'both', 'not observed'];

/** "matches service on DIV-INIT-201, DIV-STATUS-LOWERCASE; docs and service alike on 12; …". */
export function describeProfiles(report: ProfileReport): string[] {
  const groups = MATCH_ORDER.map((match) => ({
    match,
    ids: report.divergences.filter((d) => d.match === match).map((d) => d.id),
  })).filter((g) => g.ids.length > 0);
  const fit =
    report.fits.length === PROFILE_NAMES.length
      ? 'both profiles (docs and service agree on every divergence observed)'
      : report.fits.length === 1
        ? `the ${report.fits[0]} profile`
        : 'neither profile alone';
  const label: Readonly<Record<Match, string>> = {
    docs: 'like --profile docs (the documents)',
    service: 'like --profile service (the running service)',
    both: 'like both profiles (they agree)',
    neither: 'like neither profile',
    'not observed': 'not observed',
  };
  return [
    `behaviour profile: the target matches ${fit}`,
    ...groups.map((g) =>
      g.match === 'both' || g.match === 'not observed'
        ? `  ${label[g.match]}: ${g.ids.length} divergence(s)`
        : `  ${label[g.match]}: ${g.ids.join(', ')}`,
    ),
  ];
}
