import { describe, expect, it } from 'vitest';
import { paddedJson } from '../../src/conformance/scenarios/body-errors.js';

describe('paddedJson (the 413 scenarios’ bodies)', () => {
  it('is valid JSON of exactly the asked size, the fields kept and the padding last', () => {
    const json = { phone_number: '+380501234567', nested: { a: [1, 'ї'] } };
    for (const bytes of [69, 100, 1_000, 1024 * 1024 + 1]) {
      const body = paddedJson(json, bytes);
      expect(Buffer.byteLength(body)).toBe(bytes);
      const parsed = JSON.parse(body) as Record<string, unknown>;
      expect(parsed).toMatchObject(json);
      expect(Object.keys(parsed).at(-1)).toBe('padding');
      expect(parsed.padding).toMatch(/^x*$/);
    }
  });

  it('refuses a size below the unpadded body', () => {
    expect(() => paddedJson({ phone_number: '+380501234567' }, 10)).toThrow(/cannot pad/);
  });
});
