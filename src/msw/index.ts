/**
 * `ehealth-otp-kit/msw`: the reference implementation as msw handlers, for integrators' tests in
 * Node (`setupServer`) and in the browser (`setupWorker`, see docs/running-modes.md).
 */

export type { Scope, SeedAuthMethod, SeedPersonRequest } from '../reference-impl/control/control-state.js';
export type { Profile, Settings } from '../reference-impl/settings.js';
export { createHandlers, type EhealthOtpHandlers, type HandlerOptions } from './handlers.js';
export type { MockState } from './state.js';
