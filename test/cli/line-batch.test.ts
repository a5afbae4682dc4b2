import { describe, expect, it } from 'vitest';
import { lineBatch } from '../../src/cli/line-batch.js';

describe('lineBatch', () => {
  it('writes the lines of one event-loop turn as one chunk, in order', async () => {
    const chunks: string[] = [];
    const batch = lineBatch((text) => chunks.push(text));
    batch.write('a\n');
    batch.write('b\n');
    expect(chunks).toEqual([]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(chunks).toEqual(['a\nb\n']);
  });

  it('flush writes what is pending at once, and nothing twice', async () => {
    const chunks: string[] = [];
    const batch = lineBatch((text) => chunks.push(text));
    batch.write('sms\n');
    batch.flush();
    expect(chunks).toEqual(['sms\n']);
    await new Promise((resolve) => setImmediate(resolve));
    expect(chunks).toEqual(['sms\n']);
  });
});
