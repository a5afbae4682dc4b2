import type { PhoneRecord, VerificationStatus } from '../domain/models.js';

/**
 * Phone records packed into typed-array columns, one slot per phone. As one object graph per
 * phone (record, boxed timestamps, `smsSentAt` array, id string, key string, Map entry) a record
 * cost ~450 bytes of heap, so 1,000,000 live verifications needed ~830 MB of RSS (bench/RESULTS.md);
 * here they cost ~65 bytes off-heap plus one Map entry. Values round-trip exactly (every number is
 * kept as a float64; ids that are not canonical UUIDs and send lists that are not one entry long are
 * kept as they are, beside the columns).
 *
 * The Map's insertion order follows `keepUntil` (see MemoryStore), so a sweep only reads its head.
 */
const STATUSES: readonly VerificationStatus[] = ['NEW', 'CANCELED', 'VERIFIED', 'UNVERIFIED', 'EXPIRED'];
const STATUS_CODE: Readonly<Record<VerificationStatus, number>> = {
  NEW: 0,
  CANCELED: 1,
  VERIFIED: 2,
  UNVERIFIED: 3,
  EXPIRED: 4,
};

// Per slot: NUMS float64s [code, createdAt, expiresAt, keepUntil, attempts, the one send time]
// and BYTES bytes [flags, 16 bytes of UUID].
const NUMS = 6;
const BYTES = 17;
const ACTIVE = 1;
const UUID_BYTES = 2;
const ONE_SMS = 4;
const STATUS_SHIFT = 3;
const INITIAL_CAPACITY = 1024;

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
const DASH = 45;

function nibble(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  return -1;
}

/** Writes a lowercase 8-4-4-4-12 UUID as 16 bytes; false (and nothing to read back) for anything else. */
function packUuid(id: string, out: Uint8Array, at: number): boolean {
  if (id.length !== 36) return false;
  let j = at;
  for (let i = 0; i < 36; ) {
    if (i === 8 || i === 13 || i === 18 || i === 23) {
      if (id.charCodeAt(i) !== DASH) return false;
      i++;
      continue;
    }
    const hi = nibble(id.charCodeAt(i));
    const lo = nibble(id.charCodeAt(i + 1));
    if (hi < 0 || lo < 0) return false;
    out[j++] = (hi << 4) | lo;
    i += 2;
  }
  return true;
}

function unpackUuid(b: Uint8Array, at: number): string {
  const h = (i: number) => HEX[b[at + i] as number] as string;
  return `${h(0)}${h(1)}${h(2)}${h(3)}-${h(4)}${h(5)}-${h(6)}${h(7)}-${h(8)}${h(9)}-${h(10)}${h(11)}${h(12)}${h(13)}${h(14)}${h(15)}`;
}

const UA_PHONE = /^\+380[0-9]{9}$/;

/**
 * Phones in the spec's format (`^\+380[0-9]{9}$`, the only ones initialize accepts) are keyed by
 * their nine digits, a small integer, so no key string is kept; any other string is its own key.
 */
function keyOf(phone: string): string | number {
  return phone.length === 13 && UA_PHONE.test(phone) ? Number(phone.slice(4)) : phone;
}

export class PhoneTable {
  #slots = new Map<string | number, number>();
  #nums = new Float64Array(0);
  #bytes = new Uint8Array(0);
  #free = new Int32Array(0);
  #freeCount = 0;
  /** Slots below this were handed out at least once. */
  #used = 0;
  #otherIds = new Map<number, string>();
  #otherSms = new Map<number, readonly number[]>();

  get size(): number {
    return this.#slots.size;
  }

  get(phone: string): PhoneRecord | undefined {
    const slot = this.#slots.get(keyOf(phone));
    return slot === undefined ? undefined : this.#read(slot);
  }

