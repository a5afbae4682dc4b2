import { getHeapStatistics } from 'node:v8';
import { describe, expect, it } from 'vitest';
import type { PhoneRecord } from '../../../src/reference-impl/domain/models.js';
import { PhoneTable } from '../../../src/reference-impl/store/phone-table.js';
import { collectGarbage, survives } from '../../support/heap.js';

/**
 * What the packed phone table (store/phone-table.ts) keeps on the V8 heap: the reason it exists
 * is that a record costs nothing there (bench/RESULTS.md). A table that kept each canonical id or
 * one-entry send list beside its columns, or kept a freed slot's side values, would still read
 * back every record exactly, so the round-trip tests in phone-table.test.ts cannot see it; these
 * look at the heap. Objects (arrays) are watched with WeakRef, which is exact; strings cannot be,
 * so ids are measured as heap growth after full collections, against a control that keeps them.
 */

async function heapUsed(): Promise<number> {
  await collectGarbage();
  return getHeapStatistics().used_heap_size;
}

const ua = (n: number): string => `+380${String(n).padStart(9, '0')}`;

function record(overrides: Partial<PhoneRecord> = {}): PhoneRecord {
  return {
    verificationId: crypto.randomUUID(),
    code: 1234,
    status: 'NEW',
    active: true,
    createdAt: 1,
    expiresAt: 2,
    attempts: 0,
    smsSentAt: [1],
    keepUntil: 10,
    ...overrides,
  };
}

const MANY = 100_000;
/** 100,000 fresh 36-character strings and their Map entries take well over 5 MB of heap. */
const KEPT_BYTES = 5 * 1024 * 1024;
const SLACK_BYTES = 2 * 1024 * 1024;

describe('PhoneTable keeps nothing of a packed record on the heap', () => {
  it('the control: 100,000 fresh ids kept in a Map grow the heap by more than the bound below', async () => {
    const before = await heapUsed();
    const kept = new Map<number, string>();
    for (let i = 0; i < MANY; i++) kept.set(i, crypto.randomUUID());
    expect((await heapUsed()) - before).toBeGreaterThan(KEPT_BYTES);
    expect(kept.size).toBe(MANY);
  });

  it('100,000 records with canonical ids and one send each grow the heap by less than 2 MB', async () => {
    const table = new PhoneTable();
    table.set(ua(0), record()); // the first chunk and the index, before the measure
    const before = await heapUsed();
    for (let i = 1; i <= MANY; i++) table.set(ua(i), record({ smsSentAt: [i] }));
    expect((await heapUsed()) - before).toBeLessThan(SLACK_BYTES);
    expect(table.size).toBe(MANY + 1);
    expect(table.get(ua(MANY))?.smsSentAt).toEqual([MANY]);
  });

  it('a one-entry send list is not kept; a longer one and merged counts are', async () => {
    const table = new PhoneTable();
    // Made in a function of their own, so that no variable of the test holds them.
    const refs = ((): WeakRef<object>[] => {
      const one = [5];
      const two = [5, 6];
      const counts = [1, 2];
      table.set(ua(1), record({ smsSentAt: one }));
      table.set(ua(2), record({ smsSentAt: two }));
      table.set(ua(3), record({ smsSentAt: [7], smsSentCounts: counts }));
      return [new WeakRef(one), new WeakRef(two), new WeakRef(counts)];
    })();
    expect(await Promise.all(refs.map(survives))).toEqual([false, true, true]);
    expect(table.get(ua(2))?.smsSentAt).toEqual([5, 6]);
  });

  it('a swept record leaves nothing behind: its send list, its counts, its id', async () => {
    const table = new PhoneTable();
    table.set(ua(0), record({ keepUntil: 100 })); // stays: the table does not empty (no clear())
    const lists = ((): WeakRef<object>[] => {
      const refs: WeakRef<object>[] = [];
      for (let i = 1; i <= 3; i++) {
        const smsSentAt = [i, i + 1];
        const smsSentCounts = [1, 1];
        refs.push(new WeakRef(smsSentAt), new WeakRef(smsSentCounts));
        table.set(ua(i), record({ smsSentAt, smsSentCounts, keepUntil: 10 }));
      }
      return refs;
    })();
    table.set(ua(0), record({ keepUntil: 200 })); // to the tail, behind the three
    expect(table.sweep(10)).toBe(3);
    expect(await Promise.all(lists.map(survives))).toEqual([false, false, false, false, false, false]);

    // Ids that are not canonical UUIDs are kept beside the columns while the record lives only.
    const before = await heapUsed();
    for (let i = 1; i <= MANY; i++)
      table.set(ua(i), record({ verificationId: crypto.randomUUID().toUpperCase(), keepUntil: 300 }));
    expect((await heapUsed()) - before).toBeGreaterThan(KEPT_BYTES);
    table.set(ua(0), record({ keepUntil: 400 }));
    expect(table.sweep(300)).toBe(MANY);
    expect((await heapUsed()) - before).toBeLessThan(SLACK_BYTES);
    expect(table.size).toBe(1);
  });
});
