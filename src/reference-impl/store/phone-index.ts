/**
 * Hash index from a phone's nine digits (a non-negative int32, see phone-table.ts) to its slot,
 * kept off the V8 heap. A `Map<number, number>` of 1,000,000 entries costs ~30 MB of heap and
 * grows by rehashing into a doubled backing store in large-object space, the old one garbage
 * until a major GC; that transient was a good part of the peak RSS. Here a bucket is one int32
 * (slot + 1, 0 = empty) and each slot's key sits in a chunked column, so 1,000,000 keys cost
 * 8 MB of buckets plus 4 MB of keys, and growing re-places only the buckets (keys never move).
 *
 * Open addressing with linear probing, at most half full; deletion shifts the following run
 * back (no tombstones), so any number of inserts and deletes leaves lookups as fast as a fresh
 * table. The buckets never shrink: the owner drops the whole index when it is empty again.
 */
const MIN_BITS = 10;
const KEY_CHUNK_BITS = 14;
const KEY_CHUNK = 1 << KEY_CHUNK_BITS;
const KEY_LOW = KEY_CHUNK - 1;
/** 2^32 / φ: Fibonacci hashing spreads consecutive phone numbers over the whole table. */
const GOLDEN = 0x9e3779b1;

/**
 * Phones in the spec's format (`^\+380[0-9]{9}$`, the only ones initialize accepts) are keyed by
 * their nine digits, an int32 below 10^9, so no key string is kept; -1 for any other string,
 * which is then its own key.
 */
export function digitsOf(phone: string): number {
  if (phone.length !== 13 || !phone.startsWith('+380')) return -1;
  let n = 0;
  for (let i = 4; i < 13; i++) {
    const d = phone.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}

export class PhoneIndex {
  #bits = MIN_BITS;
  #buckets = new Int32Array(1 << MIN_BITS);
  #count = 0;
  /** Key of each slot handed to `add`, in chunks so that growing never copies them. */
  #keys: Int32Array[] = [];

  get size(): number {
    return this.#count;
  }

  /** The slot stored for `key`, or -1. */
  get(key: number): number {
    const buckets = this.#buckets;
    const mask = buckets.length - 1;
    for (let i = this.#home(key); ; i = (i + 1) & mask) {
      const entry = buckets[i] as number;
      if (entry === 0) return -1;
      if (this.#keyAt(entry - 1) === key) return entry - 1;
    }
  }

  /** Stores `slot` under `key`; the key must not be in the index, the slot must not be either. */
  add(key: number, slot: number): void {
    if ((this.#count + 1) * 2 > this.#buckets.length) this.#grow();
    const chunk = slot >>> KEY_CHUNK_BITS;
    while (this.#keys.length <= chunk) this.#keys.push(new Int32Array(KEY_CHUNK));
    (this.#keys[chunk] as Int32Array)[slot & KEY_LOW] = key;
    this.#place(slot);
    this.#count++;
  }

  /** Removes `slot` (which must be in the index) and its key. */
  remove(slot: number): void {
    const buckets = this.#buckets;
    const mask = buckets.length - 1;
    let hole = this.#home(this.#keyAt(slot));
    while (buckets[hole] !== slot + 1) hole = (hole + 1) & mask;
    // Backward shift: an entry further along the run moves into the hole unless that would put
    // it before its home bucket (then a lookup starting at its home would no longer reach it).
    for (let j = (hole + 1) & mask; ; j = (j + 1) & mask) {
      const entry = buckets[j] as number;
      if (entry === 0) break;
      const home = this.#home(this.#keyAt(entry - 1));
      if (((j - home) & mask) >= ((j - hole) & mask)) {
        buckets[hole] = entry;
        hole = j;
      }
    }
    buckets[hole] = 0;
    this.#count--;
  }

  #home(key: number): number {
    return Math.imul(key, GOLDEN) >>> (32 - this.#bits);
  }

  #keyAt(slot: number): number {
    return (this.#keys[slot >>> KEY_CHUNK_BITS] as Int32Array)[slot & KEY_LOW] as number;
  }

  #place(slot: number): void {
    const buckets = this.#buckets;
    const mask = buckets.length - 1;
    let i = this.#home(this.#keyAt(slot));
    while (buckets[i] !== 0) i = (i + 1) & mask;
    buckets[i] = slot + 1;
  }

  #grow(): void {
    const old = this.#buckets;
    this.#bits++;
    this.#buckets = new Int32Array(1 << this.#bits);
    for (const entry of old) if (entry !== 0) this.#place(entry - 1);
  }
}
