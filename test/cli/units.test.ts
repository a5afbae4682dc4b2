import { describe, expect, it } from 'vitest';
import { demoExposureWarning, isLoopback } from '../../src/cli/serve.js';
import { createEngine } from '../../src/reference-impl/engine.js';
import { seededRandom } from '../../src/reference-impl/random-seeded.js';

describe('the demo exposure warning', () => {
  it('warns when demo mode binds beyond loopback, and only then', () => {
    for (const host of ['127.0.0.1', '127.1.2.3', '::1', 'localhost']) {
      expect(isLoopback(host), host).toBe(true);
      expect(demoExposureWarning(true, host)).toBeUndefined();
    }
    for (const host of ['0.0.0.0', '::', '192.168.1.10', 'example.internal']) {
      expect(isLoopback(host), host).toBe(false);
      expect(demoExposureWarning(true, host)).toMatch(/^warning: demo mode on .* reachable from the network/);
      expect(demoExposureWarning(false, host)).toBeUndefined();
    }
  });
});

describe('seededRandom', () => {
  it('repeats the same ints, uuids and secrets for the same seed, and differs for another', () => {
    const draw = (seed: number) => {
      const r = seededRandom(seed);
      return [r.int(1, 10), r.int(0, 1000), r.uuid(), r.secret(), r.uuid()];
    };
    expect(draw(7)).toEqual(draw(7));
    expect(draw(8)).not.toEqual(draw(7));
  });

  it('keeps ints in [min, max) and uuids in the version 4 layout', () => {
    const r = seededRandom(1);
    const ints = Array.from({ length: 2000 }, () => r.int(1, 10));
    expect(Math.min(...ints)).toBe(1);
    expect(Math.max(...ints)).toBe(9);
    for (let i = 0; i < 50; i++)
      expect(r.uuid()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(r.secret()).toMatch(/^[0-9a-f]{32}$/);
  });

  it('makes an engine issue the same codes and ids', async () => {
    const flow = async () => {
      const engine = createEngine({ random: seededRandom(99) });
      const { token } = await engine.control.createToken(['otp:write']);
      const answer = await engine.handle({
        method: 'POST',
        target: '/api/verifications',
        origin: 'http://127.0.0.1',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: new TextEncoder().encode('{"phone_number":"+380501234567"}'),
      });
      const [sms] = await engine.control.listSms();
      return { token, id: (JSON.parse(answer.body) as { data: { id: string } }).data.id, code: sms?.code };
    };
    const first = await flow();
    expect(first.code).toMatch(/^\d{4}$/);
    expect(await flow()).toEqual(first);
  });
});
