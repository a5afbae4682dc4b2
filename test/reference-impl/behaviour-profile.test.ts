import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadSpec } from '../../src/contract/spec-files.js';
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

describe('x-switch: each divergence names its setting (or none), and the profiles table agrees', () => {
  const doc = loadSpec('ehealth');
  const entries: { id: string; switch: unknown }[] = [];
  const collect = (list: unknown) => {
    if (Array.isArray(list))
      for (const e of list as Record<string, unknown>[])
        entries.push({ id: String(e.id), switch: e['x-switch'] });
  };
  collect((doc.info as Record<string, unknown>)['x-divergences']);
  for (const item of Object.values(doc.paths))
    for (const op of Object.values(item ?? {})) collect((op as Record<string, unknown>)['x-divergences']);
  const page = readFileSync(new URL('../../docs/divergences.md', import.meta.url), 'utf8');
  const rows = new Map(
    [...page.matchAll(/^\| `(DIV-[A-Z0-9-]+)` \| (`\w+`|none) \|/gm)].map((m) => [
      m[1],
      m[2]?.replaceAll('`', ''),
    ]),
  );

  it('every entry has x-switch: none or a setting of settings.ts, the same wherever the id repeats', () => {
    expect(entries.length).toBeGreaterThan(0);
    for (const e of entries) {
      expect(e.switch === 'none' || (typeof e.switch === 'string' && e.switch in defaultSettings), e.id).toBe(
        true,
      );
      expect(
        entries.filter((o) => o.id === e.id).every((o) => o.switch === e.switch),
        e.id,
      ).toBe(true);
    }
  });

  it('each setting the running profile changes is the x-switch of a divergence', () => {
    const changed = Object.keys(profiles.running).filter(
      (k) =>
        profiles.running[k as keyof typeof profiles.running] !==
        profiles.documented[k as keyof typeof profiles.documented],
    );
    const switches = new Set(entries.map((e) => e.switch));
    expect(changed.filter((k) => !switches.has(k))).toEqual([]);
  });

  it('docs/divergences.md "Behaviour profiles" has one row per divergence with its x-switch', () => {
    const spec = new Map(entries.map((e) => [e.id, e.switch]));
    expect([...rows.keys()].sort()).toEqual([...spec.keys()].sort());
    for (const [id, sw] of rows) expect(sw, String(id)).toBe(spec.get(String(id)));
  });
});
