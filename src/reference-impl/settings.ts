/**
 * Everything an operator may tune. Defaults follow the running service (reference §4) where the
 * seeds are silent: 4-digit codes, 15-minute lifetime, 3 attempts; the SMS cap is the kit's own
 * rule from CONTRACT.md (10 an hour per phone).
 */
export interface Settings {
  /**
   * Which source the switchable divergences follow (issue 16; docs/divergences.md): `docs` (the
   * default) the seeds and Apiary, `service` the running OTP service on every divergence that has
   * a setting. A setting given alongside still wins over its profile.
   */
  readonly profile: Profile;
  /** DIV-INIT-201: initialize answers 201 Created like the service's controller (`:created`), else 200 (Apiary). */
  readonly initializeCreated: boolean;
  /** DIV-STATUS-LOWERCASE: `lower` writes verification statuses as the service does (`new`, `verified`). */
  readonly statusCase: 'upper' | 'lower';
  /** DIV-RESEND-CONFLICT-422: resend conflicts answer the twin's 422 `invalid` items, not 409 (seeds/001). */
  readonly resendConflict422: boolean;
  /** DIV-RESEND-CHECK-ORDER: resend checks the status before the method, as the twin does (seeds: method first). */
  readonly resendStatusFirst: boolean;
  /** Total digits including the check digit (the service's OTP_CODE_LENGTH). */
  readonly codeLength: number;
  /** Lifetime of a code from its creation (CODE_EXPIRATION_PERIOD_MINUTES × 60). */
  readonly codeLifetimeSeconds: number;
  /**
   * `resend`: seeds/002, a wrong code deactivates the code and sends a new one (default).
   * `attempts`: the running service (DIV-WRONG-CODE-ATTEMPTS), the code stays active until
   * `maxAttempts` wrong or expired tries, then turns UNVERIFIED.
   */
  readonly wrongCodePolicy: 'resend' | 'attempts';
  readonly maxAttempts: number;
  /** Per-phone SMS cap in a sliding window; past it 429 with Retry-After and no SMS. */
  readonly smsCapLimit: number;
  readonly smsCapWindowSeconds: number;
  /**
   * How long a finished or expired verification is kept after its expiry, so that complete still
   * answers 403 (expired / inactive) rather than 404; afterwards it is dropped to bound memory.
   */
  readonly expiredRetentionSeconds: number;
  /**
   * DIV-EXPIRED-DEACTIVATED (findings O15): the service's deactivator runs every minute and turns
   * an expired code inactive, so complete then answers `Maximum attempts exceed`, not `Verification
   * code expired`. This many seconds after expiry the kit does the same; 0 (documented) never.
   * The kit takes the deactivator's latest run (a full minute) so the answer does not depend on timing.
   */
  readonly expiredDeactivationSeconds: number;
  /** Request bodies above this answer 413. */
  readonly maxBodyBytes: number;
  /** The SMS outbox keeps this many newest messages (a ring), so memory stays bounded. */
  readonly outboxLimit: number;
  /**
   * At most this many phone records at once (issue 18: one client created 1.23 M in 48 s). An
   * initialize for a phone beyond it answers 503 `phone_records_full` until records expire or a
   * reset; phones already held are served as before. Sized for a mock, not for a population.
   */
  readonly maxPhones: number;
  /**
   * The control API's own bounds (issue 18: 500 seeded person requests of 0.9 MB held 1.08 GB):
   * at most `controlSeedLimit` tokens and person requests seeded through it, from bodies of at
   * most `controlSeedBytes` together, until a reset (503 beyond), each body at most
   * `controlMaxBodyBytes` (413; never more than `maxBodyBytes`).
   */
  readonly controlSeedLimit: number;
  readonly controlSeedBytes: number;
  readonly controlMaxBodyBytes: number;
  /**
   * Where OFFLINE document upload URLs point (signed PUT links in the real system); empty (the
   * default): this server's own upload endpoint, `<origin>/uploads/<id>/<type>?signature=…`.
   */
  readonly uploadBaseUrl: string;
}

export const PROFILES = ['docs', 'service'] as const;
export type Profile = (typeof PROFILES)[number];

/**
 * @deprecated The first names of the profiles (`behaviour: documented|running`), still accepted
 * so that configs and scripts written with them keep working.
 */
export const BEHAVIOURS = ['documented', 'running'] as const;
/** @deprecated use {@link Profile}. */
export type Behaviour = (typeof BEHAVIOURS)[number];
/** The profile each deprecated behaviour name stands for. */
export const PROFILE_OF_BEHAVIOUR: { readonly [B in Behaviour]: Profile } = {
  documented: 'docs',
  running: 'service',
};

/** What a caller may give: any setting, and the deprecated `behaviour` for `profile`. */
export type SettingsInput = Partial<Settings> & {
  /** @deprecated use `profile` (`documented` is `docs`, `running` is `service`). */
  readonly behaviour?: Behaviour;
};

/** The settings in which the running service differs from the documents (the x-switch of each divergence). */
type Switchable =
  | 'wrongCodePolicy'
  | 'initializeCreated'
  | 'statusCase'
  | 'resendConflict422'
  | 'resendStatusFirst'
  | 'expiredDeactivationSeconds'
  | 'expiredRetentionSeconds';

