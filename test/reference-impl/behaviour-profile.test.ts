import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { specDivergences } from '../../src/conformance/spec-divergences.js';
import { loadSpec } from '../../src/contract/spec-files.js';
import { DEMO_API_KEY, seedDemo } from '../../src/reference-impl/demo.js';
import { createEngine, type Engine, type EngineOptions } from '../../src/reference-impl/engine.js';
import {
  defaultSettings,
  profiles,
  resolveSettings,
  type Settings,
} from '../../src/reference-impl/settings.js';

const PHONE = '+380501234567';

/** The engine with the demo tokens, asked directly: a `service` answer leaves the spec's enum on purpose. */
async function engineWith(options: EngineOptions): Promise<Engine> {
  const engine = createEngine(options);
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
  it('docs is the default and follows the seeds and Apiary', () => {
    expect(resolveSettings()).toMatchObject({ profile: 'docs', ...profiles.docs });
    expect(defaultSettings).toMatchObject({
      wrongCodePolicy: 'resend',
      initializeCreated: false,
      statusCase: 'upper',
    });
  });

  it('service turns on every switch at once; an individual setting still overrides it', () => {
    expect(resolveSettings({ profile: 'service' })).toMatchObject({
      profile: 'service',
      wrongCodePolicy: 'attempts',
      initializeCreated: true,
      statusCase: 'lower',
    });
    expect(resolveSettings({ profile: 'service', statusCase: 'upper' })).toMatchObject({
      wrongCodePolicy: 'attempts',
      statusCase: 'upper',
    });
    expect(resolveSettings({ initializeCreated: true }).statusCase).toBe('upper');
  });

  it('still accepts the deprecated behaviour names: documented is docs, running is service', () => {
    expect(resolveSettings({ behaviour: 'running' })).toEqual(resolveSettings({ profile: 'service' }));
    expect(resolveSettings({ behaviour: 'documented' })).toEqual(resolveSettings({ profile: 'docs' }));
    // The new name wins when both are given.
    expect(resolveSettings({ behaviour: 'running', profile: 'docs' }).statusCase).toBe('upper');
  });

  it('the engine and the msw handlers take `profile` as an option; settings.profile wins over it', () => {
    expect(createEngine({ profile: 'service' }).settings.statusCase).toBe('lower');
    expect(createEngine({ profile: 'service', settings: { profile: 'docs' } }).settings.statusCase).toBe(
      'upper',
    );
  });

  it('refuses an unknown profile or choice at start-up', () => {
    expect(() => resolveSettings({ profile: 'prod' as Settings['profile'] })).toThrow(
      /profile must be one of "docs", "service"/,
    );
    expect(() => resolveSettings({ behaviour: 'prod' as 'running' })).toThrow(/behaviour must be one of/);
    expect(() => resolveSettings({ statusCase: 'title' as Settings['statusCase'] })).toThrow(/statusCase/);
  });

  it('docs: initialize 200 with NEW, complete VERIFIED', async () => {
    const engine = await engineWith({});
    const init = await call(engine, 'POST', '/api/verifications', { phone_number: PHONE });
    expect([init.status, init.json.meta.code, init.json.data.status]).toEqual([200, 200, 'NEW']);
  });

  it('service: initialize 201 with `new`, complete `verified`, three wrong tries lock the code', async () => {
    const engine = await engineWith({ profile: 'service' });
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
  const entries: { id: string; switch: unknown; profiles: unknown }[] = [];
  const collect = (list: unknown) => {
    if (Array.isArray(list))
      for (const e of list as Record<string, unknown>[])
        entries.push({ id: String(e.id), switch: e['x-switch'], profiles: e['x-profiles'] });
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

  it('each setting the service profile changes is the x-switch of a divergence', () => {
    const changed = Object.keys(profiles.service).filter(
      (k) =>
        profiles.service[k as keyof typeof profiles.service] !==
        profiles.docs[k as keyof typeof profiles.docs],
    );
    const switches = new Set(entries.map((e) => e.switch));
    expect(changed.filter((k) => !switches.has(k))).toEqual([]);
  });

  it("each entry's profile sides (x-switch, x-profiles) are what settings.ts profiles do: docs the kit, service observed where it turns the switch", () => {
    const sides = new Map(specDivergences().map((d) => [d.id, d.profiles]));
    for (const e of entries) {
      if (e.switch === 'none') {
        // No setting: nothing can switch it, so x-profiles would have nothing to say.
        expect(e.profiles, e.id).toBeUndefined();
        expect(sides.get(e.id), e.id).toEqual({ docs: 'kit', service: 'kit' });
        continue;
      }
      const key = e.switch as keyof typeof profiles.docs;
      // A setting outside `profiles` (codeLength) is the same under both: the default.
      const turned =
        key in profiles.service && profiles.service[key] !== profiles.docs[key] ? 'observed' : 'kit';
      expect(sides.get(e.id), e.id).toEqual({ docs: 'kit', service: turned });
    }
  });

  it('docs/divergences.md "Behaviour profiles" has one row per divergence with its x-switch', () => {
    const spec = new Map(entries.map((e) => [e.id, e.switch]));
    expect([...rows.keys()].sort()).toEqual([...spec.keys()].sort());
    for (const [id, sw] of rows) expect(sw, String(id)).toBe(spec.get(String(id)));
  });
});
