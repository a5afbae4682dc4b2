export {
  createRequestListener,
  type RunningServer,
  type ServerOptions,
  startServer,
} from './adapters/node.js';
export { AdjustableClock, type Clock } from './clock.js';
export { ControlState } from './control/control-state.js';
export { DEMO_API_KEY, demoPersonRequests, demoTokens, seedDemo } from './demo.js';
export { checkDigit, generateCode } from './domain/otp-code.js';
export { type PhoneUpdate, type Store, StoreClosedError, type StoreStats } from './domain/store.js';
export { createEngine, type Engine, type EngineOptions } from './engine.js';
export type { EngineRequest, EngineResponse } from './http/exchange.js';
export { cryptoRandom, type RandomSource } from './random.js';
export { defaultSettings, type Profile, resolveSettings, type Settings } from './settings.js';
export { MemoryStore } from './store/memory-store.js';
