import { describe, expect, it } from 'vitest';
import { MemoryStore } from '../../../src/reference-impl/store/memory-store.js';
import {
  describeStoreContract,
  type StoreCheckName,
  type StoreFactory,
  storeChecks,
} from '../../support/store-contract.js';
import { nonAtomicStore, optimisticStore } from './wrapped-stores.js';

const memory: StoreFactory = ({ outboxLimit }) => new MemoryStore(outboxLimit);

describeStoreContract('MemoryStore', memory);

// A store that runs decide more than once (optimistic concurrency) is within the contract.
describeStoreContract('MemoryStore behind optimistic retries', (options) =>
  optimisticStore(new MemoryStore(options.outboxLimit)),
);

describe('the store contract can fail', () => {
  // What a non-atomic updatePhone breaks: the concurrency checks. Everything else it delegates.
  const concurrencyChecks: readonly StoreCheckName[] = [
    'updatePhone is atomic per phone: 1,000 concurrent increments on one phone are exact',
    'updatePhone keeps phones apart: concurrent increments on 10 phones are exact on each',
    'updatePhone resolves to the result of the decide run it committed, however often decide ran',
  ];
  const broken: StoreFactory = ({ outboxLimit }) => nonAtomicStore(new MemoryStore(outboxLimit));

  for (const name of concurrencyChecks) {
    it(`a non-atomic updatePhone fails: ${name}`, async () => {
      await expect(storeChecks[name](broken)).rejects.toThrow();
    });
  }

  it('a non-atomic updatePhone passes every other check (the failure is the atomicity, not the wrapper)', async () => {
    const others = (Object.keys(storeChecks) as StoreCheckName[]).filter(
      (n) => !concurrencyChecks.includes(n),
    );
    expect(others.length).toBeGreaterThan(5);
    for (const name of others) await storeChecks[name](broken);
  });

  it('the optimistic store really retries decide under the contract', async () => {
    let made: ReturnType<typeof optimisticStore> | undefined;
    await storeChecks[
      'updatePhone resolves to the result of the decide run it committed, however often decide ran'
    ](({ outboxLimit }) => {
      made = optimisticStore(new MemoryStore(outboxLimit));
      return made;
    });
    expect(made?.conflicts).toBeGreaterThan(0);
  });
});

describe('MemoryStore beyond the port', () => {
  it('counts what it holds (StoreStats), also after close', async () => {
    const store = new MemoryStore(2);
    await store.addVerifiedPhone('+380501234567');
    for (let n = 0; n < 3; n++)
      await store.appendSms({ phoneNumber: '+380501234567', code: '1', text: 't', sentAt: n });
    await store.close();
    expect(await store.size()).toEqual({ phones: 0, verifiedPhones: 1, personRequests: 0, sms: 2 });
  });
});
