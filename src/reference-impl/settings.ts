/**
 * Everything an operator may tune. Defaults follow the running service (reference §4) where the
 * seeds are silent: 4-digit codes, 15-minute lifetime, 3 attempts; the SMS cap is the kit's own
 * rule from CONTRACT.md (10 an hour per phone).
 */
export interface Settings {
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
  /** Request bodies above this answer 413. */
  readonly maxBodyBytes: number;
  /** The SMS outbox keeps this many newest messages (a ring), so memory stays bounded. */
  readonly outboxLimit: number;
  /**
   * Where OFFLINE document upload URLs point (signed PUT links in the real system); empty (the
   * default): this server's own upload endpoint, `<origin>/uploads/<id>/<type>?signature=…`.
   */
  readonly uploadBaseUrl: string;
}

export const defaultSettings: Settings = {
  codeLength: 4,
  codeLifetimeSeconds: 900,
  wrongCodePolicy: 'resend',
  maxAttempts: 3,
  smsCapLimit: 10,
  smsCapWindowSeconds: 3600,
  expiredRetentionSeconds: 3600,
  maxBodyBytes: 1024 * 1024,
  outboxLimit: 10_000,
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
  maxBodyBytes: [64, 64 * 1024 * 1024],
  outboxLimit: [1, 10_000_000],
};

/** Merges overrides onto the defaults; a value out of range is a startup error, not a surprise later. */
export function resolveSettings(overrides: Partial<Settings> = {}): Settings {
  const out: Mutable<Settings> = { ...defaultSettings };
  for (const [key, value] of Object.entries(overrides) as [keyof Settings, unknown][]) {
    if (value === undefined) continue;
    const range = integerRanges[key];
    if (range !== undefined) {
      if (typeof value !== 'number' || !Number.isInteger(value) || value < range[0] || value > range[1]) {
        throw new RangeError(`setting ${key} must be an integer from ${range[0]} to ${range[1]}`);
      }
    } else if (key === 'wrongCodePolicy' && value !== 'resend' && value !== 'attempts') {
      throw new RangeError('setting wrongCodePolicy must be "resend" or "attempts"');
    } else if (key === 'uploadBaseUrl' && typeof value !== 'string') {
      throw new RangeError('setting uploadBaseUrl must be a URL');
    }
    (out as Record<string, unknown>)[key] = value;
  }
  return out;
}
