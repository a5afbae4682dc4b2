import type { PhoneRecord, VerificationStatus } from '../domain/models.js';
import { digitsOf, PhoneIndex } from './phone-index.js';

/**
 * Phone records packed into typed-array columns, one slot per phone. As one object graph per
 * phone (record, boxed timestamps, `smsSentAt` array, id string, key string, Map entry) a record
 * cost ~450 bytes of heap, so 1,000,000 live verifications needed ~830 MB of RSS (bench/RESULTS.md);
 * here they cost ~85 bytes off the V8 heap (73 of columns, ~12 of hash index) and nothing on it.
 * Values round-trip exactly (every number is kept as a float64; ids that are not canonical UUIDs
 * and send lists that are not one entry long are kept as they are, beside the columns).
 *
 * Nothing here grows by copying: the columns live in fixed-size chunks added as needed (a doubled
 * array would hold old and new buffers at once, and the freed one may stay resident), the
 * numeric keys in PhoneIndex (whose int32 buckets are the only thing that doubles), and the sweep
 * order in a doubly linked list threaded through the slots: a record goes to the tail when it is
 * added or its `keepUntil` changes (`keepUntil` only grows, see MemoryStore), so expired records
 * gather at the head and a sweep only reads the head. Freed slots are reused, newest first.
 */
const STATUSES: readonly VerificationStatus[] = ['NEW', 'CANCELED', 'VERIFIED', 'UNVERIFIED', 'EXPIRED'];
const STATUS_CODE: Readonly<Record<VerificationStatus, number>> = {
  NEW: 0,
  CANCELED: 1,
  VERIFIED: 2,
  UNVERIFIED: 3,
  EXPIRED: 4,
};

// Per slot: NUMS float64s [code, createdAt, expiresAt, keepUntil, attempts, the one send time],
// LINKS int32s [previous, next slot in the sweep order; next in the free list once freed; -1 = none]
// and BYTES bytes [flags, 16 bytes of UUID].
const NUMS = 6;
const KEEP_UNTIL = 3;
const LINKS = 2;
const BYTES = 17;
const ACTIVE = 1;
const UUID_BYTES = 2;
const ONE_SMS = 4;
const STATUS_SHIFT = 3;
const NONE = -1;

// 2^14 slots a chunk: 1.2 MB, one allocation for all columns; 62 chunks hold 1,000,000 phones.
const CHUNK_BITS = 14;
const CHUNK = 1 << CHUNK_BITS;
const LOW = CHUNK - 1;

interface Chunk {
  readonly nums: Float64Array;
  readonly links: Int32Array;
  readonly bytes: Uint8Array;
}

function newChunk(): Chunk {
  const buffer = new ArrayBuffer(CHUNK * (NUMS * 8 + LINKS * 4 + BYTES));
  return {
    nums: new Float64Array(buffer, 0, CHUNK * NUMS),
    links: new Int32Array(buffer, CHUNK * NUMS * 8, CHUNK * LINKS),
    bytes: new Uint8Array(buffer, CHUNK * (NUMS * 8 + LINKS * 4), CHUNK * BYTES),
  };
}

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

export class PhoneTable {
  #chunks: Chunk[] = [];
  #index = new PhoneIndex();
  /** The rare phones not in the spec's format, both ways (a slot's key must be found to drop it). */
  #slotOf = new Map<string, number>();
  #phoneAt = new Map<number, string>();
  #size = 0;
  /** Slots below this were handed out at least once. */
  #used = 0;
  #freeHead = NONE;
  /** Sweep order: oldest `keepUntil` change at the head. */
  #head = NONE;
  #tail = NONE;
  #otherIds = new Map<number, string>();
  #otherSms = new Map<number, readonly number[]>();
  #otherCounts = new Map<number, readonly number[]>();

  get size(): number {
    return this.#size;
  }

  /** Slots handed out so far, live or on the free list (what the columns hold); for tests. */
  get slotsUsed(): number {
    return this.#used;
  }

  get(phone: string): PhoneRecord | undefined {
    const slot = this.#find(phone);
    return slot === NONE ? undefined : this.#read(slot);
  }

  /** Stores the record; when its `keepUntil` changed it moves to the end of the sweep order. */
  set(phone: string, record: PhoneRecord): void {
    let slot = this.#find(phone);
    if (slot === NONE) {
      slot = this.#allocate();
      const digits = digitsOf(phone);
      if (digits === NONE) {
        this.#slotOf.set(phone, slot);
        this.#phoneAt.set(slot, phone);
      } else {
        this.#index.add(digits, slot);
      }
      this.#size++;
      this.#append(slot);
    } else if (this.#keepUntil(slot) !== record.keepUntil) {
      this.#unlink(slot);
      this.#append(slot);
    }
    this.#write(slot, record);
  }

