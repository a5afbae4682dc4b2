import type { PhoneRecord } from './models.js';

/**
 * A phone's SMS send history for the per-phone cap (CONTRACT.md: 10 an hour by default), in at
 * most HISTORY_BUCKETS entries however large `--sms-cap` is. Issue 18: kept as one timestamp per
 * SMS, every initialize filtered and copied the whole list, O(n) work per request under a large
 * cap (2 ms per initialize at --sms-cap 50000).
 *
 * Entries are send times, oldest first (`smsSentAt`); `smsSentCounts`, when present, says how
 * many sends each entry stands for (absent: one each, the exact history every cap up to
 * HISTORY_BUCKETS keeps, so the default behaviour is unchanged). Past the bound two neighbouring
 * entries become one at the LATER time, the pair with the fewest sends together (the oldest such
 * pair on a tie, whose overcount leaves the window first): a merged send then counts as inside
 * the window a little longer than it really is, so the cap is never exceeded and may only hold a
 * little longer (at most one entry's time span, ~1/32 of the window). Every operation here reads
 * at most HISTORY_BUCKETS + 1 entries.
 */
export const HISTORY_BUCKETS = 64;

type History = Pick<PhoneRecord, 'smsSentAt' | 'smsSentCounts'>;

export interface Window {
  readonly at: readonly number[];
  readonly counts: readonly number[] | undefined;
  /** Sends inside the window. */
  readonly sent: number;
}

/** The entries sent after `since` (the window's start), and how many sends they are. */
export function sendsAfter(record: History | undefined, since: number): Window {
  const at = record?.smsSentAt ?? [];
  const counts = record?.smsSentCounts;
  let first = 0;
  while (first < at.length && (at[first] as number) <= since) first++;
  const kept = first === 0 ? at : at.slice(first);
  const keptCounts = counts === undefined ? undefined : first === 0 ? counts : counts.slice(first);
  let sent = kept.length;
  if (keptCounts !== undefined) {
    sent = 0;
    for (const c of keptCounts) sent += c;
  }
  return { at: kept, counts: keptCounts, sent };
}

/**
 * When the window will have room again: the time the oldest entries have left it with fewer than
 * `limit` sends remaining. Only asked when the window is full (`sent >= limit`).
 */
export function freeAt(window: Window, limit: number, windowMs: number): number | undefined {
  let remaining = window.sent;
  for (let i = 0; i < window.at.length; i++) {
    remaining -= window.counts?.[i] ?? 1;
    if (remaining < limit) return (window.at[i] as number) + windowMs;
  }
  return undefined;
}

/** The history with one more send at `now`, merged down to HISTORY_BUCKETS entries. */
export function withSend(window: Window, now: number): History {
  const at = [...window.at, now];
  if (at.length <= HISTORY_BUCKETS && window.counts === undefined) return { smsSentAt: at };
  const counts = [...(window.counts ?? window.at.map(() => 1)), 1];
  if (at.length > HISTORY_BUCKETS) {
    let pair = 0;
    for (let i = 1; i < at.length - 1; i++)
      if (
        (counts[i] as number) + (counts[i + 1] as number) <
        (counts[pair] as number) + (counts[pair + 1] as number)
      )
        pair = i;
    at.splice(pair, 1);
    counts.splice(pair, 2, (counts[pair] as number) + (counts[pair + 1] as number));
  }
  return { smsSentAt: at, smsSentCounts: counts };
}
