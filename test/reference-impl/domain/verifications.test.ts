import { describe, expect, it } from 'vitest';
import { domain, errorOf, T0, unwrap } from '../support/domain.js';

const PHONE = '+380501234567';
const OTHER = '+380507654321';

describe('Verifications.initialize', () => {
  it('creates an active NEW verification that expires after the code lifetime and sends one SMS', async () => {
    const d = domain();
    const view = unwrap(await d.verifications.initialize(PHONE));
    expect(view).toMatchObject({ status: 'NEW', active: true, codeExpiredAt: T0 + 900_000 });
    const sms = await d.outbox.list(PHONE);
    expect(sms).toHaveLength(1);
    expect(sms[0]?.code).toMatch(/^[1-9]{3}[0-9]$/);
    expect(sms[0]?.text.endsWith(sms[0]?.code ?? '?')).toBe(true);
  });

  it('cancels the previous code: only the newest code completes', async () => {
    const d = domain({ wrongCodePolicy: 'attempts' });
    const first = unwrap(await d.verifications.initialize(PHONE));
    const oldCode = await d.lastCode(PHONE);
    const second = unwrap(await d.verifications.initialize(PHONE));
    const newCode = await d.lastCode(PHONE);
    expect(second.id).not.toBe(first.id);
    expect(newCode).not.toBe(oldCode);
    expect(errorOf(await d.verifications.complete(PHONE, oldCode))).toBe('code_mismatch');
    expect(unwrap(await d.verifications.complete(PHONE, newCode)).status).toBe('VERIFIED');
  });
});

