import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { SeedAuthMethod, SeedPersonRequest } from '../../../src/reference-impl/control/control-state.js';
import { Harness } from '../support/harness.js';

const OWN = '+380501110001';
const THIRD = '+380501110002';
const UNKNOWN_ID = '00000000-0000-4000-8000-000000000999';

const otp = (phone_number: string, extra: Partial<SeedAuthMethod> = {}): SeedAuthMethod =>
  ({ type: 'OTP', phone_number, ...extra }) as SeedAuthMethod;
const offline = (extra: Partial<SeedAuthMethod> = {}): SeedAuthMethod =>
  ({ type: 'OFFLINE', ...extra }) as SeedAuthMethod;
const thirdPerson = (alias: string, methods: SeedAuthMethod[], documents: string[] = []): SeedAuthMethod => ({
  type: 'THIRD_PERSON',
  alias,
  third_person: { authentication_methods: methods, documents: documents.map((type) => ({ type })) },
});

let h: Harness;
beforeAll(async () => {
  h = await Harness.start();
});
afterAll(() => h.close());
beforeEach(() => h.reset());

const seed = (methods: SeedAuthMethod[], extra: Partial<SeedPersonRequest> = {}) =>
  h.personRequest({
    status: 'NEW',
    authentication_methods: methods,
    documents: [{ type: 'PASSPORT' }],
    ...extra,
  });

