import type { components } from '../../generated/control.js';
import type { AdjustableClock } from '../clock.js';
import type { AuthMethod, PersonRequest, Sms } from '../domain/models.js';
import type { SmsOutbox } from '../domain/sms-outbox.js';
import type { Store } from '../domain/store.js';
import { isoMicros } from '../http/envelope.js';
import type { RandomSource } from '../random.js';
import { TokenGuesses } from './token-guesses.js';

type Schemas = components['schemas'];
export type Scope = Schemas['Scope'];
export type SeedPersonRequest = Omit<Schemas['SeedPersonRequest'], 'status'> & {
  status?: Schemas['PersonRequestStatus'];
};
export type SeedAuthMethod = Schemas['SeedAuthMethod'];

function toAuthMethod(seed: SeedAuthMethod): AuthMethod {
  const common = {
    ...(seed.alias === undefined ? {} : { alias: seed.alias }),
    ...(seed.is_primary === undefined ? {} : { isPrimary: seed.is_primary }),
  };
  switch (seed.type) {
    case 'OTP':
      return { type: 'OTP', phoneNumber: seed.phone_number, ...common };
    case 'OFFLINE':
      return { type: 'OFFLINE', ...common };
    case 'THIRD_PERSON':
      return {
        type: 'THIRD_PERSON',
        ...common,
        thirdPerson: {
          authenticationMethods: seed.third_person.authentication_methods.map(toAuthMethod),
          documents: (seed.third_person.documents ?? []).map((d) => d.type),
        },
      };
  }
}

export function toWireSms(sms: Sms): Schemas['Sms'] {
  return { phone_number: sms.phoneNumber, text: sms.text, code: sms.code, sent_at: isoMicros(sms.sentAt) };
}

/**
 * The kit's test-control plane as plain functions (CONTRACT.md "The control API"). The HTTP
 * control API, the msw handle and the demo seeding all call these, so they cannot drift apart.
 */
export class ControlState {
  /** Wrong control tokens seen by the HTTP control API (control-api.ts); not part of `reset`. */
  readonly tokenGuesses = new TokenGuesses();

  constructor(
    private readonly deps: {
      readonly store: Store;
      readonly clock: AdjustableClock;
      readonly random: RandomSource;
      readonly outbox: SmsOutbox;
    },
  ) {}

  /** A client secret and a bearer token of that client with exactly these scopes. */
  async createToken(scopes: readonly Scope[]): Promise<Schemas['CreatedToken']> {
    const { store, random } = this.deps;
    const clientId = random.uuid();
    const apiKey = random.secret();
    const token = random.secret();
    await store.putClientSecret(clientId, apiKey);
    await store.putToken({ token, clientId, scopes: [...new Set(scopes)] });
    return { token, api_key: apiKey };
  }

  /** `id` is for fixed demo data; the control API always lets the kit choose. */
  async createPersonRequest(seed: SeedPersonRequest, id?: string): Promise<Schemas['CreatedPersonRequest']> {
    const request: PersonRequest = {
      id: id ?? this.deps.random.uuid(),
      status: seed.status ?? 'NEW',
      authenticationMethods: seed.authentication_methods.map(toAuthMethod),
      documents: (seed.documents ?? []).map((d) => d.type),
      uploads: [],
    };
    await this.deps.store.putPersonRequest(request);
    return { id: request.id };
  }

  /** Newest first; every phone when `phoneNumber` is undefined. */
  async listSms(phoneNumber?: string): Promise<Schemas['Sms'][]> {
    return (await this.deps.outbox.list(phoneNumber)).map(toWireSms);
  }

  /** Moves the engine's clock forward (never past clock.ts LATEST_MS); expired records are swept at once. */
  async advanceClock(seconds: number): Promise<Schemas['ClockState']> {
    const now = this.deps.clock.advance(seconds);
    await this.deps.store.sweep(now);
    return { now: isoMicros(now) };
  }

  /** Forgets every record and sets the clock back to the system time: a fresh start needs both. */
  async reset(): Promise<void> {
    await this.deps.store.reset();
    this.deps.clock.reset();
  }
}
