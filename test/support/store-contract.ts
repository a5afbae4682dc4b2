import { describe, expect, it } from 'vitest';
import type {
  ConfirmableRecord,
  Person,
  PersonRequest,
  PhoneRecord,
  Sms,
} from '../../src/reference-impl/domain/models.js';
import type { Store } from '../../src/reference-impl/domain/store.js';

/**
 * The store contract: every guarantee written on the `Store` port (src/reference-impl/domain/store.ts)
 * as a check that any implementation runs. `describeStoreContract` registers one test per check;
 * the checks are also exported one by one, so a test can show that a broken store fails them
 * (test/reference-impl/store/memory-store.contract.test.ts).
 */

/** Builds a fresh, empty store; the check closes it. */
export type StoreFactory = (options: { readonly outboxLimit: number }) => Store | Promise<Store>;

export type StoreCheck = (make: StoreFactory) => Promise<void>;

/** How many concurrent updates the atomicity checks run on one phone (the 1,000 parallel completes of CONTRACT.md). */
export const CONCURRENT_UPDATES = 1_000;

const PHONE = '+380501234567';
const OTHER = '+380507654321';

// Times a day ahead of the wall clock: a store that expires keys by the wall clock (allowed)
// must keep these until its sweep is told otherwise.
export const BASE = Date.now() + 86_400_000;

/** A phone record at BASE; exported for the store-specific tests beside the contract. */
export function record(overrides: Partial<PhoneRecord> = {}): PhoneRecord {
  return {
    verificationId: 'c0a80000-0000-4000-8000-000000000001',
    code: 1234,
    status: 'NEW',
    active: true,
    createdAt: BASE,
    expiresAt: BASE + 900_000,
    attempts: 0,
    smsSentAt: [BASE],
    keepUntil: BASE + 3_600_000,
    ...overrides,
  };
}

function sms(phoneNumber: string, n: number): Sms {
  return { phoneNumber, code: String(1000 + n), text: `code ${1000 + n}`, sentAt: BASE + n };
}

const personRequest = (id: string, documents: readonly string[]): PersonRequest => ({
  id,
  status: 'NEW',
  authenticationMethods: [{ type: 'OTP', phoneNumber: PHONE }],
  documents,
  uploads: [],
});

const confirmable = (kind: string, id: string, status = 'NEW'): ConfirmableRecord => ({
  kind,
  id,
  status,
  method: { type: 'OTP', phoneNumber: PHONE },
  data: { employee_id: 'e-1', nested: { list: [1, 'two', null, true] } },
  insertedAt: BASE,
  updatedAt: BASE,
});

const personRecord = (id: string): Person => ({
  id,
  authenticationMethods: [{ id: `${id}-m1`, type: 'OTP', phoneNumber: PHONE }],
  documents: ['PASSPORT'],
  firstName: 'Петро',
  lastName: 'Іванов',
  birthDate: '1991-08-19',
});

async function withStore(make: StoreFactory, run: (store: Store) => Promise<void>, outboxLimit = 100) {
  const store = await make({ outboxLimit });
  try {
    await run(store);
  } finally {
    await store.close();
  }
}

/** `CONCURRENT_UPDATES` increments of `attempts`, all started before any resolves; each resolves to the count it saw. */
function increments(store: Store, phone: string, count = CONCURRENT_UPDATES): Promise<number[]> {
  return Promise.all(
    Array.from({ length: count }, () =>
      store.updatePhone(phone, (current) => {
        const seen = current?.attempts ?? 0;
        return { next: record({ attempts: seen + 1 }), result: seen };
      }),
    ),
  );
}

const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);
const sorted = (values: readonly number[]): number[] => [...values].sort((a, b) => a - b);

