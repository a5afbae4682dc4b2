import { describe, expect, it } from 'vitest';
import {
  StoreClosedError,
  StoreFullError,
  StoreUnavailableError,
} from '../../../src/reference-impl/domain/store.js';
import { MemoryStore } from '../../../src/reference-impl/store/memory-store.js';

/*
 * The store port's errors (domain/store.ts): what a caller that catches them (StoreClosedError is
 * exported by the package, src/reference-impl/index.ts) and the fault log line (the engine's
 * onFault for anything not mapped to a 503) read of them: the name and the message.
 */

const record = {
  verificationId: '6617aeec-15e2-4d6f-b9bd-53559c358f97',
  code: 1232,
  status: 'NEW',
  active: true,
  createdAt: 1,
  expiresAt: 2,
  attempts: 0,
  smsSentAt: [1],
  keepUntil: 10,
} as const;

describe('the store’s errors', () => {
  it('a call after close() rejects with StoreClosedError', async () => {
    const store = new MemoryStore(10);
    await store.close();
    const error = await store.getPhone('+380501234567').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreClosedError);
    expect(String(error)).toBe('StoreClosedError: the store is closed');
  });

  it('a new phone past the bound rejects with StoreFullError naming the bound', async () => {
    const store = new MemoryStore(10, 1);
    await store.updatePhone('+380501234567', () => ({ next: record, result: undefined }));
    const error = await store
      .updatePhone('+380507654321', () => ({ next: record, result: undefined }))
      .catch((e: unknown) => e);
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
