// One fresh process of the msw cold start (bench/lib/cold-start.ts runs it ≥ 10 times): msw's own
// import, then the kit as installed (dist/, built by the bench) — its import, createHandlers(),
// and a first request through the handlers (a token from `state`, then an initializeVerification
// that is authenticated and validated) answered by msw's `getResponse`. Plain JavaScript on
// purpose: a TypeScript loader in this process would slow every import it measures.
// msw's own part is timed first and reported beside the kit's: its import, and one request through
// a trivial handler (msw's and Node's fetch classes load lazily on first use).
// Prints one JSON line of milliseconds; `kitCpu` is the CPU time (user + system) of this process
// over the kit's part, steadier than wall time when other processes share the cores.
const cpu = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};
const t0 = performance.now();
const { getResponse, http } = await import('msw');
const warm = await getResponse(
  [http.get('http://warm.test/', () => new Response('ok'))],
  new Request('http://warm.test/'),
);
if ((await warm?.text()) !== 'ok') throw new Error('msw did not answer the warm-up request');
const t1 = performance.now();
const c1 = cpu();
const { createHandlers } = await import('../../dist/msw/index.js');
const t2 = performance.now();
const { handlers, state } = createHandlers();
const t3 = performance.now();
const { token, api_key: apiKey } = await state.createToken(['otp:write']);
const response = await getResponse(
  handlers,
  new Request('http://kit.test/api/verifications', {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'api-key': apiKey, 'content-type': 'application/json' },
    body: JSON.stringify({ phone_number: '+380501234567' }),
  }),
);
const body = await response?.json();
const t4 = performance.now();
const c4 = cpu();
if (response?.status !== 200 || body?.data?.status !== 'NEW') {
  throw new Error(`first request answered ${response?.status}: ${JSON.stringify(body)}`);
}
process.stdout.write(
  `${JSON.stringify({ msw: t1 - t0, kitImport: t2 - t1, createHandlers: t3 - t2, firstRequest: t4 - t3, kitCpu: c4 - c1 })}\n`,
);
