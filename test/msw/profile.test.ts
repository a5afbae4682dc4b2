import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHandlers } from '../../src/msw/index.js';

/** `createHandlers({ profile })` (issue 16): the same profiles as `serve --profile`, in-process. */
const docs = createHandlers({ baseUrl: 'https://docs.test' });
const service = createHandlers({ baseUrl: 'https://service.test', profile: 'service' });
const legacy = createHandlers({ baseUrl: 'https://legacy.test', settings: { behaviour: 'running' } });
const server = setupServer(...docs.handlers, ...service.handlers, ...legacy.handlers);
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());

async function initialize(origin: string, handlers: ReturnType<typeof createHandlers>) {
  const { token } = await handlers.state.createToken(['otp:write']);
  const res = await fetch(`${origin}/api/verifications`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ phone_number: '+380501234567' }),
  });
  const body = (await res.json()) as { data: { status: string } };
  return [res.status, body.data.status];
}

describe('msw handlers under a behaviour profile', () => {
  it('docs (the default) answers 200 NEW; service 201 new, like the running service', async () => {
    expect(await initialize('https://docs.test', docs)).toEqual([200, 'NEW']);
    expect(await initialize('https://service.test', service)).toEqual([201, 'new']);
  });

  it('still takes the deprecated settings.behaviour', async () => {
    expect(await initialize('https://legacy.test', legacy)).toEqual([201, 'new']);
  });
});
