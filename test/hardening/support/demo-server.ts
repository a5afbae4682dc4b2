import { type RunningServer, startServer } from '../../../src/reference-impl/adapters/node.js';
import { seedDemo } from '../../../src/reference-impl/demo.js';
import { createEngine } from '../../../src/reference-impl/engine.js';

/** The reference server on a free loopback port with the demo data, default settings. */
export async function startDemoServer(): Promise<RunningServer> {
  const engine = createEngine({});
  await seedDemo(engine);
  return startServer({ engine, port: 0 });
}
