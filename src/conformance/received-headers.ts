/**
 * The response headers as the scenarios read them (`exchange.headers.get(...)`, iterated into the
 * report), built from node:http's raw list. The WHATWG `Headers` of Node 20 lives in its bundled
 * undici: the first `new Headers()` loads and compiles that bundle (24-27 ms of CPU measured in a
 * fresh process), and each `append` validates again what Node's HTTP parser has already checked.
 * The suite's default transport never needs the rest of undici, so this class gives the same
 * answers (Fetch standard §5.2, "Headers class": names case-insensitive, repeated values joined
 * with ", ", iteration sorted by name, each Set-Cookie on its own) without loading it.
 */
export class ReceivedHeaders implements Headers {
  /** Lower-case name → every value received, in order. */
  private readonly values_ = new Map<string, string[]>();

  constructor(raw: readonly string[] = []) {
    for (let i = 0; i + 1 < raw.length; i += 2) this.append(raw[i] as string, raw[i + 1] as string);
  }

  append(name: string, value: string): void {
    const key = name.toLowerCase();
    const list = this.values_.get(key);
    if (list === undefined) this.values_.set(key, [value]);
    else list.push(value);
  }

  delete(name: string): void {
    this.values_.delete(name.toLowerCase());
  }

  get(name: string): string | null {
    return this.values_.get(name.toLowerCase())?.join(', ') ?? null;
  }

  getSetCookie(): string[] {
    return [...(this.values_.get('set-cookie') ?? [])];
  }

  has(name: string): boolean {
    return this.values_.has(name.toLowerCase());
  }

  set(name: string, value: string): void {
    this.values_.set(name.toLowerCase(), [value]);
  }

  forEach(callback: (value: string, key: string, parent: Headers) => void, thisArg?: unknown): void {
    for (const [name, value] of this.pairs()) callback.call(thisArg, value, name, this);
  }

  entries(): HeadersIterator<[string, string]> {
    return this.pairs()[Symbol.iterator]();
  }

  keys(): HeadersIterator<string> {
    return this.pairs()
      .map(([name]) => name)
      [Symbol.iterator]();
  }

  values(): HeadersIterator<string> {
    return this.pairs()
      .map(([, value]) => value)
      [Symbol.iterator]();
  }

  [Symbol.iterator](): HeadersIterator<[string, string]> {
    return this.entries();
  }

  /** The "sort and combine" list of the Fetch standard: by name, Set-Cookie values kept apart. */
  private pairs(): [string, string][] {
    const out: [string, string][] = [];
    for (const name of [...this.values_.keys()].sort()) {
      const list = this.values_.get(name) as string[];
      if (name === 'set-cookie') for (const value of list) out.push([name, value]);
      else out.push([name, list.join(', ')]);
    }
    return out;
  }
}
