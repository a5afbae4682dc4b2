import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PhoneRecord, VerificationStatus } from '../../../src/reference-impl/domain/models.js';
import { PhoneIndex } from '../../../src/reference-impl/store/phone-index.js';
import { PhoneTable } from '../../../src/reference-impl/store/phone-table.js';

/**
 * The packed phone table (src/reference-impl/store/phone-table.ts) against the simplest store
 * that has the semantics it replaced: a Map keyed by phone whose insertion order is the sweep
 * order (a record whose keepUntil changes is deleted and re-inserted; a sweep drops from the head
 * while keepUntil <= now).
 */
class ModelTable {
  readonly map = new Map<string, PhoneRecord>();

  get size(): number {
    return this.map.size;
  }

  set(phone: string, record: PhoneRecord): void {
    const current = this.map.get(phone);
    if (current !== undefined && current.keepUntil !== record.keepUntil) this.map.delete(phone);
    this.map.set(phone, record);
  }

  sweep(now: number): number {
    let removed = 0;
    for (const [phone, record] of this.map) {
      if (record.keepUntil > now) break;
      this.map.delete(phone);
      removed++;
    }
    return removed;
  }

  clear(): void {
    this.map.clear();
  }
}

const STATUSES: readonly VerificationStatus[] = ['NEW', 'CANCELED', 'VERIFIED', 'UNVERIFIED', 'EXPIRED'];
const GOLDEN = 0x9e3779b1;

const ua = (digits: number): string => `+380${String(digits).padStart(9, '0')}`;

function record(overrides: Partial<PhoneRecord> = {}): PhoneRecord {
  return {
    verificationId: '0f8fad5b-d9cb-469f-a165-70867728950e',
    code: 1232,
    status: 'NEW',
    active: true,
    createdAt: 1_700_000_000_000,
    expiresAt: 1_700_000_300_000,
    attempts: 0,
    smsSentAt: [1_700_000_000_000],
    keepUntil: 1_700_003_900_000,
    ...overrides,
  };
}

/** Keys whose home bucket is the same in a table of 2^bits buckets (the index starts at 2^10). */
function collidingKeys(count: number, bits = 10): number[] {
  const home = (k: number) => Math.imul(k, GOLDEN) >>> (32 - bits);
  const out: number[] = [];
  for (let k = 0; out.length < count; k++) if (home(k) === home(0)) out.push(k);
  return out;
}

/** Same size and the same record (or none) for every phone of the pool. */
function expectSame(table: PhoneTable, model: ModelTable, phones: readonly string[]): void {
  expect(table.size).toBe(model.size);
  expect(phones.map((phone) => table.get(phone))).toEqual(phones.map((phone) => model.map.get(phone)));
}

// Arbitraries -------------------------------------------------------------------------------

const anyNumber = fc.oneof(
  fc.integer({ min: 0, max: 2_000_000_000_000 }),
  fc.integer(),
  fc.double(), // NaN, ±Infinity, -0, fractions
);
const verificationId = fc.oneof(
  fc.uuid(),
  fc.uuid().map((id) => id.toUpperCase()),
  fc.string(),
  fc.constantFrom(
    '',
    'not-a-uuid',
    '0f8fad5b-d9cb-469f-a165-70867728950',
    '0f8fad5b+d9cb-469f-a165-70867728950e',
  ),
);
const recordArb: fc.Arbitrary<PhoneRecord> = fc.record(
  {
    verificationId,
    code: anyNumber,
    status: fc.constantFrom(...STATUSES),
    active: fc.boolean(),
    createdAt: anyNumber,
    expiresAt: anyNumber,
    attempts: anyNumber,
    smsSentAt: fc.oneof(
      fc.array(anyNumber, { maxLength: 4 }),
      anyNumber.map((n) => [n]),
    ),
    // Small integers so that sweeps meet both sides of `now`.
    keepUntil: fc.oneof(
      { weight: 9, arbitrary: fc.integer({ min: 0, max: 50 }) },
      { weight: 1, arbitrary: fc.double() },
    ),
    // Absent (no key at all) in most records, as the domain writes them (domain/sms-history.ts).
    smsSentCounts: fc.array(fc.integer({ min: 1, max: 10 }), { maxLength: 3 }),
  },
  {
    requiredKeys: [
      'verificationId',
      'code',
      'status',
      'active',
      'createdAt',
      'expiresAt',
      'attempts',
      'smsSentAt',
      'keepUntil',
    ],
  },
);

