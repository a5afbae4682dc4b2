import type { Engine, EngineRequest, EngineResponse, Settings } from '../../../src/reference-impl/index.js';

/** What a deployment does with one request: the reference engine's `handle`, wrapped. */
export type Handle = (req: EngineRequest) => Promise<EngineResponse>;

/**
 * One deliberately broken deployment (DESIGN.md "Test the tester"): the real reference engine
 * plus one defect that models a mistake real implementations make.
 */
export interface Defect {
  /** Stable kebab-case id; the test and docs/testing-the-tester.md name the defect by it. */
  readonly id: string;
  /** The mistake it models, as a developer would have made it. */
  readonly description: string;
  /** The scenario ids that must fail, and no others (sorted, for readable diffs). */
  readonly expectedFailures: readonly string[];
  /** Engine settings the defect is made of, when it is a misconfiguration. */
  readonly settings?: Partial<Settings>;
  /** Wraps the engine: rewrites the request before `engine.handle` or the response after it. */
  build(engine: Engine): Handle;
}

/** The defect that is no defect: the unmodified engine, the control of the experiment. */
export const reference: Defect = {
  id: 'reference',
  description: 'The unmodified reference engine.',
  expectedFailures: [],
  build: (engine) => (req) => engine.handle(req),
};