describe('POST /api/person_requests/{id}/actions/resend_otp', () => {
  it('answers 200 with a new active verification and sends exactly one SMS to the OTP phone', async () => {
    const id = await seed([otp(OWN)]);
    const res = await h.resend(id);
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ status: 'NEW', active: true });
    expect(Object.keys(res.body.data ?? {}).sort()).toEqual(['active', 'code_expired_at', 'id', 'status']);
    expect(res.body).not.toHaveProperty('urgent');
    expect(await h.sms()).toHaveLength(1);
    expect(await h.sms(OWN)).toHaveLength(1);
  });

  it('makes the code sent before it invalid, and its own code verifies the phone', async () => {
    const id = await seed([otp(OWN)]);
    await h.resend(id);
    const earlier = await h.lastCode(OWN);
    await h.resend(id);
    const latest = await h.lastCode(OWN);
    expect(latest).not.toBe(earlier);
    const stale = await h.complete(OWN, earlier);
    expect(stale.status).toBe(403);
    expect(stale.body.error?.message).toBe('Invalid verification code');
    expect((await h.complete(OWN, await h.lastCode(OWN))).status).toBe(200);
  });

  it('sends to the method marked is_primary', async () => {
    const id = await seed([otp('+380501110003'), otp(OWN, { is_primary: true })]);
    expect((await h.resend(id)).status).toBe(200);
    expect((await h.sms()).map((s) => s.phone_number)).toEqual([OWN]);
  });

  it('sends a THIRD_PERSON request’s code to the third person’s phone', async () => {
    const id = await seed([thirdPerson('mother', [otp(THIRD)])]);
    expect((await h.resend(id)).status).toBe(200);
    expect((await h.sms()).map((s) => s.phone_number)).toEqual([THIRD]);
  });

  it('sends to the method chosen by type and alias in the body', async () => {
    const id = await seed([otp(OWN, { alias: 'self' }), thirdPerson('husband', [otp(THIRD)])]);
    const res = await h.resend(id, { json: { type: 'THIRD_PERSON', alias: 'husband' } });
    expect(res.status).toBe(200);
    expect((await h.sms()).map((s) => s.phone_number)).toEqual([THIRD]);
  });

  it('issues new upload URLs under urgent.documents, and no SMS, when OFFLINE is chosen', async () => {
    const id = await seed([otp(OWN), offline({ alias: 'paper' })]);
    const first = await h.resend(id, { json: { type: 'OFFLINE', alias: 'paper' } });
    expect(first.status).toBe(200);
    expect(first.body.data).toEqual({ id, status: 'NEW' });
    expect(first.body.urgent?.documents.map((d) => d.type)).toEqual(['person.PASSPORT']);
    const second = await h.resend(id, { json: { type: 'OFFLINE' } });
    expect(second.body.urgent?.documents[0]?.url).not.toBe(first.body.urgent?.documents[0]?.url);
    expect(await h.sms()).toEqual([]);
  });

  it('answers 429 with Retry-After past the phone’s SMS cap and sends nothing', async () => {
    const id = await seed([otp(OWN)]);
    for (let i = 0; i < 10; i++) expect((await h.resend(id)).status).toBe(200);
    const res = await h.resend(id);
    expect(res.status).toBe(429);
    expect(res.body.error?.type).toBe('too_many_requests');
    expect(Number(res.headers['retry-after'])).toBe(3600);
    expect(await h.sms(OWN)).toHaveLength(10);
  });

  describe('answers 401 access_denied', () => {
    it.each([
      [
        'without an Authorization header',
        { auth: null },
        "Authorization header is not set or doesn't contain Bearer token",
      ],
      [
        'with a Basic header',
        { auth: 'Basic dXNlcjpwYXNz' },
        "Authorization header is not set or doesn't contain Bearer token",
      ],
      ['with an unknown token', { auth: 'Bearer nope' }, 'Invalid access token'],
      ['without an api-key', { apiKey: null }, 'Api key is not set'],
      ['with an empty api-key', { apiKey: '' }, 'Api key is not set'],
      ['with a wrong api-key', { apiKey: 'not-the-secret' }, 'Invalid api key'],
    ] as const)('%s', async (_, options, message) => {
      const id = await seed([otp(OWN)]);
      const res = await h.resend(id, options);
      expect(res.status).toBe(401);
      expect(res.body.error).toEqual({ type: 'access_denied', message });
      expect(await h.sms()).toEqual([]);
    });

    it('with the api-key of another client', async () => {
      const id = await seed([otp(OWN)]);
      const other = await h.token(['person_request:write']);
      const res = await h.resend(id, { apiKey: other.api_key });
      expect(res.status).toBe(401);
      expect(res.body.error?.message).toBe('Invalid api key');
    });
  });

  it('answers 403 naming person_request:write to a token without that scope', async () => {
    const id = await seed([otp(OWN)]);
    const { token, api_key } = await h.token(['otp:write', 'otp:read']);
    const res = await h.resend(id, { auth: `Bearer ${token}`, apiKey: api_key });
    expect(res.status).toBe(403);
    expect(res.body.error).toEqual({
      type: 'forbidden',
      message: 'Your scope does not allow to access this resource. Missing allowances: person_request:write',
    });
    expect(await h.sms()).toEqual([]);
  });

  it('answers 404 not_found without a message for an unknown person request', async () => {
    const res = await h.resend(UNKNOWN_ID);
    expect(res.status).toBe(404);
    expect(res.body.error).toEqual({ type: 'not_found' });
  });

  describe('answers 409 request_conflict', () => {
    it('Auth method is not OTP, for an OFFLINE primary method', async () => {
      const id = await seed([offline(), otp(OWN)]);
      const res = await h.resend(id);
      expect(res.status).toBe(409);
      expect(res.body.error).toEqual({ type: 'request_conflict', message: 'Auth method is not OTP' });
      expect(await h.sms()).toEqual([]);
    });

    it('Auth method is not OTP, for a THIRD_PERSON whose third person is OFFLINE', async () => {
      const id = await seed([thirdPerson('mother', [offline()])]);
      const res = await h.resend(id);
      expect(res.status).toBe(409);
      expect(res.body.error).toEqual({ type: 'request_conflict', message: 'Auth method is not OTP' });
    });

    it.each(['APPROVED', 'SIGNED', 'CANCELLED', 'REJECTED'] as const)(
      'naming the status when the request is %s',
      async (status) => {
        const id = await seed([otp(OWN)], { status });
        const res = await h.resend(id);
        expect(res.status).toBe(409);
        expect(res.body.error).toEqual({
          type: 'request_conflict',
          message: `Person request status is ${status}, expected NEW`,
        });
        expect(await h.sms()).toEqual([]);
      },
    );

    it('about the auth method first when the request is both not OTP and not NEW (seeds/001 order)', async () => {
      const id = await seed([offline()], { status: 'APPROVED' });
      const res = await h.resend(id);
      expect(res.status).toBe(409);
      expect(res.body.error?.message).toBe('Auth method is not OTP');
    });
  });

  describe('answers 422 validation_failed', () => {
    it('on $.alias when no method matches the chosen type and alias', async () => {
      const id = await seed([otp(OWN, { alias: 'self' }), offline({ alias: 'paper' })]);
      const res = await h.resend(id, { json: { type: 'OTP', alias: 'paper' } });
      expect(res.status).toBe(422);
      expect(res.body.error?.invalid).toEqual([
        {
          entry: '$.alias',
          entry_type: 'json_data_property',
          rules: [
            {
              rule: 'invalid',
              description: 'No authentication method of the person matches type and alias',
              params: [],
            },
          ],
        },
      ]);
      expect(await h.sms()).toEqual([]);
    });

    it('on $.type when the person has no method of the chosen type', async () => {
      const id = await seed([otp(OWN)]);
      const res = await h.resend(id, { json: { type: 'OFFLINE' } });
      expect(res.status).toBe(422);
      expect(res.body.error?.invalid?.map((i) => i.entry)).toEqual(['$.type']);
    });

    it('accepts an empty body and sends to the primary method (DIV-RESEND-EMPTY-BODY)', async () => {
      const id = await seed([otp(OWN)]);
      const res = await h.resend(id, { json: {} });
      expect(res.status).toBe(200);
      expect((await h.sms()).map((s) => s.phone_number)).toEqual([OWN]);
    });

    it('on $.alias when the body has only an alias and no method carries it', async () => {
      const id = await seed([otp(OWN)]);
      const res = await h.resend(id, { json: { alias: 'nobody' } });
      expect(res.status).toBe(422);
      expect(res.body.error?.invalid?.map((i) => i.entry)).toEqual(['$.alias']);
    });

    it('on $.type when the type is not one of OTP, OFFLINE, THIRD_PERSON', async () => {
      const id = await seed([otp(OWN)]);
      const res = await h.resend(id, { json: { type: 'SMS' } });
      expect(res.status).toBe(422);
      expect(res.body.error?.invalid).toEqual([
        expect.objectContaining({
          entry: '$.type',
          rules: [expect.objectContaining({ params: ['OTP', 'OFFLINE', 'THIRD_PERSON'] })],
        }),
      ]);
    });

    it('with a cast rule when the alias is not a string, and a schema rule for an extra property', async () => {
      const id = await seed([otp(OWN)]);
      const res = await h.resend(id, { json: { type: 'OTP', alias: 7, phone: OWN } });
      expect(res.status).toBe(422);
      expect(res.body.error?.invalid).toEqual(
        expect.arrayContaining([
          {
            entry: '$.alias',
            entry_type: 'json_data_property',
            rules: [
              {
                rule: 'cast',
                description: 'type mismatch. Expected String but got Integer',
                params: ['string'],
              },
            ],
          },
          {
            entry: '$.phone',
            entry_type: 'json_data_property',
            rules: [
              {
                rule: 'schema',
                description: 'schema does not allow additional properties',
                params: { phone: OWN },
              },
            ],
          },
        ]),
      );
    });
  });
});
