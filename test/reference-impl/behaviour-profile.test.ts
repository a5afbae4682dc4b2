import { describe, expect, it } from 'vitest';
import { DEMO_API_KEY, seedDemo } from '../../src/reference-impl/demo.js';
import { createEngine, type Engine } from '../../src/reference-impl/engine.js';
import {
  defaultSettings,
  profiles,
  resolveSettings,
  type Settings,
} from '../../src/reference-impl/settings.js';

const PHONE = '+380501234567';

/** The engine with the demo tokens, asked directly: a `running` answer leaves the spec's enum on purpose. */
async function engineWith(settings: Partial<Settings>): Promise<Engine> {
  const engine = createEngine({ settings });
  await seedDemo(engine);
  return engine;
}

async function call(engine: Engine, method: string, target: string, body: unknown) {
  const res = await engine.handle({
    method,
    target,
    origin: 'http://127.0.0.1',
    headers: {
      authorization: 'Bearer demo-token-all-scopes',
      'api-key': DEMO_API_KEY,
      'content-type': 'application/json',
    },
    body: new TextEncoder().encode(JSON.stringify(body)),
  });
  return {
    status: res.status,
    json: JSON.parse(res.body) as { meta: { code: number }; data: Record<string, unknown> },
  };
}

describe('the behaviour profile (issue 16)', () => {
  it('documented is the default and follows the seeds and Apiary', () => {
    expect(resolveSettings()).toMatchObject({ behaviour: 'documented', ...profiles.documented });
    expect(defaultSettings).toMatchObject({
      wrongCodePolicy: 'resend',
      initializeCreated: false,
      statusCase: 'upper',
    });
  });

  it('running turns on every switch at once; an individual setting still overrides it', () => {
    expect(resolveSettings({ behaviour: 'running' })).toMatchObject({
      wrongCodePolicy: 'attempts',
      initializeCreated: true,
      statusCase: 'lower',
    });
    expect(resolveSettings({ behaviour: 'running', statusCase: 'upper' })).toMatchObject({
      wrongCodePolicy: 'attempts',
      statusCase: 'upper',
    });
    expect(resolveSettings({ initializeCreated: true }).statusCase).toBe('upper');
  });

  it('refuses an unknown profile or choice at start-up', () => {
    expect(() => resolveSettings({ behaviour: 'prod' as Settings['behaviour'] })).toThrow(
      /behaviour must be one of/,
    );
    expect(() => resolveSettings({ statusCase: 'title' as Settings['statusCase'] })).toThrow(/statusCase/);
  });

  it('documented: initialize 200 with NEW, complete VERIFIED', async () => {
    const engine = await engineWith({});
    const init = await call(engine, 'POST', '/api/verifications', { phone_number: PHONE });
    expect([init.status, init.json.meta.code, init.json.data.status]).toEqual([200, 200, 'NEW']);
  });

  it('running: initialize 201 with `new`, complete `verified`, three wrong tries lock the code', async () => {
    const engine = await engineWith({ behaviour: 'running' });
    const init = await call(engine, 'POST', '/api/verifications', { phone_number: PHONE });
    expect([init.status, init.json.meta.code, init.json.data.status]).toEqual([201, 201, 'new']);
    const code = Number((await engine.outbox.list(PHONE))[0]?.code);
    const wrong = code === 1111 ? 2222 : 1111;
    const path = `/api/verifications/${encodeURIComponent(PHONE)}/actions/complete`;
    expect((await call(engine, 'PATCH', path, { code: wrong })).status).toBe(403);
    const done = await call(engine, 'PATCH', path, { code });
    expect([done.status, done.json.data.status]).toEqual([200, 'verified']);
    // No new SMS after the wrong code: the service never resends (DIV-WRONG-CODE-ATTEMPTS).
    expect(await engine.outbox.list(PHONE)).toHaveLength(1);
  });
});
