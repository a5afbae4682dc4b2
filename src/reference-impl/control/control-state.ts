import type { components } from '../../generated/control.js';
import type { AdjustableClock } from '../clock.js';
import type { Families } from '../domain/families.js';
import type {
  AuthMethod,
  ConfirmableRecord,
  CreatedBody,
  PersonRequest,
  PhoneRecord,
  Sms,
} from '../domain/models.js';
import { otpPhoneOf, primaryMethod } from '../domain/person-request-view.js';
import { freeAt, sendsAfter } from '../domain/sms-history.js';
import type { SmsOutbox } from '../domain/sms-outbox.js';
import type { Store } from '../domain/store.js';
import { isoMicros } from '../http/envelope.js';
import type { RandomSource } from '../random.js';
import { defaultSettings, type Settings } from '../settings.js';
import {
  ControlInvalidError,
  familyStatuses,
  type SeedRequest,
  seedDataOf,
  seedStatus,
  toCurrentMethod,
  toSeedMethod,
} from './request-seeds.js';
import { SeedBudget } from './seed-budget.js';
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

/**
 * The create body a seed stands for: a fixed placeholder person with the seed's methods and
 * documents, as if v1 had created it, so that get, approve, sign and reject work on seeds too.
 */
function seedBody(seed: SeedPersonRequest): CreatedBody {
  const methods = seed.authentication_methods.map((m) => ({
    type: m.type,
    ...(m.type === 'OTP' ? { phone_number: m.phone_number } : {}),
    ...(m.type === 'THIRD_PERSON' ? { value: 'seeded-third-person' } : {}),
    ...(m.alias === undefined ? {} : { alias: m.alias }),
  }));
  const documents = (seed.documents ?? [{ type: 'PASSPORT' }]).map((d) => ({
    type: d.type,
    number: '000000',
    issued_by: 'seeded',
    issued_at: '2020-01-01',
  }));
  return {
    version: 1,
    body: {
      person: {
        first_name: 'Seeded',
        last_name: 'Person',
        birth_date: '1990-01-01',
        birth_country: 'Україна',
        birth_settlement: 'Київ',
        gender: 'FEMALE',
        no_tax_id: true,
        secret: 'seeded',
        documents,
        addresses: [
          {
            type: 'RESIDENCE',
            country: 'UA',
            area: 'Київ',
            settlement: 'Київ',
            settlement_type: 'CITY',
            settlement_id: 'seeded',
          },
        ],
        emergency_contact: {
          first_name: 'Seeded',
          last_name: 'Contact',
          phones: [{ type: 'MOBILE', number: '+380000000000' }],
        },
        ...(methods.length === 0 ? {} : { authentication_methods: methods }),
      },
      patient_signed: false,
      process_disclosure_data_consent: true,
    },
  };
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
  /** What the HTTP control API seeded since the last reset (control-api.ts takes from it). */
  readonly seeds: SeedBudget;

  constructor(
    private readonly deps: {
      readonly store: Store;
      readonly clock: AdjustableClock;
      readonly random: RandomSource;
      readonly outbox: SmsOutbox;
      /** For the phone view (SMS cap, attempts policy); optional so older callers still build. */
      readonly settings?: Pick<Settings, 'smsCapLimit' | 'smsCapWindowSeconds' | 'wrongCodePolicy'> &
        Partial<Pick<Settings, 'controlSeedLimit' | 'controlSeedBytes'>>;
      /** The engine's family rules, for a family's seeded fields (FamilyRules.seedData). */
      readonly families: Families;
    },
  ) {
    this.seeds = new SeedBudget({
      controlSeedLimit: deps.settings?.controlSeedLimit ?? defaultSettings.controlSeedLimit,
      controlSeedBytes: deps.settings?.controlSeedBytes ?? defaultSettings.controlSeedBytes,
    });
  }

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
      created: seedBody(seed),
      insertedAt: this.deps.clock.now(),
      updatedAt: this.deps.clock.now(),
    };
    await this.deps.store.putPersonRequest(request);
    return { id: request.id };
  }

  /**
   * What a test needs to drive a request without a phone (openapi/control.yaml
   * readPersonRequest): status, version, the current method unmasked, the phone's active code.
   */
  async readPersonRequest(id: string): Promise<Schemas['PersonRequestState'] | undefined> {
    const request = await this.deps.store.getPersonRequest(id);
    if (request === undefined) return undefined;
    const method = primaryMethod(request.authenticationMethods);
    const phone = method === undefined ? undefined : otpPhoneOf(method);
    const record = phone === undefined ? undefined : await this.deps.store.getPhone(phone);
    const uploaded = new Set(request.uploaded ?? []);
    return {
      id: request.id,
      status: request.status,
      version: request.created?.version ?? 1,
      authentication_method_current: {
        type: method?.type ?? 'OFFLINE',
        ...(phone === undefined ? {} : { phone_number: phone }),
      },
      ...(record?.active === true ? { code: String(record.code) } : {}),
      documents: request.uploads.map((u) => ({ type: u.type, url: u.url, uploaded: uploaded.has(u.type) })),
    };
  }

  /**
   * One control operation for every confirmable family (openapi/control.yaml seedRequest): a
   * generic record, or for `person_request` a person request with that one method. Undefined
   * for a family the spec does not have (404).
   */
  async seedRequest(family: string, seed: SeedRequest, id?: string): Promise<{ id: string } | undefined> {
    if (familyStatuses(family) === undefined) return undefined;
    if (family === 'person_request') {
      const status = seedStatus(family, seed) as Schemas['PersonRequestStatus'];
      const m = seed.authentication_method_current;
      if (m.type === 'NA')
        throw new ControlInvalidError('a person request has no NA method (DIV-PR-NA-METHOD)');
      if (m.type === 'OTP' && m.phone_number === undefined)
        throw new ControlInvalidError('$.authentication_method_current.phone_number is required for OTP');
      const method: SeedAuthMethod =
        m.type === 'OTP'
          ? { type: 'OTP', phone_number: m.phone_number ?? '' }
          : m.type === 'OFFLINE'
            ? { type: 'OFFLINE' }
            : {
                type: 'THIRD_PERSON',
                alias: 'third_person',
                third_person: {
                  authentication_methods: [
                    m.phone_number === undefined
                      ? { type: 'OFFLINE' }
                      : { type: 'OTP', phone_number: m.phone_number },
                  ],
                },
              };
      return this.createPersonRequest({ status, authentication_methods: [method] }, id);
    }
    // The seed's own checks first, so a family's seedData (which may write, e.g. the person of an
    // authentication method request) runs only for a seed that is stored.
    const status = seedStatus(family, seed);
    const method = toCurrentMethod(seed.authentication_method_current);
    const { families, random, store, clock } = this.deps;
    const recordId = id ?? random.uuid();
    const rules = families.names.includes(family) ? families.get(family) : undefined;
    const given = seedDataOf(seed);
    const prepared =
      rules?.seedData === undefined
        ? { data: given }
        : await rules.seedData(given, () => random.uuid(), method);
    if ('refused' in prepared) throw new ControlInvalidError(prepared.refused);
    const now = clock.now();
    const record: ConfirmableRecord = {
      kind: family,
      id: recordId,
      status,
      method,
      data: prepared.data,
      insertedAt: now,
      updatedAt: now,
    };
    await store.putRequest(record);
    return { id: record.id };
  }

  /** A request of any family as a test drives it (readRequest); undefined when unknown. */
  async readRequest(family: string, id: string): Promise<Schemas['RequestState'] | undefined> {
    if (family === 'person_request') {
      const state = await this.readPersonRequest(id);
      if (state === undefined) return undefined;
      const current = state.authentication_method_current;
      return {
        id,
        family,
        status: state.status,
        authentication_method_current: current,
        ...(state.code === undefined ? {} : { code: state.code }),
        data: {},
      };
    }
    if (familyStatuses(family) === undefined) return undefined;
    const record = await this.deps.store.getRequest(family, id);
    if (record === undefined) return undefined;
    const method = toSeedMethod(record.method);
    const phone = method.phone_number;
    const phoneRecord = phone === undefined ? undefined : await this.deps.store.getPhone(phone);
    return {
      id,
      family,
      status: record.status,
      authentication_method_current: method,
      ...(phoneRecord?.active === true ? { code: String(phoneRecord.code) } : {}),
      data: record.data,
    };
  }

  /** Every stored person request, oldest first, each as {@link readPersonRequest} reads it. */
  async listPersonRequests(): Promise<Schemas['PersonRequestState'][]> {
    const requests = await this.deps.store.listPersonRequests();
    const states = await Promise.all(requests.map((r) => this.readPersonRequest(r.id)));
    return states.filter((state) => state !== undefined);
  }

  /** Newest first; every phone when `phoneNumber` is undefined. */
  async listSms(phoneNumber?: string): Promise<Schemas['Sms'][]> {
    return (await this.deps.outbox.list(phoneNumber)).map(toWireSms);
  }

  /** Each phone the outbox holds an SMS for (newest first), or only `phoneNumber`: see {@link phoneStateOf}. */
  async listPhones(phoneNumber?: string): Promise<Schemas['PhoneList']> {
    const { store, outbox, clock } = this.deps;
    const now = clock.now();
    const sms = await outbox.list(phoneNumber);
    const phones = [...new Set(sms.map((m) => m.phoneNumber))];
    const data = await Promise.all(
      phones.map(async (phone) =>
        phoneStateOf(
          phone,
          await store.getPhone(phone),
          await store.isVerifiedPhone(phone),
          sms.filter((m) => m.phoneNumber === phone),
          now,
          this.deps.settings ?? DEFAULT_CAP,
        ),
      ),
    );
    return { now: isoMicros(now), data };
  }

  /** Moves the engine's clock forward (never past clock.ts LATEST_MS); expired records are swept at once. */
  async advanceClock(seconds: number): Promise<Schemas['ClockState']> {
    const now = await this.deps.clock.move(seconds);
    await this.deps.store.sweep(now);
    return { now: isoMicros(now) };
  }

  /** Forgets every record and sets the clock back to the system time: a fresh start needs both. */
  async reset(): Promise<void> {
    await this.deps.store.reset();
    this.deps.clock.reset();
    this.seeds.reset();
  }
}

