import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CreatePersonRequestV2, createEhealthOtpClient } from '../../../src/client/index.js';
import { type ServeProcess, spawnServe } from '../../hardening/support/serve-process.js';

/*
 * An integrator's registration flow, written only against the documented API: the typed client
 * over `/api` of a spawned `serve` (demo mode: the documented demo token and api-key). No control
 * API: the SMS is read from the log line serve prints for each SMS in demo mode
 * (docs/reference-implementation.md "Demo mode"), as an integrator's test of its own code would.
 */

const PHONE = '+380507770001';
let serve: ServeProcess;

beforeAll(async () => {
  serve = await spawnServe([]);
  await serve.waitFor('Demo data');
}, 30_000);
afterAll(async () => {
  await serve.stop();
});

/** The code of the `n`-th SMS to the phone (1-based), once serve has printed it. */
async function smsCode(n: number): Promise<number> {
  const line = new RegExp(`^sms {2}\\${PHONE} .*\\(code (\\d+)\\)$`, 'gm');
  for (;;) {
    const codes = [...serve.output().stdout.matchAll(line)].map((m) => Number(m[1]));
    const code = codes[n - 1];
    if (code !== undefined) return code;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const person = (extra: Record<string, unknown> = {}): CreatePersonRequestV2['person'] => ({
  first_name: 'Марія',
  last_name: 'Коваленко',
  birth_date: '1988-03-14',
  birth_country: 'Україна',
  birth_settlement: 'Львів',
  gender: 'FEMALE',
  no_tax_id: false,
  tax_id: '2998877665',
  secret: 'secret',
  documents: [{ type: 'PASSPORT', number: 'КС123456', issued_by: 'Львівський РВ', issued_at: '2010-05-01' }],
  addresses: [
    {
      type: 'RESIDENCE',
      country: 'UA',
      area: 'Львівська',
      settlement: 'Львів',
      settlement_type: 'CITY',
      settlement_id: 'f2c1',
    },
  ],
  emergency_contact: {
    first_name: 'Іван',
    last_name: 'Коваленко',
    phones: [{ type: 'MOBILE', number: '+380671234567' }],
  },
  authentication_methods: [{ type: 'OTP', phone_number: PHONE }],
  ...extra,
});

describe('an integrator’s person-request flow against serve (documented API only)', () => {
  it('verify the phone → create → approve with the SMS code → sign → SIGNED', async () => {
    const api = createEhealthOtpClient({
      baseUrl: serve.url,
      token: 'demo-token-all-scopes',
      apiKey: 'demo-api-key',
    });

    expect((await api.initializeVerification(PHONE)).response.status).toBe(200);
    expect((await api.completeVerification(PHONE, await smsCode(1))).response.status).toBe(200);

    const created = await api.createPersonRequestV2({
      person: person(),
      patient_signed: false,
      process_disclosure_data_consent: true,
    });
    expect(created.response.status).toBe(201);
    const id = created.data?.data.id ?? '';
    expect(created.data?.urgent.authentication_method_current).toEqual([
      { type: 'OTP', phone_number: '+38050*****01' },
    ]);

    const approved = await api.approvePersonRequestV2(id, await smsCode(2));
    expect(approved.response.status).toBe(201);
    const data = approved.data?.data;
    expect(data?.status).toBe('APPROVED');

    const signedContent = Buffer.from(JSON.stringify({ ...data, patient_signed: true })).toString('base64');
    const signed = await api.signPersonRequestV2(id, signedContent);
    expect(signed.response.status).toBe(200);
    expect(signed.data?.data.person_id).toMatch(/^[0-9a-f-]{36}$/);

    const read = await api.getPersonRequestV2(id);
    expect(read.data?.data.status).toBe('SIGNED');
  });

  it('bad person bodies get the eHealth 422 per field', async () => {
    const api = createEhealthOtpClient({
      baseUrl: serve.url,
      token: 'demo-token-all-scopes',
      apiKey: 'demo-api-key',
    });
    const res = await api.createPersonRequestV2({
      person: person({ gender: 'OTHER', tax_id: '12345', documents: [] }) as CreatePersonRequestV2['person'],
      patient_signed: false,
      process_disclosure_data_consent: true,
    });
    expect(res.response.status).toBe(422);
    const entries = (res.error?.error.invalid ?? []).map((i) => [i.entry, i.rules?.[0]?.rule]);
    expect(entries).toEqual(
      expect.arrayContaining([
        ['$.person.gender', 'inclusion'],
        ['$.person.tax_id', 'format'],
        ['$.person.documents', 'length'],
      ]),
    );
    expect(entries).toHaveLength(3);
  });
});
