import { setupServer } from 'msw/node';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createEhealthOtpClient } from '../../src/client/index.js';
import { createHandlers } from '../../src/msw/index.js';
import { DEMO_PERSON } from '../../src/reference-impl/demo.js';

/*
 * The OFFLINE upload URLs a create hands out point at the origin the request came to, so under
 * msw they are served in-process too: PUT the scan, then approve (AP:3214-3217).
 */

const API = 'https://ehealth.test';
const { handlers, state } = createHandlers();
const server = setupServer(...handlers);
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());

it('an OFFLINE request is approved once its document was PUT to the handed-out URL', async () => {
  const { token, api_key } = await state.createToken(['person_request:write', 'person_request:read']);
  const client = createEhealthOtpClient({ baseUrl: API, token, apiKey: api_key });
  const created = await client.createPersonRequestV2({
    person: { ...DEMO_PERSON, authentication_methods: [{ type: 'OFFLINE' }] },
    patient_signed: false,
    process_disclosure_data_consent: true,
  });
  expect(created.response.status).toBe(201);
  const id = created.data?.data.id ?? '';
  const url = created.data?.urgent.documents?.[0]?.url ?? '';
  expect(url.startsWith(`${API}/uploads/${id}/person.PASSPORT?signature=`)).toBe(true);

  expect((await client.approvePersonRequestV2(id)).response.status).toBe(409);
  const put = await fetch(url, {
    method: 'PUT',
    headers: { 'content-type': 'image/jpeg' },
    body: new Uint8Array([0xff, 0xd8]),
  });
  expect(put.status).toBe(200);
  const approved = await client.approvePersonRequestV2(id);
  expect(approved.response.status).toBe(201);
  expect(approved.data?.data.status).toBe('APPROVED');
});
