import { digitsOf, PhoneIndex } from './phone-index.js';

/**
 * The verified phones: the contract answers 200 for a phone that was ever verified, so this set
 * only grows for the server's life. As a `Set<string>` each phone cost ~70 bytes of V8 heap that
 * every major GC walks; here a phone in the spec's format costs ~12 bytes off the heap (a bucket
 * and a key in PhoneIndex, with its insertion number as the slot), and only other strings, which
 * initialize never accepts, stay in a Set.
 */
export class PhoneSet {
  #index = new PhoneIndex();
  #others = new Set<string>();

  get size(): number {
    return this.#index.size + this.#others.size;
  }

  add(phone: string): void {
    const digits = digitsOf(phone);
    if (digits === -1) this.#others.add(phone);
    else if (this.#index.get(digits) === -1) this.#index.add(digits, this.#index.size);
  }

  has(phone: string): boolean {
    const digits = digitsOf(phone);
    return digits === -1 ? this.#others.has(phone) : this.#index.get(digits) !== -1;
  }
}
