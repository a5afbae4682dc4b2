import { RESENDS_PER_PERSON_REQUEST, type Slot } from './mix.js';

/**
 * Prepares slots on the reference server before a measured run, outside the timing: phones that
 * have a verification whose code is known (read back through the control API's SMS outbox), and
 * person requests with an OTP method, each used for at most RESENDS_PER_PERSON_REQUEST resends.
 */
export interface PoolTarget {
  readonly url: string;
  readonly controlToken: string;
  readonly token: string;
  readonly apiKey: string;
}

/** The outbox is a ring of 10,000 SMS: read it back before it wraps. */
const BATCH = 4_000;
const CONCURRENCY = 16;

async function call(url: string, init: RequestInit, expected: number): Promise<unknown> {
  const res = await fetch(url, init);
  const text = await res.text();
  if (res.status !== expected) throw new Error(`${init.method ?? 'GET'} ${url} → ${res.status}: ${text}`);
  return text === '' ? undefined : (JSON.parse(text) as unknown);
}

async function inParallel<T>(items: readonly T[], work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const item = items[next++] as T;
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
}

export async function preparePool(target: PoolTarget, size: number, fresh: () => string): Promise<Slot[]> {
  const control = { authorization: `Bearer ${target.controlToken}`, 'content-type': 'application/json' };
  const api = {
    authorization: `Bearer ${target.token}`,
    'api-key': target.apiKey,
    'content-type': 'application/json',
  };

  const personRequests: string[] = [];
  const prPhones = Array.from({ length: Math.ceil(size / RESENDS_PER_PERSON_REQUEST) }, fresh);
  await inParallel(prPhones, async (phone) => {
    const created = (await call(
      `${target.url}/__control/person_requests`,
      {
        method: 'POST',
        headers: control,
        body: JSON.stringify({ authentication_methods: [{ type: 'OTP', phone_number: phone }] }),
      },
      201,
    )) as { id: string };
    personRequests.push(created.id);
  });

  const slots: Slot[] = [];
  for (let start = 0; start < size; start += BATCH) {
    const phones = Array.from({ length: Math.min(BATCH, size - start) }, fresh);
    await inParallel(phones, async (phone) => {
      await call(
        `${target.url}/api/verifications`,
        { method: 'POST', headers: api, body: JSON.stringify({ phone_number: phone }) },
        200,
      );
    });
    const outbox = (await call(`${target.url}/__control/sms`, { headers: control }, 200)) as {
      data: { phone_number: string; code: string }[];
    };
    // Newest first: the first SMS seen for a phone carries its current code.
    const codes = new Map<string, number>();
    for (const sms of outbox.data) {
      if (!codes.has(sms.phone_number)) codes.set(sms.phone_number, Number(sms.code));
    }
    for (const phone of phones) {
      const code = codes.get(phone);
      if (code === undefined) throw new Error(`no SMS found for prepared phone ${phone}`);
      const personRequestId = personRequests[Math.floor(slots.length / RESENDS_PER_PERSON_REQUEST)];
      if (personRequestId === undefined) throw new Error('ran out of prepared person requests');
      slots.push({ phone, code, personRequestId });
    }
  }
  return slots;
}
