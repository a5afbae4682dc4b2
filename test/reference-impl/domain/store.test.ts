import { describe, expect, it } from 'vitest';
import { AdjustableClock } from '../../../src/reference-impl/clock.js';
import { SmsOutbox } from '../../../src/reference-impl/domain/sms-outbox.js';
import {
  StoreClosedError,
  StoreFullError,
  StoreUnavailableError,
} from '../../../src/reference-impl/domain/store.js';
import { Verifications } from '../../../src/reference-impl/domain/verifications.js';
import { resolveSettings } from '../../../src/reference-impl/settings.js';
import { MemoryStore } from '../../../src/reference-impl/store/memory-store.js';
import { T0 } from '../support/domain.js';
import { sequenceRandom } from '../support/random.js';

/*
 * The store port's errors (domain/store.ts): what a caller that catches them (StoreClosedError is
 * exported by the package, src/reference-impl/index.ts) and the fault log line (the engine's
 * onFault for anything not mapped to a 503) read of them: the name and the message.
 */

describe('the store’s errors', () => {
  it('a call after close() rejects with StoreClosedError', async () => {
    const store = new MemoryStore(10);
    await store.close();
    const error = await store.getPhone('+380501234567').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreClosedError);
    expect(String(error)).toBe('StoreClosedError: the store is closed');
  });

  it('a new phone past the bound (Settings.maxPhones) rejects with StoreFullError naming the bound', async () => {
    const store = new MemoryStore(10, 1);
    const clock = new AdjustableClock(() => T0);
    const settings = resolveSettings({});
    const outbox = new SmsOutbox(store, clock);
    const verifications = new Verifications({ store, clock, random: sequenceRandom(), settings, outbox });
    expect((await verifications.initialize('+380501234567')).ok).toBe(true);
    const error = await verifications.initialize('+380507654321').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreFullError);
    expect(String(error)).toBe('StoreFullError: the store holds its maximum of 1 phone records');
    expect((error as StoreFullError).limit).toBe(1);
  });

  it('an unreachable backend is StoreUnavailableError, carrying its cause', () => {
    const cause = new Error('connect ECONNREFUSED 127.0.0.1:6379');
    const error = new StoreUnavailableError({ cause });
    expect(String(error)).toBe('StoreUnavailableError: the store is unavailable');
    expect(error.cause).toBe(cause);
  });
});