  /** Stores the record; when its `keepUntil` changed it moves to the end of the sweep order. */
  set(phone: string, record: PhoneRecord): void {
    const key = keyOf(phone);
    let slot = this.#slots.get(key);
    if (slot === undefined) {
      slot = this.#allocate();
      this.#slots.set(key, slot);
    } else if (this.#nums[slot * NUMS + 3] !== record.keepUntil) {
      this.#slots.delete(key);
      this.#slots.set(key, slot);
    }
    this.#write(slot, record);
  }

  /** Drops records from the head while their `keepUntil` has passed; returns how many went. */
  sweep(now: number): number {
    let removed = 0;
    for (const [key, slot] of this.#slots) {
      if ((this.#nums[slot * NUMS + 3] as number) > now) break;
      this.#slots.delete(key);
      this.#release(slot);
      removed++;
    }
    // Empty again: give the columns back, so memory returns to where it started.
    if (removed > 0 && this.#slots.size === 0) this.clear();
    return removed;
  }

  clear(): void {
    this.#slots = new Map();
    this.#nums = new Float64Array(0);
    this.#bytes = new Uint8Array(0);
    this.#free = new Int32Array(0);
    this.#freeCount = 0;
    this.#used = 0;
    this.#otherIds = new Map();
    this.#otherSms = new Map();
  }

  #allocate(): number {
    if (this.#freeCount > 0) return this.#free[--this.#freeCount] as number;
    const capacity = this.#free.length;
    if (this.#used === capacity) {
      const grown = Math.max(INITIAL_CAPACITY, capacity * 2);
      const nums = new Float64Array(grown * NUMS);
      nums.set(this.#nums);
      const bytes = new Uint8Array(grown * BYTES);
      bytes.set(this.#bytes);
      this.#nums = nums;
      this.#bytes = bytes;
      this.#free = new Int32Array(grown);
    }
    return this.#used++;
  }

  #release(slot: number): void {
    const flags = this.#bytes[slot * BYTES] as number;
    if ((flags & UUID_BYTES) === 0) this.#otherIds.delete(slot);
    if ((flags & ONE_SMS) === 0) this.#otherSms.delete(slot);
    this.#free[this.#freeCount++] = slot;
  }

  #write(slot: number, r: PhoneRecord): void {
    const n = slot * NUMS;
    const b = slot * BYTES;
    const nums = this.#nums;
    nums[n] = r.code;
    nums[n + 1] = r.createdAt;
    nums[n + 2] = r.expiresAt;
    nums[n + 3] = r.keepUntil;
    nums[n + 4] = r.attempts;
    let flags = (STATUS_CODE[r.status] << STATUS_SHIFT) | (r.active ? ACTIVE : 0);
    if (r.smsSentAt.length === 1) {
      flags |= ONE_SMS;
      nums[n + 5] = r.smsSentAt[0] as number;
      this.#otherSms.delete(slot);
    } else {
      this.#otherSms.set(slot, r.smsSentAt);
    }
    if (packUuid(r.verificationId, this.#bytes, b + 1)) {
      flags |= UUID_BYTES;
      this.#otherIds.delete(slot);
    } else {
      this.#otherIds.set(slot, r.verificationId);
    }
    this.#bytes[b] = flags;
  }

  #read(slot: number): PhoneRecord {
    const n = slot * NUMS;
    const b = slot * BYTES;
    const nums = this.#nums;
    const flags = this.#bytes[b] as number;
    return {
      verificationId:
        (flags & UUID_BYTES) !== 0 ? unpackUuid(this.#bytes, b + 1) : (this.#otherIds.get(slot) as string),
      code: nums[n] as number,
      status: STATUSES[flags >> STATUS_SHIFT] as VerificationStatus,
      active: (flags & ACTIVE) !== 0,
      createdAt: nums[n + 1] as number,
      expiresAt: nums[n + 2] as number,
      attempts: nums[n + 4] as number,
      smsSentAt: (flags & ONE_SMS) !== 0 ? [nums[n + 5] as number] : (this.#otherSms.get(slot) ?? []),
      keepUntil: nums[n + 3] as number,
    };
  }
}
