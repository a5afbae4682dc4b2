import {
  type PersonRequestKind,
  type PhoneKind,
  type RequestKind,
  type SuiteConfig,
  type TokenKey,
  tokenKeyOf,
  withoutTokenKeyOf,
} from '../config.js';
import { SCOPES } from '../operations.js';
import { SkipSignal } from '../runner/signals.js';
import type {
  Credentials,
  Need,
  ProvisionedPersonRequest,
  ProvisionedRequest,
  Scope,
  Sms,
} from '../scenario.js';
import type { ControlApi, SeedPersonRequest, SeedRequest } from './control-api.js';

/**
 * Where a scenario's tokens, person requests and phones come from: the target's control API, or
 * the vendor's config file. Scenarios ask for what they need and never know which.
 */
export interface Provisioner {
  readonly mode: 'control' | 'config';
  /** Why this need cannot be met on this target, or undefined when it can. */
  unmet(need: Need): string | undefined;
  /** A token that has the scope, or one that lacks it (for the 403 scenarios). */
  credentials(request: { readonly with: Scope } | { readonly without: Scope }): Promise<Credentials>;
  /** A new client of its own (token and api-key), unlike every other client of the run. */
  anotherClient(): Promise<Credentials>;
  personRequest(kind: PersonRequestKind, freshPhone: () => string): Promise<ProvisionedPersonRequest>;
  request(family: string, kind: RequestKind, freshPhone: () => string): Promise<ProvisionedRequest>;
  configPhone(kind: PhoneKind): string | undefined;
  sms(phone: string): Promise<Sms[]>;
  advanceClock(seconds: number): Promise<string>;
}

/** Every scope the spec's operations name (their `x-scope`). */
export const ALL_SCOPES: readonly Scope[] = SCOPES;

/** Fresh person requests per scenario, so that scenarios are independent and may run concurrently. */
function seedFor(
  kind: PersonRequestKind,
  freshPhone: () => string,
): { seed: SeedPersonRequest; result: Omit<ProvisionedPersonRequest, 'id'> } {
  const documents = [{ type: 'PASSPORT' }];
  switch (kind) {
    case 'otp': {
      const phone = freshPhone();
      return {
        seed: { status: 'NEW', authentication_methods: [{ type: 'OTP', phone_number: phone }], documents },
        result: { smsPhone: phone },
      };
    }
    case 'approved': {
      const phone = freshPhone();
      return {
        seed: {
          status: 'APPROVED',
          authentication_methods: [{ type: 'OTP', phone_number: phone }],
          documents,
        },
        result: { smsPhone: phone },
      };
    }
    case 'offline':
      return {
        seed: { status: 'NEW', authentication_methods: [{ type: 'OFFLINE' }], documents },
        result: {},
      };
    case 'approved_offline':
      return {
        seed: { status: 'APPROVED', authentication_methods: [{ type: 'OFFLINE' }], documents },
        result: {},
      };
    case 'third_person_offline':
      return {
        seed: {
          status: 'NEW',
          authentication_methods: [
            {
              type: 'THIRD_PERSON',
              alias: 'mother',
              third_person: { authentication_methods: [{ type: 'OFFLINE' }], documents },
            },
          ],
          documents,
        },
        result: {},
      };
    case 'third_person_otp': {
      const phone = freshPhone();
      return {
        seed: {
          status: 'NEW',
          authentication_methods: [
            {
              type: 'THIRD_PERSON',
              alias: 'mother',
              third_person: { authentication_methods: [{ type: 'OTP', phone_number: phone }], documents },
            },
          ],
          documents,
        },
        result: { smsPhone: phone },
      };
    }
    case 'with_offline_method': {
      const phone = freshPhone();
      return {
        seed: {
          status: 'NEW',
          authentication_methods: [
            { type: 'OTP', phone_number: phone, alias: 'self', is_primary: true },
            { type: 'OFFLINE', alias: 'paper' },
          ],
          documents,
        },
        result: { smsPhone: phone, alias: 'paper' },
      };
    }
    case 'two_otp_methods': {
      // The primary one is not the first: the target must honour is_primary, not the order.
      const [other, primary] = [freshPhone(), freshPhone()];
      return {
        seed: {
          status: 'NEW',
          authentication_methods: [
            { type: 'OTP', phone_number: other, alias: 'first' },
            { type: 'OTP', phone_number: primary, alias: 'second', is_primary: true },
          ],
          documents,
        },
        result: { smsPhone: primary, alias: 'first', otherPhone: other },
      };
    }
  }
}