const collisions = collidingKeys(24);
/** A small pool, so that updates, moves and reuse happen: spec-format phones (some on the same
 * home bucket), and strings that are not in the spec's format (kept under their own key). */
const PHONES: readonly string[] = [
  ...collisions.map(ua),
  ua(0),
  ua(999_999_999),
  ua(123_456_789),
  '+38012345678',
  '+3801234567890',
  '+380-12345678',
  '+381123456789',
  '+380١٢٣٤٥٦٧٨٩',
  '380123456789',
  '',
  'anything',
];

type Command =
  | { readonly kind: 'set'; readonly phone: string; readonly record: PhoneRecord }
  | { readonly kind: 'sweep'; readonly now: number }
  | { readonly kind: 'clear' };

const command: fc.Arbitrary<Command> = fc.oneof(
  {
    weight: 12,
    arbitrary: fc.record({
      kind: fc.constant('set' as const),
      phone: fc.constantFrom(...PHONES),
      record: recordArb,
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({ kind: fc.constant('sweep' as const), now: fc.integer({ min: -1, max: 55 }) }),
  },
  { weight: 1, arbitrary: fc.constant({ kind: 'clear' as const }) },
);

// Tests --------------------------------------------------------------------------------------

describe('PhoneTable', () => {
  it('round-trips every field of a record exactly', () => {
    fc.assert(
      fc.property(fc.constantFrom(...PHONES), recordArb, (phone, r) => {
        const table = new PhoneTable();
        table.set(phone, r);
        // Tells -0 from 0, takes NaN as NaN, and an absent key from one set to undefined: exact.
        expect(table.get(phone)).toStrictEqual({ ...r }); // fast-check builds it on a null prototype
      }),
      { numRuns: 2000 },
    );
  });

  it('keeps ids that are not canonical UUIDs and send lists that are not one entry long', () => {
    const table = new PhoneTable();
    const ids = ['', 'id-1', '0F8FAD5B-D9CB-469F-A165-70867728950E', 'ü'.repeat(36)];
    const lists = [[], [1, 2], [3, 4, 5]];
    ids.forEach((verificationId, i) => {
      table.set(ua(i), record({ verificationId, smsSentAt: lists[i % lists.length] ?? [] }));
    });
    ids.forEach((verificationId, i) => {
      expect(table.get(ua(i))).toEqual(record({ verificationId, smsSentAt: lists[i % lists.length] ?? [] }));
    });
    // Overwriting with a canonical id and one send replaces the kept values.
    table.set(ua(1), record());
    expect(table.get(ua(1))).toEqual(record());
  });

  it('keeps phones in and out of the spec format apart', () => {
    const table = new PhoneTable();
    table.set('+380123456789', record({ code: 1 }));
    table.set('+380 123456789', record({ code: 2 }));
    table.set('123456789', record({ code: 3 }));
    table.set('+380000000000', record({ code: 4 }));
    table.set('+380000000001', record({ code: 5 }));
    expect(table.size).toBe(5);
    expect(table.get('+380123456789')?.code).toBe(1);
    expect(table.get('+380 123456789')?.code).toBe(2);
    expect(table.get('123456789')?.code).toBe(3);
    expect(table.get('+380000000000')?.code).toBe(4);
    expect(table.get('+380000000001')?.code).toBe(5);
    expect(table.get('+38000000000')).toBeUndefined();
  });

  it('behaves like a Map in keepUntil order for any sequence of sets, sweeps and clears', () => {
    fc.assert(
      fc.property(fc.array(command, { maxLength: 120 }), (commands) => {
        const table = new PhoneTable();
        const model = new ModelTable();
        for (const c of commands) {
          if (c.kind === 'set') {
            table.set(c.phone, c.record);
            model.set(c.phone, c.record);
          } else if (c.kind === 'sweep') {
            expect(table.sweep(c.now)).toBe(model.sweep(c.now));
          } else {
            table.clear();
            model.clear();
          }
          expectSame(table, model, PHONES);
        }
        // The order of what is left: sweeping up to each remaining keepUntil drops the same ones.
        for (const now of [...model.map.values()].map((r) => r.keepUntil)) {
          expect(table.sweep(now)).toBe(model.sweep(now));
          expectSame(table, model, PHONES);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('sweeps in the order of keepUntil changes, spec-format and other phones mixed', () => {
    const table = new PhoneTable();
    table.set(ua(1), record({ keepUntil: 10 }));
    table.set('other-a', record({ keepUntil: 10 }));
    table.set(ua(2), record({ keepUntil: 10 }));
    table.set('other-b', record({ keepUntil: 10 }));
    // Same keepUntil: stays where it is. A new one: to the end.
    table.set(ua(1), record({ keepUntil: 10, attempts: 1 }));
    table.set('other-a', record({ keepUntil: 30 }));
    table.set(ua(2), record({ keepUntil: 20 }));
    // Order now: ua(1)@10, other-b@10, other-a@30, ua(2)@20. The head blocks what follows it.
    expect(table.sweep(25)).toBe(2);
    expect(table.get(ua(1))).toBeUndefined();
    expect(table.get('other-b')).toBeUndefined();
    expect(table.get(ua(2))?.keepUntil).toBe(20);
    expect(table.get('other-a')?.keepUntil).toBe(30);
    expect(table.sweep(30)).toBe(2);
    expect(table.size).toBe(0);
  });

  it('reuses freed slots and grows across many chunks without losing records', () => {
    const table = new PhoneTable();
    const n = 70_000; // more than four chunks of 2^14 slots
    const phone = (i: number) => (i % 1000 === 0 ? `x${i}` : ua(i * 7919));
    for (let i = 0; i < n; i++) table.set(phone(i), record({ code: i, keepUntil: i }));
    expect(table.size).toBe(n);
    for (let i = 0; i < n; i += 97) expect(table.get(phone(i))?.code).toBe(i);
    // Drop the older half; refill with new phones, which land in the freed slots.
    expect(table.sweep(n / 2 - 1)).toBe(n / 2);
    const wrong: number[] = [];
    for (let i = 0; i < n / 2; i++) if (table.get(phone(i)) !== undefined) wrong.push(i);
    for (let i = n; i < n + n / 2; i++) table.set(phone(i), record({ code: i, keepUntil: i }));
    expect(table.size).toBe(n);
    expect(table.slotsUsed).toBe(n);
    for (let i = n / 2; i < n + n / 2; i++) if (table.get(phone(i))?.code !== i) wrong.push(i);
    expect(wrong).toEqual([]);
    expect(table.sweep(Number.POSITIVE_INFINITY)).toBe(n);
    expect(table.size).toBe(0);
  });

  it('gives a freed slot to the next phone of either kind and forgets the key it had', () => {
    const table = new PhoneTable();
    // A record kept at the tail (a new keepUntil moves it there) stops the table from emptying.
    let keeper = 100;
    const keep = () => table.set(ua(100), record({ keepUntil: keeper++ }));
    table.set('other', record({ keepUntil: 1 }));
    keep();
    expect(table.sweep(1)).toBe(1);
    table.set(ua(1), record({ keepUntil: 2, code: 11 })); // takes the string phone's slot
    keep();
    expect(table.slotsUsed).toBe(2);
    expect(table.get('other')).toBeUndefined();
    expect(table.sweep(2)).toBe(1);
    expect(table.get(ua(1))).toBeUndefined();
    table.set('other', record({ keepUntil: 3, code: 12 })); // and back
    expect(table.get(ua(1))).toBeUndefined();
    expect(table.get('other')?.code).toBe(12);
    table.set(ua(1), record({ keepUntil: 3, code: 13 }));
    keep();
    expect(table.slotsUsed).toBe(3);
    expect(table.sweep(3)).toBe(2);
    expect(table.get(ua(1))).toBeUndefined();
    expect(table.get('other')).toBeUndefined();
    expect(table.size).toBe(1);
  });

  it('finds every key through long runs of colliding buckets after many inserts and deletes', () => {
    const table = new PhoneTable();
    const keys = collidingKeys(300);
    const live = new Map<number, number>();
    let clock = 0;
    // Rounds of inserts and deletes over the same keys: deletions shift runs back, inserts fill them.
    for (let round = 0; round < 20; round++) {
      for (const [j, k] of keys.entries()) {
        if ((j + round) % 3 === 0) continue;
        clock++;
        table.set(ua(k), record({ code: clock, keepUntil: clock }));
        live.set(k, clock);
      }
      const now = clock - 150;
      table.sweep(now);
      for (const [k, t] of live) if (t <= now) live.delete(k);
      expect(table.size).toBe(live.size);
      for (const k of keys) expect(table.get(ua(k))?.code).toBe(live.get(k));
    }
  });

  it('empties fully on clear() and when a sweep takes the last record, and works again after', () => {
    const table = new PhoneTable();
    for (let i = 0; i < 20_000; i++) table.set(ua(i), record({ keepUntil: 5 }));
    table.set('other', record({ keepUntil: 5 }));
    table.clear();
    expect(table.size).toBe(0);
    expect(table.get(ua(1))).toBeUndefined();
    expect(table.get('other')).toBeUndefined();
    expect(table.sweep(100)).toBe(0);

    table.set(ua(1), record({ keepUntil: 5 }));
    table.set('other', record({ keepUntil: 6 }));
    expect(table.sweep(6)).toBe(2);
    expect(table.size).toBe(0);
    table.set('other', record({ keepUntil: 7, code: 42 }));
    table.set(ua(1), record({ keepUntil: 8 }));
    expect(table.get('other')?.code).toBe(42);
    expect(table.sweep(7)).toBe(1);
    expect(table.get(ua(1))?.keepUntil).toBe(8);
  });
});

describe('PhoneTable, what the mutation run found unpinned', () => {
  it('gives its columns back when a sweep takes the last record, not when one is left', () => {
    const table = new PhoneTable();
    for (let i = 0; i < 3; i++) table.set(ua(i), record({ keepUntil: i }));
    expect(table.sweep(1)).toBe(2);
    expect(table.slotsUsed).toBe(3);
    expect(table.sweep(2)).toBe(1);
    expect(table.size).toBe(0);
    expect(table.slotsUsed).toBe(0);
    table.set(ua(7), record({ keepUntil: 9 }));
    expect(table.slotsUsed).toBe(1);
    table.clear();
    expect(table.slotsUsed).toBe(0);
  });

  it('keeps an id that only looks like a canonical UUID whole (longer, or a character outside 0-9a-f)', () => {
    const table = new PhoneTable();
    const uuid = '0f8fad5b-d9cb-469f-a165-70867728950e';
    // Past 'f' (a hex digit would be read from 'g', 'z' or '~'), between '9' and 'a', and below '0'.
    const shaped = ['g', 'z', '~', 'ÿ', ':', '`', 'A', '/', ' '].map((c) => `${uuid.slice(0, 35)}${c}`);
    const ids = [`${uuid}0`, `${uuid}-`, `${uuid}${uuid}`, `x${uuid}`, ...shaped, `g${uuid.slice(1)}`];
    ids.forEach((verificationId, i) => {
      table.set(ua(i), record({ verificationId }));
    });
    ids.forEach((verificationId, i) => {
      expect(table.get(ua(i))?.verificationId).toBe(verificationId);
    });
  });
});

describe('PhoneIndex', () => {
  it('agrees with a Map under random adds and removes, keys piled on the same buckets', () => {
    const keyPool = [...collidingKeys(40), ...collidingKeys(40, 12), 0, 1, 2, 999_999_999, 2 ** 31 - 1];
    const op = fc.record({ add: fc.boolean(), key: fc.constantFrom(...keyPool) });
    fc.assert(
      fc.property(fc.array(op, { maxLength: 400 }), (ops) => {
        const index = new PhoneIndex();
        const model = new Map<number, number>();
        const freeSlots: number[] = [];
        let nextSlot = 0;
        for (const { add, key } of ops) {
          const slot = model.get(key);
          if (add && slot === undefined) {
            const s = freeSlots.pop() ?? nextSlot++;
            index.add(key, s);
            model.set(key, s);
          } else if (!add && slot !== undefined) {
            index.remove(slot);
            model.delete(key);
            freeSlots.push(slot);
          }
          expect(index.size).toBe(model.size);
        }
        for (const key of keyPool) expect(index.get(key)).toBe(model.get(key) ?? -1);
      }),
      { numRuns: 500 },
    );
  });

  it('grows past its first buckets and still finds everything', () => {
    const index = new PhoneIndex();
    const n = 50_000;
    for (let s = 0; s < n; s++) index.add(s * 20_011, s);
    for (let s = 0; s < n; s += 3) index.remove(s);
    const wrong: number[] = [];
    for (let s = 0; s < n; s++) if (index.get(s * 20_011) !== (s % 3 === 0 ? -1 : s)) wrong.push(s);
    expect(wrong).toEqual([]);
    expect(index.size).toBe(n - Math.ceil(n / 3));
  });
});
