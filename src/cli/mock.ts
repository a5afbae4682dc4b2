import type { Io } from './io.js';
import { UsageError } from './io.js';

/** Placeholder until the Prism mock command lands (issue: msw + Prism). */
export async function runMock(_argv: readonly string[], _io: Io): Promise<number> {
  throw new UsageError('mock is not available yet');
}