/** A fresh request of a confirmable family per scenario, seeded through the generic control operation. */
function requestSeedFor(kind: RequestKind, freshPhone: () => string): { seed: SeedRequest; phone?: string } {
  switch (kind) {
    case 'otp':
    case 'approved': {
      const phone = freshPhone();
      const status = kind === 'otp' ? 'NEW' : 'APPROVED';
      return { seed: { status, authentication_method_current: { type: 'OTP', phone_number: phone } }, phone };
    }
    case 'offline':
      return { seed: { status: 'NEW', authentication_method_current: { type: 'OFFLINE' } } };
    case 'na':
      return { seed: { status: 'NEW', authentication_method_current: { type: 'NA' } } };
    case 'approved_offline':
      return { seed: { status: 'APPROVED', authentication_method_current: { type: 'OFFLINE' } } };
  }
}

export function controlProvisioner(control: ControlApi): Provisioner {
  return {
    mode: 'control',
    unmet: () => undefined,
    // Exactly the scope asked for, or every scope but the one: a 403 then proves that scope is checked.
    credentials: (request) =>
      control.createToken(
        'with' in request ? [request.with] : ALL_SCOPES.filter((s) => s !== request.without),
      ),
    // Every token the control API makes belongs to a client of its own (CONTRACT.md "The control API").
    anotherClient: () => control.createToken([]),
    async personRequest(kind, freshPhone) {
      const { seed, result } = seedFor(kind, freshPhone);
      return { id: await control.createPersonRequest(seed), ...result };
    },
    async request(family, kind, freshPhone) {
      const { seed, phone } = requestSeedFor(kind, freshPhone);
      const seeded = await control.seedRequest(family, seed);
      return { family, id: seeded.id, data: seeded.data, ...(phone === undefined ? {} : { phone }) };
    },
    configPhone: () => undefined,
    sms: (phone) => control.listSms(phone),
    advanceClock: (seconds) => control.advanceClock(seconds),
  };
}

const WITHOUT_CONTROL = 'needs the control API (run with --control-token)';

export function configProvisioner(config: SuiteConfig, label: string): Provisioner {
  return {
    mode: 'config',
    unmet(need) {
      if (need === 'control') return WITHOUT_CONTROL;
      if (need === 'sms') return `${WITHOUT_CONTROL} to read the SMS outbox`;
      if (need === 'clock') return `${WITHOUT_CONTROL} to move the target's clock`;
      const [section, key, kind] = need.slice('fixture:'.length).split('.') as [string, string, string?];
      if (section === 'requests') {
        const fixture = config.requests?.[key]?.[kind as RequestKind];
        return fixture === undefined
          ? `needs requests.${key}.${kind} in ${label} (or the control API)`
          : undefined;
      }
      const present =
        section === 'person_request'
          ? config.personRequests[key as PersonRequestKind]
          : section === 'tokens'
            ? config.tokens[key as TokenKey]
            : config.phones[key as PhoneKind];
      const configKey = `${section === 'person_request' ? 'person_requests' : section}.${key}`;
      return present === undefined ? `needs ${configKey} in ${label} (or the control API)` : undefined;
    },
    async credentials(request) {
      const key: TokenKey =
        'without' in request ? withoutTokenKeyOf(request.without) : tokenKeyOf(request.with);
      const token = config.tokens[key];
      if (token === undefined || config.apiKey === undefined) {
        throw new SkipSignal(`needs tokens.${key} and api_key in ${label}`);
      }
      return { token, apiKey: config.apiKey };
    },
    // The config file names one client; a second one would have to be issued by the target.
    anotherClient: async () => {
      throw new SkipSignal(`${WITHOUT_CONTROL} to issue a second client`);
    },
    async personRequest(kind) {
      const fixture = config.personRequests[kind];
      if (fixture === undefined)
        throw new SkipSignal(`needs person_requests.${kind} in ${label} (or the control API)`);
      return fixture;
    },
    async request(family, kind) {
      const fixture = config.requests?.[family]?.[kind];
      if (fixture === undefined)
        throw new SkipSignal(`needs requests.${family}.${kind} in ${label} (or the control API)`);
      return { family, id: fixture.id, data: fixture.data };
    },
    configPhone: (kind) => config.phones[kind],
    sms: async () => {
      throw new SkipSignal(`${WITHOUT_CONTROL} to read the SMS outbox`);
    },
    advanceClock: async () => {
      throw new SkipSignal(`${WITHOUT_CONTROL} to move the target's clock`);
    },
  };
}
