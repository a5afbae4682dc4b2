import { it } from 'vitest';
import { createEngine } from '../../src/reference-impl/engine.js';
import { seedDemo } from '../../src/reference-impl/demo.js';
it('prof', async () => {
  let t = performance.now();
  const es = [];
  for (let i = 0; i < 1000; i++) es.push(createEngine({ controlToken: 'x' }));
  console.log('create x1000', performance.now() - t);
  t = performance.now();
  for (const e of es) await seedDemo(e);
  console.log('seedDemo x1000', performance.now() - t);
  t = performance.now();
  for (const e of es) await e.handle({ method: 'POST', target: '/api/verifications', origin: 'http://x', headers: { authorization: 'Bearer demo-token-all-scopes', 'content-type': 'application/json' }, body: new TextEncoder().encode('{"phone_number":"+380501230001"}') });
  console.log('init x1000', performance.now() - t);
}, 60000);
