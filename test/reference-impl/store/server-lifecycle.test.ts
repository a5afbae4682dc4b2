import { afterEach, describe, expect, it, vi } from 'vitest';
import { startServer } from '../../../src/reference-impl/adapters/node.js';
import { StoreClosedError } from '../../../src/reference-impl/domain/store.js';
import { createEngine } from '../../../src/reference-impl/engine.js';
import type { EngineRequest } from '../../../src/reference-impl/http/exchange.js';
import { MemoryStore } from '../../../src/reference-impl/store/memory-store.js';

// The store's place in the node adapter's life: the background sweep and close().

afterEach(() => {
  vi.useRealTimers();
});

describe('the node adapter and the store', () => {
  it('reports a failing background sweep to onFault instead of an unhandled rejection', async () => {
    // Only the interval is faked: the server itself runs on real timers and a real socket.
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const failure = new Error('store unreachable');
    const store = new MemoryStore(10);
    store.sweep = () => Promise.reject(failure);
    const faults: { error: unknown; req: EngineRequest }[] = [];
    const engine = createEngine({ store, onFault: (error, req) => faults.push({ error, req }) });
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    const server = await startServer({ engine, port: 0 });
    try {
      await vi.advanceTimersByTimeAsync(30_000);
      await vi.waitFor(() => expect(faults).toHaveLength(1));
      expect(faults[0]?.error).toBe(failure);
      expect(faults[0]?.req.method).toBe('BACKGROUND');
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
      await server.close();
    }
  });

  it('closes the store of an engine it created, and leaves a given engine to its owner', async () => {
    const own = await startServer({ port: 0 });
    await own.close();
    await expect(own.engine.store.getPhone('+380501234567')).rejects.toBeInstanceOf(StoreClosedError);

    const engine = createEngine();
    const given = await startServer({ engine, port: 0 });
    await given.close();
    expect(await engine.store.getPhone('+380501234567')).toBeUndefined();
    await engine.close();
    await expect(engine.store.getPhone('+380501234567')).rejects.toBeInstanceOf(StoreClosedError);
  });
});