describe('Verifications.complete', () => {
  it('verifies the phone with the right code and deactivates the code', async () => {
    const d = domain();
    await d.verifications.initialize(PHONE);
    const view = unwrap(await d.verifications.complete(PHONE, await d.lastCode(PHONE)));
    expect(view).toMatchObject({ status: 'VERIFIED', active: false });
    expect(unwrap(await d.verifications.verifiedPhone(PHONE))).toEqual({ phoneNumber: PHONE });
  });

  it('answers verification_not_found for a phone that never got a code', async () => {
    const d = domain();
    expect(errorOf(await d.verifications.complete(PHONE, 1232))).toBe('verification_not_found');
  });

  it('answers verification_inactive once the code was used', async () => {
    const d = domain();
    await d.verifications.initialize(PHONE);
    const code = await d.lastCode(PHONE);
    unwrap(await d.verifications.complete(PHONE, code));
    expect(errorOf(await d.verifications.complete(PHONE, code))).toBe('verification_inactive');
  });

  it('accepts the code until its lifetime ends and answers verification_expired from then on', async () => {
    const d = domain();
    await d.verifications.initialize(PHONE);
    await d.verifications.initialize(OTHER);
    d.clock.advance(899);
    expect(unwrap(await d.verifications.complete(OTHER, await d.lastCode(OTHER))).status).toBe('VERIFIED');
    d.clock.advance(1);
    expect(errorOf(await d.verifications.complete(PHONE, await d.lastCode(PHONE)))).toBe(
      'verification_expired',
    );
  });

  it('under the default resend policy leaves an expired code as it was and sends nothing', async () => {
    const d = domain();
    await d.verifications.initialize(PHONE);
    const code = await d.lastCode(PHONE);
    d.clock.advance(900);
    for (let i = 0; i < 5; i++) {
      expect(errorOf(await d.verifications.complete(PHONE, code))).toBe('verification_expired');
    }
    expect(await d.smsCount(PHONE)).toBe(1);
  });

  it('under the default resend policy deactivates a wrongly guessed code and sends a new one (seeds/002)', async () => {
    const d = domain();
    await d.verifications.initialize(PHONE);
    const oldCode = await d.lastCode(PHONE);
    expect(errorOf(await d.verifications.complete(PHONE, oldCode + 1))).toBe('code_mismatch');
    expect(await d.smsCount(PHONE)).toBe(2);
    const newCode = await d.lastCode(PHONE);
    expect(newCode).not.toBe(oldCode);
    const record = await d.store.getPhone(PHONE);
    expect(record).toMatchObject({ status: 'NEW', active: true, code: newCode, expiresAt: T0 + 900_000 });
    expect(unwrap(await d.verifications.complete(PHONE, newCode)).status).toBe('VERIFIED');
  });

  it('under the attempts policy counts wrong codes and locks at maxAttempts as UNVERIFIED without a new SMS', async () => {
    const d = domain({ wrongCodePolicy: 'attempts', maxAttempts: 3 });
    await d.verifications.initialize(PHONE);
    const code = await d.lastCode(PHONE);
    for (let attempt = 1; attempt <= 2; attempt++) {
      expect(errorOf(await d.verifications.complete(PHONE, code + 1))).toBe('code_mismatch');
      expect(await d.store.getPhone(PHONE)).toMatchObject({ status: 'NEW', active: true, attempts: attempt });
    }
    expect(errorOf(await d.verifications.complete(PHONE, code + 1))).toBe('code_mismatch');
    expect(await d.store.getPhone(PHONE)).toMatchObject({ status: 'UNVERIFIED', active: false, attempts: 3 });
    expect(errorOf(await d.verifications.complete(PHONE, code))).toBe('verification_inactive');
    expect(await d.smsCount(PHONE)).toBe(1);
    expect(errorOf(await d.verifications.verifiedPhone(PHONE))).toBe('phone_not_verified');
  });

  it('under the attempts policy counts an expired try as an attempt (reference §3.2)', async () => {
    const d = domain({ wrongCodePolicy: 'attempts', maxAttempts: 2 });
    await d.verifications.initialize(PHONE);
    const code = await d.lastCode(PHONE);
    d.clock.advance(900);
    expect(errorOf(await d.verifications.complete(PHONE, code))).toBe('verification_expired');
    expect(errorOf(await d.verifications.complete(PHONE, code))).toBe('verification_expired');
    expect(await d.store.getPhone(PHONE)).toMatchObject({ status: 'UNVERIFIED', active: false });
    expect(errorOf(await d.verifications.complete(PHONE, code))).toBe('verification_inactive');
  });

  it('lets exactly one of many simultaneous right answers verify', async () => {
    const d = domain();
    await d.verifications.initialize(PHONE);
    const code = await d.lastCode(PHONE);
    const results = await Promise.all(
      Array.from({ length: 25 }, () => d.verifications.complete(PHONE, code)),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(new Set(results.filter((r) => !r.ok).map(errorOf))).toEqual(new Set(['verification_inactive']));
  });
});

describe('the per-phone SMS cap', () => {
  it('refuses the SMS past the cap with the seconds until the oldest send leaves the window', async () => {
    const d = domain({ smsCapLimit: 3, smsCapWindowSeconds: 600 });
    for (let i = 0; i < 3; i++) unwrap(await d.verifications.initialize(PHONE));
    expect(await d.verifications.initialize(PHONE)).toEqual({
      ok: false,
      error: { code: 'sms_cap_reached', retryAfterSeconds: 600 },
    });
    d.clock.advance(200);
    expect(await d.verifications.initialize(PHONE)).toEqual({
      ok: false,
      error: { code: 'sms_cap_reached', retryAfterSeconds: 400 },
    });
    expect(await d.smsCount(PHONE)).toBe(3);
    unwrap(await d.verifications.initialize(OTHER));
  });

  it('slides: a send leaves the window once the window has passed since it', async () => {
    const d = domain({ smsCapLimit: 3, smsCapWindowSeconds: 600 });
    unwrap(await d.verifications.initialize(PHONE));
    d.clock.advance(300);
    unwrap(await d.verifications.initialize(PHONE));
    unwrap(await d.verifications.initialize(PHONE));
    expect(await d.verifications.initialize(PHONE)).toMatchObject({ error: { retryAfterSeconds: 300 } });
    d.clock.advance(300);
    unwrap(await d.verifications.initialize(PHONE));
    expect(await d.verifications.initialize(PHONE)).toMatchObject({ error: { retryAfterSeconds: 300 } });
    expect(await d.smsCount(PHONE)).toBe(4);
  });

  it('counts the new code sent after a wrong one; past the cap the wrong code still deactivates and nothing is sent', async () => {
    const d = domain({ smsCapLimit: 2 });
    await d.verifications.initialize(PHONE);
    const first = await d.lastCode(PHONE);
    expect(errorOf(await d.verifications.complete(PHONE, first + 1))).toBe('code_mismatch');
    const second = await d.lastCode(PHONE);
    expect(await d.verifications.complete(PHONE, second + 1)).toEqual({
      ok: false,
      error: { code: 'sms_cap_reached', retryAfterSeconds: 3600 },
    });
    expect(await d.smsCount(PHONE)).toBe(2);
    expect(errorOf(await d.verifications.complete(PHONE, second))).toBe('verification_inactive');
  });
});

describe('memory', () => {
  it('drops a verification once its lifetime and retention have passed', async () => {
    const d = domain({ codeLifetimeSeconds: 900, expiredRetentionSeconds: 3600, smsCapWindowSeconds: 600 });
    await d.verifications.initialize(PHONE);
    d.clock.advance(900 + 3600 - 1);
    // Until then complete still says "expired" rather than "not found".
    expect(errorOf(await d.verifications.complete(PHONE, await d.lastCode(PHONE)))).toBe(
      'verification_expired',
    );
    await d.verifications.initialize(OTHER);
    expect((await d.store.size()).phones).toBe(2);
    d.clock.advance(1);
    await d.verifications.initialize('+380500000001');
    expect((await d.store.size()).phones).toBe(2);
    expect(await d.store.getPhone(PHONE)).toBeUndefined();
    expect(errorOf(await d.verifications.complete(PHONE, 1232))).toBe('verification_not_found');
  });

  it('keeps a record for the whole SMS cap window even when its retention is shorter, so the cap holds', async () => {
    const d = domain({
      codeLifetimeSeconds: 60,
      expiredRetentionSeconds: 0,
      smsCapLimit: 2,
      smsCapWindowSeconds: 3600,
    });
    await d.verifications.initialize(PHONE);
    await d.verifications.initialize(PHONE);
    d.clock.advance(3599);
    await d.verifications.initialize(OTHER);
    expect((await d.store.size()).phones).toBe(2);
    expect(errorOf(await d.verifications.initialize(PHONE))).toBe('sms_cap_reached');
    d.clock.advance(1);
    await d.verifications.initialize(OTHER);
    expect((await d.store.size()).phones).toBe(1);
    unwrap(await d.verifications.initialize(PHONE));
  });

  it('stays bounded under many phones: only the records still inside their keep time remain', async () => {
    const d = domain({ codeLifetimeSeconds: 60, expiredRetentionSeconds: 60, smsCapWindowSeconds: 60 });
    for (let i = 0; i < 500; i++) {
      await d.verifications.initialize(`+380${String(100_000_000 + i)}`);
      d.clock.advance(1);
    }
    // Each record lives 120 s (lifetime + retention); one initialize a second keeps about 120.
    expect((await d.store.size()).phones).toBeLessThanOrEqual(121);
  });

  it('never forgets a verified phone when its verification is dropped', async () => {
    const d = domain({ expiredRetentionSeconds: 0, smsCapWindowSeconds: 60, codeLifetimeSeconds: 60 });
    await d.verifications.initialize(PHONE);
    unwrap(await d.verifications.complete(PHONE, await d.lastCode(PHONE)));
    d.clock.advance(3600);
    await d.verifications.initialize(OTHER);
    expect(await d.store.getPhone(PHONE)).toBeUndefined();
    expect(unwrap(await d.verifications.verifiedPhone(PHONE))).toEqual({ phoneNumber: PHONE });
  });

  it('keeps only the newest messages in the outbox, newest first', async () => {
    const d = domain({ outboxLimit: 3 });
    for (let i = 0; i < 5; i++) await d.verifications.initialize(`+38050000000${i}`);
    const phones = (await d.outbox.list()).map((sms) => sms.phoneNumber);
    expect(phones).toEqual(['+380500000004', '+380500000003', '+380500000002']);
    expect((await d.store.size()).sms).toBe(3);
  });
});
