import { it } from 'vitest';
import { runConformance } from '../../src/conformance/runner/run.js';
import { checkResponse } from '../../src/conformance/spec-check.js';
import { startServer } from '../../src/reference-impl/index.js';
it('timing', async () => {
  let t = performance.now();
  checkResponse('initializeVerification', 200, {});
  console.log('spec-check first', performance.now() - t);
  const server = await startServer({ port: 0, host: '127.0.0.1', controlToken: 'c' });
  for (let i = 0; i < 3; i++) {
    t = performance.now();
    const r = await runConformance({ target: server.url, controlToken: 'c' });
    console.log('run', i, performance.now() - t, r.summary.passed);
  }
  await server.close();
}, 60000);
