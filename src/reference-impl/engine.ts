import { listOperations, type OperationInfo } from '../contract/operations.js';
import { AdjustableClock } from './clock.js';
import { controlHandlers } from './control/control-handlers.js';
import { ControlState } from './control/control-state.js';
import { AuthenticationMethodRequests } from './domain/authentication-method-requests.js';
import { ConfirmableRequests } from './domain/confirmable.js';
import { createFamilies } from './domain/families.js';
import { PersonRequests } from './domain/person-requests.js';
import { type SmsFanOut, SmsOutbox } from './domain/sms-outbox.js';
import type { Store } from './domain/store.js';
import { Verifications } from './domain/verifications.js';
import type { EngineRequest, EngineResponse } from './http/exchange.js';
import { handlers } from './http/handlers/index.js';
import { type LifecycleDeps, runLifecycle } from './http/lifecycle.js';
import { Router } from './http/router.js';
import { cryptoRandom, type RandomSource } from './random.js';
import { type Profile, resolveSettings, type Settings, type SettingsInput } from './settings.js';
import { MemoryStore } from './store/memory-store.js';

export interface EngineOptions {
  /** Each setting; `profile` (or the deprecated `behaviour`) among them. */
  readonly settings?: SettingsInput;
  /** `docs` (default) or `service` (issue 16): shorthand for `settings.profile`, which wins over it. */
  readonly profile?: Profile;
  /** Enables `/__control` behind this bearer token; without it every control path is 404. */
  readonly controlToken?: string | undefined;
  readonly clock?: AdjustableClock;
  readonly random?: RandomSource;
  readonly store?: Store;
  /** Shares every SMS with the other replicas on one store (issue 17); default: this process only. */
  readonly smsFanOut?: SmsFanOut;
  /**
   * The eHealth operations the engine routes; default every operation of openapi/ehealth-otp.yaml
   * as src/contract reads it. Each must be an operation of that spec with its handler; a variant
   * (a subset, another success status) lets a test drive the lifecycle over an operation that the
   * shipped spec does not have yet.
   */
  readonly operations?: readonly OperationInfo[];
  /** Receives unexpected faults (default: one line on stderr). */
  readonly onFault?: (error: unknown, req: EngineRequest) => void;
}

export interface Engine {
  /** One request in, one response out; never throws. */
  handle(req: EngineRequest): Promise<EngineResponse>;
  readonly settings: Settings;
  readonly clock: AdjustableClock;
  readonly store: Store;
  readonly outbox: SmsOutbox;
  /** The control plane as functions (seed, read SMS, move the clock, reset). */
  readonly control: ControlState;
  /** Hands a fault that no request answers for (the adapter's background sweep) to `onFault`. */
  readonly reportFault: (error: unknown) => void;
  /** Closes the store (`Store.close`): once, after the adapter has stopped serving. */
  close(): Promise<void>;
}

/** What `onFault` is given for a fault outside any request: no client, no path. */
const BACKGROUND: EngineRequest = {
  method: 'BACKGROUND',
  target: '(sweep)',
  origin: '',
  headers: {},
  body: undefined,
};

// console.error rather than process.stderr: the same one line on stderr under Node, and it exists
// in every runtime the core runs in (msw's browser worker has no `process`).
const defaultFault = (error: unknown, req: EngineRequest): void => {
  const what = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  console.error(`ehealth-otp-kit: internal error on ${req.method} ${req.target.split('?')[0]}: ${what}`);
};

/**
 * The HTTP-agnostic engine behind `serve` and the msw handlers. No global state: every engine
 * has its own store, clock and settings, so many can live in one process.
 */
export function createEngine(options: EngineOptions = {}): Engine {
  const settings = resolveSettings({
    ...(options.profile !== undefined && { profile: options.profile }),
    ...options.settings,
  });
  const clock = options.clock ?? new AdjustableClock();
  const random = options.random ?? cryptoRandom;
  const store = options.store ?? new MemoryStore(settings.outboxLimit, settings.maxPhones);
  const outbox = new SmsOutbox(store, clock, options.smsFanOut);
  const verifications = new Verifications({ store, clock, random, settings, outbox });
  const confirmable = new ConfirmableRequests({ verifications, clock, settings });
  const personRequests = new PersonRequests({ store, random, settings, verifications, clock, confirmable });
  const families = createFamilies(store);
  const control = new ControlState({ store, clock, random, outbox, settings, families });
  const deps: LifecycleDeps = {
    store,
    router: new Router(options.operations ?? listOperations('ehealth')),
    settings,
    handlers,
    services: {
      verifications,
      personRequests,
      confirmable,
      families,
      authMethodRequests: new AuthenticationMethodRequests({
        store,
        random,
        clock,
        verifications,
        confirmable,
      }),
    },
    control: {
      state: control,
      token: options.controlToken,
      router: new Router(listOperations('control')),
      maxBodyBytes: Math.min(settings.maxBodyBytes, settings.controlMaxBodyBytes),
      handlers: controlHandlers,
    },
    onFault: options.onFault ?? defaultFault,
    // A shared clock offset is read before each request; the default clock has nothing to read.
    ...(clock.refresh === undefined ? {} : { beforeRequest: clock.refresh }),
  };
  return {
    handle: (req) => runLifecycle(deps, req),
    settings,
    clock,
    store,
    outbox,
    control,
    reportFault: (error) => deps.onFault(error, BACKGROUND),
    close: () => store.close(),
  };
}