  /** Drops records from the head while their `keepUntil` has passed; returns how many went. */
  sweep(now: number): number {
    let removed = 0;
    while (this.#head !== NONE) {
      const slot = this.#head;
      if (this.#keepUntil(slot) > now) break;
      this.#unlink(slot);
      this.#release(slot);
      removed++;
    }
    // Empty again: give the columns back, so memory returns to where it started.
    if (removed > 0 && this.#size === 0) this.clear();
    return removed;
  }

  clear(): void {
    this.#chunks = [];
    this.#index = new PhoneIndex();
    this.#slotOf = new Map();
    this.#phoneAt = new Map();
    this.#size = 0;
    this.#used = 0;
    this.#freeHead = NONE;
    this.#head = NONE;
    this.#tail = NONE;
    this.#otherIds = new Map();
    this.#otherSms = new Map();
    this.#otherCounts = new Map();
  }

  #find(phone: string): number {
    const digits = digitsOf(phone);
    return digits === NONE ? (this.#slotOf.get(phone) ?? NONE) : this.#index.get(digits);
  }

  #chunk(slot: number): Chunk {
    return this.#chunks[slot >>> CHUNK_BITS] as Chunk;
  }

  #keepUntil(slot: number): number {
    return this.#chunk(slot).nums[(slot & LOW) * NUMS + KEEP_UNTIL] as number;
  }

  #setPrev(slot: number, prev: number): void {
    this.#chunk(slot).links[(slot & LOW) * LINKS] = prev;
  }

  #setNext(slot: number, next: number): void {
    this.#chunk(slot).links[(slot & LOW) * LINKS + 1] = next;
  }

  #next(slot: number): number {
    return this.#chunk(slot).links[(slot & LOW) * LINKS + 1] as number;
  }

  #append(slot: number): void {
    this.#setPrev(slot, this.#tail);
    this.#setNext(slot, NONE);
    if (this.#tail === NONE) this.#head = slot;
    else this.#setNext(this.#tail, slot);
    this.#tail = slot;
  }

  #unlink(slot: number): void {
    const links = this.#chunk(slot).links;
    const at = (slot & LOW) * LINKS;
    const prev = links[at] as number;
    const next = links[at + 1] as number;
    if (prev === NONE) this.#head = next;
    else this.#setNext(prev, next);
    if (next === NONE) this.#tail = prev;
    else this.#setPrev(next, prev);
  }

  #allocate(): number {
    const free = this.#freeHead;
    if (free !== NONE) {
      this.#freeHead = this.#next(free);
      return free;
    }
    if (this.#used >>> CHUNK_BITS === this.#chunks.length) this.#chunks.push(newChunk());
    return this.#used++;
  }

  /** Forgets the slot's key and side values and puts it on the free list (already unlinked). */
  #release(slot: number): void {
    const phone = this.#phoneAt.get(slot);
    if (phone === undefined) {
      this.#index.remove(slot);
    } else {
      this.#slotOf.delete(phone);
      this.#phoneAt.delete(slot);
    }
    const flags = this.#chunk(slot).bytes[(slot & LOW) * BYTES] as number;
    if ((flags & UUID_BYTES) === 0) this.#otherIds.delete(slot);
    if ((flags & ONE_SMS) === 0) this.#otherSms.delete(slot);
    this.#otherCounts.delete(slot);
    this.#setNext(slot, this.#freeHead);
    this.#freeHead = slot;
    this.#size--;
  }

  #write(slot: number, r: PhoneRecord): void {
    const { nums, bytes } = this.#chunk(slot);
    const n = (slot & LOW) * NUMS;
    const b = (slot & LOW) * BYTES;
    nums[n] = r.code;
    nums[n + 1] = r.createdAt;
    nums[n + 2] = r.expiresAt;
    nums[n + KEEP_UNTIL] = r.keepUntil;
    nums[n + 4] = r.attempts;
    let flags = (STATUS_CODE[r.status] << STATUS_SHIFT) | (r.active ? ACTIVE : 0);
    if (r.smsSentCounts === undefined) this.#otherCounts.delete(slot);
    else this.#otherCounts.set(slot, r.smsSentCounts);
    if (r.smsSentAt.length === 1 && r.smsSentCounts === undefined) {
      flags |= ONE_SMS;
      nums[n + 5] = r.smsSentAt[0] as number;
      this.#otherSms.delete(slot);
    } else {
      this.#otherSms.set(slot, r.smsSentAt);
    }
    if (packUuid(r.verificationId, bytes, b + 1)) {
      flags |= UUID_BYTES;
      this.#otherIds.delete(slot);
    } else {
      this.#otherIds.set(slot, r.verificationId);
    }
    bytes[b] = flags;
  }

  #read(slot: number): PhoneRecord {
    const { nums, bytes } = this.#chunk(slot);
    const n = (slot & LOW) * NUMS;
    const b = (slot & LOW) * BYTES;
    const flags = bytes[b] as number;
    const counts = this.#otherCounts.get(slot);
    return {
      verificationId:
        (flags & UUID_BYTES) !== 0 ? unpackUuid(bytes, b + 1) : (this.#otherIds.get(slot) as string),
      code: nums[n] as number,
      status: STATUSES[flags >> STATUS_SHIFT] as VerificationStatus,
      active: (flags & ACTIVE) !== 0,
      createdAt: nums[n + 1] as number,
      expiresAt: nums[n + 2] as number,
      attempts: nums[n + 4] as number,
      smsSentAt: (flags & ONE_SMS) !== 0 ? [nums[n + 5] as number] : (this.#otherSms.get(slot) ?? []),
      keepUntil: nums[n + KEEP_UNTIL] as number,
      ...(counts === undefined ? {} : { smsSentCounts: counts }),
    };
  }
}
