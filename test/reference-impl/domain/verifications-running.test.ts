import { describe, expect, it } from 'vitest';
import { domain, errorOf } from '../support/domain.js';

const PHONE = '+380501234567';

/** The running service's deactivator and terminator (findings O15, O16) under `profile: service`. */
describe('Verifications under the running profile', () => {
  it('an expired code is `expired` for a minute, then inactive: Maximum attempts exceed (O15)', async () => {
    const d = domain({ profile: 'service' });
    await d.verifications.initialize(PHONE);
    const code = await d.lastCode(PHONE);
    d.clock.advance(900 + 59);
    expect(errorOf(await d.verifications.complete(PHONE, code))).toBe('verification_expired');
    d.clock.advance(1);
    expect(errorOf(await d.verifications.complete(PHONE, code))).toBe('verification_inactive');
  });

  it('documented never deactivates an expired code: it stays `expired` until dropped', async () => {
    const d = domain();
    await d.verifications.initialize(PHONE);
    d.clock.advance(900 + 3000);
    expect(errorOf(await d.verifications.complete(PHONE, await d.lastCode(PHONE)))).toBe(
      'verification_expired',
    );
  });

  it('keeps the row 30 days past expiry, not an hour (O16), and drops it after', async () => {
    const d = domain({ profile: 'service' });
    await d.verifications.initialize(PHONE);
    d.clock.advance(900 + 30 * 24 * 3600 - 1);
    await d.verifications.initialize('+380500000001');
    expect(errorOf(await d.verifications.complete(PHONE, 1232))).toBe('verification_inactive');
    d.clock.advance(1);
    await d.verifications.initialize('+380500000002');
    expect(errorOf(await d.verifications.complete(PHONE, 1232))).toBe('verification_not_found');
  });

  it('an individual setting overrides the profile: no deactivator with expiredDeactivationSeconds 0', async () => {
    const d = domain({ profile: 'service', expiredDeactivationSeconds: 0 });
    await d.verifications.initialize(PHONE);
    d.clock.advance(900 + 3000);
    expect(errorOf(await d.verifications.complete(PHONE, await d.lastCode(PHONE)))).toBe(
      'verification_expired',
    );
  });
});
