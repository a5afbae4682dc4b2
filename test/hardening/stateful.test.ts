import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AdjustableClock } from '../../src/reference-impl/clock.js';
import { seedDemo } from '../../src/reference-impl/demo.js';
import { createEngine, type Engine } from '../../src/reference-impl/engine.js';
import { defaultSettings } from '../../src/reference-impl/settings.js';
import { api } from './support/api.js';

/**
 * Stateful probes (issue 18, "What to deliver"): sequences of initialize, complete (right, wrong),
 * GET verified and clock moves on a few phones, the state checked after each against a model
 * written from CONTRACT.md and domain/verifications.ts's comments (seeds/002, reference §3.2):
 * a code completes only while active and unexpired; a wrong one is counted and locks at
 * maxAttempts (`attempts`) or is replaced by a new SMS (`resend`); an expired try counts under
 * `attempts` only; a verified phone stays verified. The engine's clock is fixed (no wall time),
 * so a lifetime boundary is exact. The SMS cap is set out of reach: brute-force.test.ts has it.
 * Checked: with `now > current.expiresAt` for `>=` in verifications.ts the probe finds
 * initialize, advance(900), complete(right) answering 200.
 */

const PHONES = ['+380501230101', '+380501230102', '+380501230103'] as const;
const LIFETIME = defaultSettings.codeLifetimeSeconds;

interface PhoneModel {
  active: boolean;
  code: number;
  expiresAt: number;
  attempts: number;
}
interface Model {
  now: number;
  readonly phones: Map<string, PhoneModel>;
  readonly verified: Set<string>;
}
interface Real {
  readonly engine: Engine;
  readonly otp: ReturnType<typeof api>;
  readonly policy: 'resend' | 'attempts';
}

const newest = async (r: Real, phone: string) => (await r.otp.codes(phone))[0] ?? -1;

class Initialize implements fc.AsyncCommand<Model, Real> {
  constructor(readonly phone: string) {}
  check = () => true;
  async run(m: Model, r: Real) {
    expect((await r.otp.initialize(this.phone)).status).toBe(200);
    m.phones.set(this.phone, {
      active: true,
      code: await newest(r, this.phone),
      expiresAt: m.now + LIFETIME * 1000,
      attempts: 0,
    });
  }
  toString = () => `initialize(${this.phone})`;
}

class Complete implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly phone: string,
    readonly right: boolean,
  ) {}
  check = () => true;
  async run(m: Model, r: Real) {
    const p = m.phones.get(this.phone);
    const code = p === undefined ? 1232 : this.right ? p.code : p.code + 1;
    const sentBefore = (await r.otp.codes(this.phone)).length;
    const res = await r.otp.complete(this.phone, code);
    const maxAttempts = r.engine.settings.maxAttempts;
    const count = (rec: PhoneModel) => {
      rec.attempts++;
      if (rec.attempts >= maxAttempts) rec.active = false;
    };
    if (p === undefined || !p.active) {
      expect(res.status).not.toBe(200);
    } else if (m.now >= p.expiresAt) {
      expect(res.status).not.toBe(200);
      if (r.policy === 'attempts') count(p);
    } else if (this.right) {
      expect(res.status).toBe(200);
      p.active = false;
      m.verified.add(this.phone);
    } else {
      expect(res.status).not.toBe(200);
      if (r.policy === 'attempts') count(p);
      else {
        // The wrong code is replaced at once by a new SMS.
        expect((await r.otp.codes(this.phone)).length).toBe(sentBefore + 1);
        const fresh = await newest(r, this.phone);
        Object.assign(p, { active: true, code: fresh, expiresAt: m.now + LIFETIME * 1000, attempts: 0 });
      }
    }
  }
  toString = () => `complete(${this.phone}, ${this.right ? 'right' : 'wrong'})`;
}

class Verified implements fc.AsyncCommand<Model, Real> {
  constructor(readonly phone: string) {}
  check = () => true;
  async run(m: Model, r: Real) {
    expect((await r.otp.verified(this.phone)).status).toBe(m.verified.has(this.phone) ? 200 : 404);
  }
  toString = () => `verified(${this.phone})`;
}

class Advance implements fc.AsyncCommand<Model, Real> {
  constructor(readonly seconds: number) {}
  check = () => true;
  async run(m: Model, r: Real) {
    r.engine.clock.advance(this.seconds);
    m.now += this.seconds * 1000;
    // Past keepUntil the store may sweep a record: a swept phone behaves as one never initialized.
    await r.engine.store.sweep(r.engine.clock.now());
    for (const [phone, p] of m.phones)
      if ((await r.engine.store.getPhone(phone)) === undefined) m.phones.set(phone, { ...p, active: false });
  }
  toString = () => `advance(${this.seconds})`;
}

const phone = fc.constantFrom(...PHONES);
const commands = fc.commands(
  [
    phone.map((p) => new Initialize(p)),
    fc.tuple(phone, fc.boolean()).map(([p, right]) => new Complete(p, right)),
    phone.map((p) => new Verified(p)),
    fc.constantFrom(1, LIFETIME - 1, LIFETIME, 3600).map((s) => new Advance(s)),
  ],
  { maxCommands: 40 },
);

describe.each(['resend', 'attempts'] as const)('stateful probes under wrongCodePolicy %s', (policy) => {
  it('every answer matches the model after each step of a random sequence', async () => {
    await fc.assert(
      fc.asyncProperty(commands, async (cmds) => {
        const start = Date.UTC(2026, 0, 1);
        const engine = createEngine({
          settings: { wrongCodePolicy: policy, smsCapLimit: 1_000_000 },
          clock: new AdjustableClock(() => start),
        });
        await seedDemo(engine);
        const real: Real = { engine, otp: api(engine), policy };
        const model: Model = { now: start, phones: new Map(), verified: new Set() };
        await fc.asyncModelRun(() => ({ model, real }), cmds);
      }),
      { numRuns: 150 },
    );
  });
});
