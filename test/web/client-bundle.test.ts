import { expect, it } from 'vitest';
import { bundleInboxClient } from '../../src/web/build-client.js';
import { inboxClientJs } from '../../src/web/generated/inbox-client.js';

it('the served inbox script is the bundle of src/web/client/inbox.ts (else: npx tsx src/web/build-client.ts)', async () => {
  expect(inboxClientJs).toBe(await bundleInboxClient());
});