/**
 * Each profile's value of every switchable setting. `service` follows the `observed` side of the
 * spec's x-divergences (reference §3.1 for 201 and lower case, §3.2 for the attempts lock).
 */
export const profiles: { readonly [P in Profile]: Pick<Settings, Switchable> } = {
  docs: {
    wrongCodePolicy: 'resend',
    initializeCreated: false,
    statusCase: 'upper',
    resendConflict422: false,
    resendStatusFirst: false,
    expiredDeactivationSeconds: 0,
    expiredRetentionSeconds: 3600,
  },
  // Retention: VALIDATIONS_EXPIRATION_PERIOD_DAYS = 30 (findings O16, the terminator job). Memory
  // stays bounded by it: one record per phone, swept on initialize once its retention ends.
  service: {
    wrongCodePolicy: 'attempts',
    initializeCreated: true,
    statusCase: 'lower',
    // The twin, EH apps/core/lib/core/declaration_requests/api/v1/resend_otp.ex:12-18 (findings §2.2 E2-E4).
    resendConflict422: true,
    resendStatusFirst: true,
    expiredDeactivationSeconds: 60,
    expiredRetentionSeconds: 30 * 24 * 3600,
  },
};

export const defaultSettings: Settings = {
  profile: 'docs',
  ...profiles.docs,
  codeLength: 4,
  codeLifetimeSeconds: 900,
  maxAttempts: 3,
  smsCapLimit: 10,
  smsCapWindowSeconds: 3600,
  maxBodyBytes: 1024 * 1024,
  outboxLimit: 10_000,
  maxPhones: 100_000,
  controlSeedLimit: 10_000,
  controlSeedBytes: 32 * 1024 * 1024,
  controlMaxBodyBytes: 64 * 1024,
  uploadBaseUrl: '',
};

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

export const integerRanges: { [K in keyof Settings]?: [number, number] } = {
  codeLength: [2, 10],
  codeLifetimeSeconds: [1, 31 * 24 * 3600],
  maxAttempts: [1, 1000],
  smsCapLimit: [1, 1_000_000],
  smsCapWindowSeconds: [1, 31 * 24 * 3600],
  expiredRetentionSeconds: [0, 31 * 24 * 3600],
  expiredDeactivationSeconds: [0, 31 * 24 * 3600],
  maxBodyBytes: [64, 64 * 1024 * 1024],
  outboxLimit: [1, 10_000_000],
  maxPhones: [1, 100_000_000],
  controlSeedLimit: [1, 10_000_000],
  controlSeedBytes: [64, 1024 * 1024 * 1024],
  controlMaxBodyBytes: [64, 64 * 1024 * 1024],
};

/** The allowed values of each setting that is a choice, not an integer. */
const choices: { [K in keyof Settings]?: readonly unknown[] } = {
  wrongCodePolicy: ['resend', 'attempts'],
  statusCase: ['upper', 'lower'],
  initializeCreated: [true, false],
  resendConflict422: [true, false],
  resendStatusFirst: [true, false],
};

/** The profile named by `profile`, else by the deprecated `behaviour`, else the default. */
function profileOf(input: SettingsInput): Profile {
  const { profile, behaviour } = input;
  if (behaviour !== undefined && !BEHAVIOURS.includes(behaviour))
    throw new RangeError(`setting behaviour must be one of ${BEHAVIOURS.map((b) => `"${b}"`).join(', ')}`);
  const chosen =
    profile ?? (behaviour === undefined ? defaultSettings.profile : PROFILE_OF_BEHAVIOUR[behaviour]);
  if (!PROFILES.includes(chosen))
    throw new RangeError(`setting profile must be one of ${PROFILES.map((p) => `"${p}"`).join(', ')}`);
  return chosen;
}

/**
 * Merges overrides onto the defaults of the chosen profile (`profile`), so an individual setting
 * still overrides its profile; a value out of range is a startup error, not a surprise later.
 */
export function resolveSettings(overrides: SettingsInput = {}): Settings {
  const profile = profileOf(overrides);
  const out: Mutable<Settings> = { ...defaultSettings, ...profiles[profile], profile };
  for (const [key, value] of Object.entries(overrides) as [keyof Settings | 'behaviour', unknown][]) {
    if (value === undefined || key === 'behaviour' || key === 'profile') continue;
    const range = integerRanges[key];
    if (range !== undefined) {
      if (typeof value !== 'number' || !Number.isInteger(value) || value < range[0] || value > range[1]) {
        throw new RangeError(`setting ${key} must be an integer from ${range[0]} to ${range[1]}`);
      }
    } else if (choices[key] !== undefined && !choices[key].includes(value)) {
      throw new RangeError(
        `setting ${key} must be one of ${choices[key].map((c) => JSON.stringify(c)).join(', ')}`,
      );
    } else if (key === 'uploadBaseUrl' && typeof value !== 'string') {
      throw new RangeError('setting uploadBaseUrl must be a URL');
    }
    (out as Record<string, unknown>)[key] = value;
  }
  return out;
}
