/**
 * The engine alone, no HTTP: `npx tsx bench/engine-loop.ts` runs the bench mix (bench/lib/mix.ts:
 * initialize, complete with a wrong code, complete with the right one, get the verified phone,
 * resend) through `engine.handle`, BENCH_IN_FLIGHT (50) loops at once like 50 connections, and
 * prints the CPU µs per request of this process and the time the main thread spent in GC. The
 * requests are what node:http hands the adapter (headers as an object, the body as a Buffer), so
 * the figure is what the engine adds to a request beyond node:http; it is the part a change to
 * the engine's hot path moves. BENCH_SLOTS (20,000: five requests each) per run, BENCH_ROUNDS (5)
 * runs after a warm-up.
 */
import { PerformanceObserver } from 'node:perf_hooks';
import { listScopes } from '../src/contract/operations.js';
import type { Scope } from '../src/reference-impl/control/control-state.js';
import { createEngine } from '../src/reference-impl/engine.js';
import type { EngineRequest } from '../src/reference-impl/http/exchange.js';
import { median } from './lib/load.js';
import { RESENDS_PER_PERSON_REQUEST, route, WRONG_CODE } from './lib/mix.js';
import { phoneNumber } from './lib/phones.js';

/** Five requests per slot: 100,000 requests per run. */
const slotsPerRound = Number(process.env.BENCH_SLOTS ?? 20_000);
const rounds = Number(process.env.BENCH_ROUNDS ?? 5);
const inFlight = Number(process.env.BENCH_IN_FLIGHT ?? 50);

const engine = createEngine();
const { token, api_key } = await engine.control.createToken(listScopes() as readonly Scope[]);
const origin = 'http://127.0.0.1:4010';
let n = 0;
const fresh = () => phoneNumber(n++);

/** Header objects as node:http builds them (lower-case names), one per request. */
function request(kind: Parameters<typeof route>[0], param: string, body: string | undefined, id: string) {
  const r = route(kind);
  const headers: Record<string, string> = {
    host: '127.0.0.1:4010',
    authorization: `Bearer ${token}`,
    'api-key': api_key,
    'x-request-id': id,
  };
  if (body !== undefined) {
    headers['content-type'] = 'application/json';
    headers['content-length'] = String(Buffer.byteLength(body));
  }
  const req: EngineRequest = {
    method: r.method,
    target: r.before + param + r.after,
    origin,
    headers,
    body: body === undefined ? undefined : Buffer.from(body),
  };
  return req;
}

async function expect(req: EngineRequest, status: number): Promise<string> {
  const res = await engine.handle(req);
  if (res.status !== status) throw new Error(`${req.method} ${req.target} → ${res.status}: ${res.body}`);
  return res.body;
}

interface Slot {
  readonly phone: string;
  readonly code: number;
  readonly personRequestId: string;
}

/** As bench/lib/pool.ts over HTTP: phones with a known code, person requests to resend on. */
async function prepare(size: number): Promise<Slot[]> {
  const slots: Slot[] = [];
  let personRequestId = '';
  for (let i = 0; i < size; i++) {
    if (i % RESENDS_PER_PERSON_REQUEST === 0) {
      const created = await engine.control.createPersonRequest({
        status: 'NEW',
        authentication_methods: [{ type: 'OTP', phone_number: fresh() }],
      });
      personRequestId = created.id;
    }
    const phone = fresh();
    await expect(request('initialize', '', `{"phone_number":"${phone}"}`, `prepare:${phone}:padpad`), 200);
    const [sms] = await engine.outbox.list(phone);
    if (sms === undefined) throw new Error(`no SMS for ${phone}`);
    slots.push({ phone, code: Number(sms.code), personRequestId });
  }
  return slots;
}

/** One connection's loop over the mix until the prepared slots are used up; returns its request count. */
async function loop(slots: Slot[]): Promise<number> {
  let count = 0;
  for (;;) {
    const slot = slots.pop();
    if (slot === undefined) return count;
    const phone = fresh();
    await expect(request('initialize', '', `{"phone_number":"${phone}"}`, `initialize:${phone}`), 200);
    await expect(request('completeWrong', phone, `{"code":${WRONG_CODE}}`, `completeWrong:${phone}`), 403);
    await expect(
      request('completeRight', slot.phone, `{"code":${slot.code}}`, `completeRight:${slot.phone}`),
      200,
    );
    await expect(request('getVerified', slot.phone, undefined, `getVerified:${slot.phone}:pad`), 200);
    await expect(request('resend', slot.personRequestId, undefined, `resend:${slot.personRequestId}`), 200);
    count += 5;
  }
}

let gcMs = 0;
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) gcMs += entry.duration;
}).observe({ entryTypes: ['gc'] });

const perRequest: number[] = [];
const gcPerRequest: number[] = [];
for (let round = 0; round <= rounds; round++) {
  const slots = await prepare(slotsPerRound);
  // The observer reports on a later turn: let the preparation's entries arrive before counting.
  await new Promise((resolve) => setTimeout(resolve, 10));
  gcMs = 0;
  const cpu = process.cpuUsage();
  const counts = await Promise.all(Array.from({ length: inFlight }, () => loop(slots)));
  const used = process.cpuUsage(cpu);
  // The loop never leaves the microtask queue (the memory store answers at once): its GC entries
  // come now.
  await new Promise((resolve) => setTimeout(resolve, 10));
  const requests = counts.reduce((a, b) => a + b, 0);
  const us = (used.user + used.system) / requests;
  const gcUs = (gcMs * 1000) / requests;
  if (round > 0) {
    perRequest.push(us);
    gcPerRequest.push(gcUs);
  }
  process.stdout.write(
    `${round === 0 ? 'warm-up' : `round ${round}`}: ${requests} requests, ${us.toFixed(1)} µs CPU/request, ` +
      `GC ${gcUs.toFixed(1)} µs/request\n`,
  );
}
process.stdout.write(
  `median: ${median(perRequest).toFixed(1)} µs CPU/request, GC ${median(gcPerRequest).toFixed(1)} µs/request\n`,
);