const DEFAULT_CAP = { smsCapLimit: 10, smsCapWindowSeconds: 3600, wrongCodePolicy: 'resend' } as const;
type CodeState = Schemas['CodeState'];

/** The fate of the phone's newest code, from its record (domain/verifications.ts sets these fields). */
function currentState(record: PhoneRecord, now: number, policy: Settings['wrongCodePolicy']): CodeState {
  if (record.status === 'VERIFIED') return 'used';
  if (record.active) return now >= record.expiresAt ? 'expired' : 'active';
  if (record.status === 'UNVERIFIED') return policy === 'attempts' ? 'locked' : 'wrong_code';
  return now >= record.expiresAt ? 'expired' : 'replaced';
}

/**
 * One phone as a person watching a test sees it. The store keeps only the newest verification per
 * phone (store.ts), so only the newest code's fate is known exactly; every older code was cancelled
 * by a newer one (verifications.ts #issue), which is all `replaced` claims.
 */
export function phoneStateOf(
  phone: string,
  record: PhoneRecord | undefined,
  verified: boolean,
  newestFirst: readonly Sms[],
  now: number,
  settings: Pick<Settings, 'smsCapLimit' | 'smsCapWindowSeconds' | 'wrongCodePolicy'>,
): Schemas['PhoneState'] {
  // The SMS of the current record: sent when it was issued (same clock), carrying its code.
  const current =
    record === undefined
      ? undefined
      : newestFirst.find((m) => m.code === String(record.code) && m.sentAt >= record.createdAt);
  const codes = newestFirst.map((m) => ({
    code: m.code,
    sent_at: isoMicros(m.sentAt),
    state:
      record === undefined
        ? ('unknown' as const)
        : m === current
          ? currentState(record, now, settings.wrongCodePolicy)
          : m.sentAt <= record.createdAt
            ? ('replaced' as const)
            : ('unknown' as const),
  }));
  const windowMs = settings.smsCapWindowSeconds * 1000;
  const inWindow = sendsAfter(record, now - windowMs);
  const left = Math.max(0, settings.smsCapLimit - inWindow.sent);
  const free = freeAt(inWindow, settings.smsCapLimit, windowMs);
  return {
    phone_number: phone,
    verified,
    verification:
      record === undefined
        ? null
        : {
            id: record.verificationId,
            status: record.status,
            active: record.active,
            attempts: record.attempts,
            created_at: isoMicros(record.createdAt),
            code_expired_at: isoMicros(record.expiresAt),
          },
    codes,
    sms_cap: {
      limit: settings.smsCapLimit,
      window_seconds: settings.smsCapWindowSeconds,
      sent_in_window: inWindow.sent,
      left,
      next_free_at: left > 0 || free === undefined ? null : isoMicros(free),
    },
  };
}