export const storeChecks = {
  'updatePhone writes what decide returns and resolves to its result': (make) =>
    withStore(make, async (store) => {
      const first = record();
      const seen: (PhoneRecord | undefined)[] = [];
      const result = await store.updatePhone(PHONE, (current) => {
        seen.push(current);
        return { next: first, result: 'stored' };
      });
      expect(result).toBe('stored');
      expect(seen.length).toBeGreaterThan(0);
      expect(seen.every((current) => current === undefined)).toBe(true);
      expect(await store.getPhone(PHONE)).toEqual(first);
      expect(await store.getPhone(OTHER)).toBeUndefined();

      const second = record({ status: 'VERIFIED', active: false, attempts: 1 });
      await store.updatePhone(PHONE, (current) => {
        seen.push(current);
        return { next: second, result: undefined };
      });
      expect(seen.at(-1)).toEqual(first);
      expect(await store.getPhone(PHONE)).toEqual(second);
    }),

  'updatePhone with next undefined leaves the record, and an absent phone absent': (make) =>
    withStore(make, async (store) => {
      const kept = record({ attempts: 2 });
      await store.updatePhone(PHONE, () => ({ next: kept, result: undefined }));
      expect(await store.updatePhone(PHONE, (current) => ({ next: undefined, result: current }))).toEqual(
        kept,
      );
      expect(await store.getPhone(PHONE)).toEqual(kept);
      expect(
        await store.updatePhone(OTHER, (current) => ({ next: undefined, result: current })),
      ).toBeUndefined();
      expect(await store.getPhone(OTHER)).toBeUndefined();
    }),

  'updatePhone is atomic per phone: 1,000 concurrent increments on one phone are exact': (make) =>
    withStore(make, async (store) => {
      const seen = await increments(store, PHONE);
      // Serializable: every call saw a different count, none was lost, none was counted twice.
      expect(sorted(seen)).toEqual(range(CONCURRENT_UPDATES));
      expect((await store.getPhone(PHONE))?.attempts).toBe(CONCURRENT_UPDATES);
    }),

  'updatePhone keeps phones apart: concurrent increments on 10 phones are exact on each': (make) =>
    withStore(make, async (store) => {
      const phones = range(10).map((i) => `+38050000000${i}`);
      const per = CONCURRENT_UPDATES / phones.length;
      const seen = await Promise.all(phones.map((phone) => increments(store, phone, per)));
      for (const [i, phone] of phones.entries()) {
        expect(sorted(seen[i] ?? []), phone).toEqual(range(per));
        expect((await store.getPhone(phone))?.attempts, phone).toBe(per);
      }
    }),

  'updatePhone resolves to the result of the decide run it committed, however often decide ran': (make) =>
    withStore(make, async (store) => {
      // Each run of decide has its own id, written into the record it returns. A store may run
      // decide again after a conflict; the result it resolves to must be the committed run's.
      let runs = 0;
      const calls = 200;
      const results = await Promise.all(
        range(calls).map(() =>
          store.updatePhone(PHONE, (current) => {
            const run = ++runs;
            const before = current?.attempts ?? 0;
            return { next: record({ attempts: before + 1, code: run }), result: { run, before } };
          }),
        ),
      );
      expect(runs).toBeGreaterThanOrEqual(calls);
      expect(sorted(results.map((r) => r.before))).toEqual(range(calls));
      const last = results.find((r) => r.before === calls - 1);
      expect((await store.getPhone(PHONE))?.code).toBe(last?.run);
      expect(new Set(results.map((r) => r.run)).size).toBe(calls);
    }),

  'a decide that throws rejects the call with its error and writes nothing': (make) =>
    withStore(make, async (store) => {
      const kept = record({ attempts: 1 });
      await store.updatePhone(PHONE, () => ({ next: kept, result: undefined }));
      const boom = new Error('decide failed');
      await expect(
        store.updatePhone(PHONE, () => {
          throw boom;
        }),
      ).rejects.toBe(boom);
      expect(await store.getPhone(PHONE)).toEqual(kept);
      await expect(
        store.updatePhone(OTHER, () => {
          throw boom;
        }),
      ).rejects.toBe(boom);
      expect(await store.getPhone(OTHER)).toBeUndefined();
    }),

  'sweep(now) drops exactly the records whose keepUntil <= now, and says how many': (make) =>
    withStore(make, async (store) => {
      const phones = ['+380500000001', '+380500000002', '+380500000003'];
      // Written in non-decreasing keepUntil order, as the domain writes them.
      for (const [i, phone] of phones.entries())
        await store.updatePhone(phone, () => ({
          next: record({ keepUntil: BASE + 100 * (i + 1) }),
          result: 0,
        }));
      expect(await store.sweep(BASE + 99)).toBe(0);
      expect(await store.sweep(BASE + 150)).toBe(1);
      expect(await store.getPhone('+380500000001')).toBeUndefined();
      expect(await store.getPhone('+380500000002')).toBeDefined();
      // keepUntil grows: the record is kept past its old time.
      const extended = record({ keepUntil: BASE + 400 });
      await store.updatePhone('+380500000002', () => ({ next: extended, result: 0 }));
      expect(await store.sweep(BASE + 150)).toBe(0);
      // keepUntil === now has passed.
      expect(await store.sweep(BASE + 300)).toBe(1);
      expect(await store.getPhone('+380500000003')).toBeUndefined();
      expect(await store.getPhone('+380500000002')).toEqual(extended);
      expect(await store.sweep(BASE + 400)).toBe(1);
      for (const phone of phones) expect(await store.getPhone(phone), phone).toBeUndefined();
    }),

  'sweep leaves verified phones, person requests, tokens, secrets and the outbox alone': (make) =>
    withStore(make, async (store) => {
      await store.addVerifiedPhone(PHONE);
      await store.putPersonRequest(personRequest('pr-1', ['PASSPORT']));
      await store.putToken({ token: 't-1', clientId: 'c-1', scopes: ['otp:write'] });
      await store.putClientSecret('c-1', 'secret');
      await store.appendSms(sms(PHONE, 1));
      await store.sweep(BASE + 10 * 365 * 86_400_000);
      expect(await store.isVerifiedPhone(PHONE)).toBe(true);
      expect(await store.getPersonRequest('pr-1')).toBeDefined();
      expect(await store.getToken('t-1')).toBeDefined();
      expect(await store.getClientSecret('c-1')).toBe('secret');
      expect(await store.listSms()).toHaveLength(1);
    }),

  'verified phones: added once, verified for good, idempotent': (make) =>
    withStore(make, async (store) => {
      expect(await store.isVerifiedPhone(PHONE)).toBe(false);
      await store.addVerifiedPhone(PHONE);
      await store.addVerifiedPhone(PHONE);
      expect(await store.isVerifiedPhone(PHONE)).toBe(true);
      expect(await store.isVerifiedPhone(OTHER)).toBe(false);
      // Not only the spec's phone format: the store keeps any string it is given.
      await store.addVerifiedPhone('not a phone');
      expect(await store.isVerifiedPhone('not a phone')).toBe(true);
    }),

  'person requests, tokens and client secrets read back as written, a put replaces': (make) =>
    withStore(make, async (store) => {
      expect(await store.getPersonRequest('pr-1')).toBeUndefined();
      await store.putPersonRequest(personRequest('pr-1', ['PASSPORT']));
      await store.putPersonRequest(personRequest('pr-2', []));
      const replaced = {
        ...personRequest('pr-1', ['PASSPORT']),
        uploads: [{ type: 'PASSPORT', url: 'http://x/1' }],
      };
      await store.putPersonRequest(replaced);
      expect(await store.getPersonRequest('pr-1')).toEqual(replaced);
      expect(await store.getPersonRequest('pr-2')).toEqual(personRequest('pr-2', []));

      expect(await store.getToken('t-1')).toBeUndefined();
      await store.putToken({ token: 't-1', clientId: 'c-1', scopes: ['otp:write'] });
      await store.putToken({ token: 't-1', clientId: 'c-1', scopes: ['otp:read', 'otp:write'] });
      expect(await store.getToken('t-1')).toEqual({
        token: 't-1',
        clientId: 'c-1',
        scopes: ['otp:read', 'otp:write'],
      });

      expect(await store.getClientSecret('c-1')).toBeUndefined();
      await store.putClientSecret('c-1', 'first');
      await store.putClientSecret('c-1', 'second');
      await store.putClientSecret('c-2', 'other');
      expect(await store.getClientSecret('c-1')).toBe('second');
      expect(await store.getClientSecret('c-2')).toBe('other');
    }),

  'updatePersonRequest is atomic per request: 1,000 concurrent transitions, exactly one wins': (make) =>
    withStore(make, async (store) => {
      await store.putPersonRequest(personRequest('pr-1', []));
      // Each update moves NEW → SIGNED only if it still reads NEW: one may win (one person signed).
      const results = await Promise.all(
        range(CONCURRENT_UPDATES).map(() =>
          store.updatePersonRequest('pr-1', (current) =>
            current?.status === 'NEW'
              ? { next: { ...current, status: 'SIGNED' as const }, result: true }
              : { next: undefined, result: false },
          ),
        ),
      );
      expect(results.filter(Boolean)).toHaveLength(1);
      expect((await store.getPersonRequest('pr-1'))?.status).toBe('SIGNED');
    }),

  'updatePersonRequest: undefined writes nothing, a throwing decide writes nothing, an unknown id reads undefined':
    (make) =>
      withStore(make, async (store) => {
        expect(
          await store.updatePersonRequest('nope', (current) => ({ next: undefined, result: current })),
        ).toBeUndefined();
        expect(await store.getPersonRequest('nope')).toBeUndefined();
        await store.putPersonRequest(personRequest('pr-1', []));
        await store.updatePersonRequest('pr-1', () => ({ next: undefined, result: 0 }));
        expect(await store.getPersonRequest('pr-1')).toEqual(personRequest('pr-1', []));
        await expect(
          store.updatePersonRequest('pr-1', () => {
            throw new Error('decide failed');
          }),
        ).rejects.toThrow('decide failed');
        expect(await store.getPersonRequest('pr-1')).toEqual(personRequest('pr-1', []));
      }),

  'listPersonRequests keeps the order of first storing; a replace keeps its place': (make) =>
    withStore(make, async (store) => {
      expect(await store.listPersonRequests()).toEqual([]);
      for (const id of ['pr-1', 'pr-2', 'pr-3']) await store.putPersonRequest(personRequest(id, []));
      await store.putPersonRequest({ ...personRequest('pr-1', []), status: 'REJECTED' });
      await store.updatePersonRequest('pr-2', (current) => ({
        next: current === undefined ? undefined : { ...current, status: 'APPROVED' as const },
        result: undefined,
      }));
      expect((await store.listPersonRequests()).map((r) => [r.id, r.status])).toEqual([
        ['pr-1', 'REJECTED'],
        ['pr-2', 'APPROVED'],
        ['pr-3', 'NEW'],
      ]);
    }),

  'requests are keyed by kind and id: the same id in two kinds is two records, a put replaces': (make) =>
    withStore(make, async (store) => {
      expect(await store.getRequest('declaration_request', 'r-1')).toBeUndefined();
      await store.putRequest(confirmable('declaration_request', 'r-1'));
      await store.putRequest(confirmable('merge_request', 'r-1', 'APPROVED'));
      expect(await store.getRequest('declaration_request', 'r-1')).toEqual(
        confirmable('declaration_request', 'r-1'),
      );
      expect((await store.getRequest('merge_request', 'r-1'))?.status).toBe('APPROVED');
      await store.putRequest(confirmable('declaration_request', 'r-1', 'REJECTED'));
      expect((await store.getRequest('declaration_request', 'r-1'))?.status).toBe('REJECTED');
      expect((await store.getRequest('merge_request', 'r-1'))?.status).toBe('APPROVED');
      expect(await store.getPersonRequest('r-1')).toBeUndefined();
    }),

  'updateRequest is atomic per kind and id: 1,000 concurrent transitions, exactly one wins': (make) =>
    withStore(make, async (store) => {
      await store.putRequest(confirmable('declaration_request', 'r-1'));
      const wins = await Promise.all(
        range(CONCURRENT_UPDATES).map(() =>
          store.updateRequest('declaration_request', 'r-1', (current) =>
            current?.status === 'NEW'
              ? { next: { ...current, status: 'APPROVED' }, result: true }
              : { next: undefined, result: false },
          ),
        ),
      );
      expect(wins.filter(Boolean)).toHaveLength(1);
      expect((await store.getRequest('declaration_request', 'r-1'))?.status).toBe('APPROVED');
    }),

  'updateRequest: undefined writes nothing, a throwing decide writes nothing, an unknown id reads undefined':
    (make) =>
      withStore(make, async (store) => {
        expect(
          await store.updateRequest('declaration_request', 'nope', (current) => ({
            next: undefined,
            result: current,
          })),
        ).toBeUndefined();
        expect(await store.listRequests('declaration_request')).toEqual([]);
        await store.putRequest(confirmable('declaration_request', 'r-1'));
        await store.updateRequest('declaration_request', 'r-1', () => ({ next: undefined, result: 0 }));
        await expect(
          store.updateRequest('declaration_request', 'r-1', () => {
            throw new Error('decide failed');
          }),
        ).rejects.toThrow('decide failed');
        expect(await store.getRequest('declaration_request', 'r-1')).toEqual(
          confirmable('declaration_request', 'r-1'),
        );
      }),

  'listRequests is per kind in the order of first storing; sweep leaves them, reset forgets every kind': (
    make,
  ) =>
    withStore(make, async (store) => {
      for (const id of ['r-1', 'r-2', 'r-3']) await store.putRequest(confirmable('declaration_request', id));
      await store.putRequest(confirmable('merge_request', 'm-1'));
      await store.putRequest(confirmable('declaration_request', 'r-1', 'REJECTED'));
      await store.updateRequest('declaration_request', 'r-2', (current) => ({
        next: current === undefined ? undefined : { ...current, status: 'APPROVED' },
        result: undefined,
      }));
      expect((await store.listRequests('declaration_request')).map((r) => [r.id, r.status])).toEqual([
        ['r-1', 'REJECTED'],
        ['r-2', 'APPROVED'],
        ['r-3', 'NEW'],
      ]);
      expect((await store.listRequests('merge_request')).map((r) => r.id)).toEqual(['m-1']);
      await store.sweep(BASE + 10 * 365 * 86_400_000);
      expect(await store.listRequests('declaration_request')).toHaveLength(3);
      await store.reset();
      expect(await store.listRequests('declaration_request')).toEqual([]);
      expect(await store.getRequest('merge_request', 'm-1')).toBeUndefined();
      await store.putRequest(confirmable('merge_request', 'm-2'));
      expect((await store.listRequests('merge_request')).map((r) => r.id)).toEqual(['m-2']);
    }),

  'persons read back as written, a put replaces, sweep leaves them, reset forgets them': (make) =>
    withStore(make, async (store) => {
      expect(await store.getPerson('p-1')).toBeUndefined();
      await store.putPerson(personRecord('p-1'));
      await store.putPerson({ ...personRecord('p-1'), firstName: 'Марія' });
      expect(await store.getPerson('p-1')).toEqual({ ...personRecord('p-1'), firstName: 'Марія' });
      await store.sweep(BASE + 10 * 365 * 86_400_000);
      expect(await store.getPerson('p-1')).toBeDefined();
      await store.reset();
      expect(await store.getPerson('p-1')).toBeUndefined();
    }),

  'listSms is newest first, all phones or one phone': (make) =>
    withStore(make, async (store) => {
      expect(await store.listSms()).toEqual([]);
      const sent = [sms(PHONE, 1), sms(OTHER, 2), sms(PHONE, 3), sms(PHONE, 4), sms(OTHER, 5)];
      for (const message of sent) await store.appendSms(message);
      expect(await store.listSms()).toEqual([...sent].reverse());
      expect(await store.listSms(PHONE)).toEqual([sent[3], sent[2], sent[0]]);
      expect(await store.listSms(OTHER)).toEqual([sent[4], sent[1]]);
      expect(await store.listSms('+380509999999')).toEqual([]);
    }),

  'the outbox keeps the newest outboxLimit SMS and drops the oldest': (make) =>
    withStore(
      make,
      async (store) => {
        const sent = range(8).map((n) => sms(n % 2 === 0 ? PHONE : OTHER, n));
        for (const [n, message] of sent.entries()) {
          await store.appendSms(message);
          expect(await store.listSms(), `after ${n + 1}`).toEqual(
            sent.slice(Math.max(0, n - 2), n + 1).reverse(),
          );
        }
        expect(await store.listSms(PHONE)).toEqual([sent[6]]);
        expect(await store.listSms(OTHER)).toEqual([sent[7], sent[5]]);
      },
      3,
    ),

  'reset forgets everything and the store stays usable': (make) =>
    withStore(make, async (store) => {
      await store.updatePhone(PHONE, () => ({ next: record(), result: 0 }));
      await store.addVerifiedPhone(PHONE);
      await store.putPersonRequest(personRequest('pr-1', []));
      await store.putToken({ token: 't-1', clientId: 'c-1', scopes: [] });
      await store.putClientSecret('c-1', 'secret');
      await store.appendSms(sms(PHONE, 1));
      await store.reset();
      expect(await store.getPhone(PHONE)).toBeUndefined();
      expect(await store.isVerifiedPhone(PHONE)).toBe(false);
      expect(await store.getPersonRequest('pr-1')).toBeUndefined();
      expect(await store.getToken('t-1')).toBeUndefined();
      expect(await store.getClientSecret('c-1')).toBeUndefined();
      expect(await store.listSms()).toEqual([]);
      // A swept-and-reset store has nothing left to sweep, and takes writes again.
      expect(await store.sweep(BASE + 10 * 3_600_000)).toBe(0);
      expect(
        await store.updatePhone(PHONE, (current) => ({ next: record(), result: current })),
      ).toBeUndefined();
      expect(await store.getPhone(PHONE)).toEqual(record());
      await store.appendSms(sms(OTHER, 2));
      expect(await store.listSms()).toEqual([sms(OTHER, 2)]);
    }),

  'close is idempotent and every later call rejects': async (make) => {
    const store = await make({ outboxLimit: 10 });
    await store.updatePhone(PHONE, () => ({ next: record(), result: 0 }));
    await store.close();
    await store.close();
    const calls: [string, () => Promise<unknown>][] = [
      ['updatePhone', () => store.updatePhone(PHONE, () => ({ next: undefined, result: 0 }))],
      ['getPhone', () => store.getPhone(PHONE)],
      ['addVerifiedPhone', () => store.addVerifiedPhone(PHONE)],
      ['isVerifiedPhone', () => store.isVerifiedPhone(PHONE)],
      ['getPersonRequest', () => store.getPersonRequest('pr-1')],
      ['putPersonRequest', () => store.putPersonRequest(personRequest('pr-1', []))],
      [
        'updatePersonRequest',
        () => store.updatePersonRequest('pr-1', () => ({ next: undefined, result: 0 })),
      ],
      ['listPersonRequests', () => store.listPersonRequests()],
      ['getRequest', () => store.getRequest('declaration_request', 'r-1')],
      ['putRequest', () => store.putRequest(confirmable('declaration_request', 'r-1'))],
      [
        'updateRequest',
        () => store.updateRequest('declaration_request', 'r-1', () => ({ next: undefined, result: 0 })),
      ],
      ['listRequests', () => store.listRequests('declaration_request')],
      ['getPerson', () => store.getPerson('p-1')],
      ['putPerson', () => store.putPerson(personRecord('p-1'))],
      ['getToken', () => store.getToken('t-1')],
      ['putToken', () => store.putToken({ token: 't-1', clientId: 'c-1', scopes: [] })],
      ['getClientSecret', () => store.getClientSecret('c-1')],
      ['putClientSecret', () => store.putClientSecret('c-1', 'secret')],
      ['appendSms', () => store.appendSms(sms(PHONE, 1))],
      ['listSms', () => store.listSms()],
      ['sweep', () => store.sweep(BASE)],
      ['reset', () => store.reset()],
    ];
    for (const [name, call] of calls) await expect(call(), name).rejects.toBeInstanceOf(Error);
  },
} satisfies Record<string, StoreCheck>;

export type StoreCheckName = keyof typeof storeChecks;

/** Registers the whole contract, one test per check, for the store that `make` builds. */
export function describeStoreContract(name: string, make: StoreFactory): void {
  describe(`store contract: ${name}`, () => {
    for (const [title, check] of Object.entries(storeChecks)) it(title, () => check(make));
  });
}
