import { Agent, request as httpRequest } from 'node:http';
import type autocannon from 'autocannon';
import { percentile, type RoundResult } from './load.js';
import type { MixCounters } from './mix.js';

/**
 * An open-loop run: `connections` keep-alive connections that together offer `rate` requests per
 * second, evenly spaced. Connection c sends at t0 + (c + k·connections) / rate for k = 0, 1, …, each
 * walking the same request sequence as an autocannon run (the mix of bench/lib/mix.ts, context
 * reset at each loop).
 *
 * Why not autocannon here: its rate limit lets each connection send its per-second quota back to
 * back at the start of every second, so a "paced" autocannon run is a one-second burst at
 * saturation. This answers the other question: the latency each of 50 connected clients sees
 * when the server is not saturated.
 *
 * Latency runs from the scheduled send time when the connection was still busy with its previous
 * request (a late send is the server's delay: no coordinated omission), else from the actual send
 * (a late timer is this process's delay, not the server's).
 */
export function runPaced(
  url: string,
  requests: readonly autocannon.Request[],
  counters: MixCounters,
  options: { readonly seconds: number; readonly connections: number; readonly rate: number },
): Promise<RoundResult> {
  const { seconds, connections, rate } = options;
  const target = new URL(url);
  const latencies: number[] = [];
  let connectionErrors = 0;
  const t0 = performance.now() + 20;
  const end = t0 + seconds * 1000;
  const interval = (connections / rate) * 1000;

  const connection = (c: number): Promise<void> =>
    new Promise((done) => {
      // One socket per connection, as autocannon keeps one per connection.
      const agent = new Agent({ keepAlive: true, maxSockets: 1 });
      let step = 0;
      let context: autocannon.Context = {};
      let due = t0 + (c / rate) * 1000;
      const finish = () => {
        agent.destroy();
        done();
      };
      const send = () => {
        const now = performance.now();
        if (due >= end) {
          finish();
          return;
        }
        // The start of this request's latency: its scheduled slot when it left late because this
        // connection was still waiting for its previous answer, else the moment it left.
        const from = lateFromBusy ? due : now;
        const template = requests[step] as autocannon.Request;
        if (step === 0) context = {};
        const req = template.setupRequest?.({ ...template }, context) ?? template;
        const client = httpRequest(
          {
            host: target.hostname,
            port: target.port,
            agent,
            method: req.method ?? 'GET',
            path: req.path ?? '/',
            headers: req.headers,
          },
          (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (chunk: Buffer) => chunks.push(chunk));
            res.on('end', () => {
              const answeredAt = performance.now();
              latencies.push(answeredAt - from);
              template.onResponse?.(res.statusCode ?? 0, Buffer.concat(chunks).toString('utf8'), context, {});
              step = (step + 1) % requests.length;
              next(answeredAt);
            });
          },
        );
        client.on('error', () => {
          connectionErrors++;
          step = (step + 1) % requests.length;
          next(performance.now());
        });
        client.end(req.body);
      };
      let lateFromBusy = false;
      const next = (at: number) => {
        due += interval;
        lateFromBusy = at > due;
        if (lateFromBusy) send();
        else setTimeout(send, due - at);
      };
      setTimeout(send, Math.max(0, due - performance.now()));
    });

  return Promise.all(Array.from({ length: connections }, (_, c) => connection(c))).then(() => {
    const sorted = Float64Array.from(latencies).sort();
    const wall = (performance.now() - t0) / 1000;
    return {
      requests: latencies.length,
      seconds: wall,
      rps: latencies.length / wall,
      p50Ms: percentile(sorted, 0.5),
      p99Ms: percentile(sorted, 0.99),
      maxMs: sorted.length === 0 ? Number.NaN : (sorted[sorted.length - 1] as number),
      errors: connectionErrors + counters.unexpected,
      connectionErrors,
      unexpected: counters.unexpected,
      expectedNon2xx: counters.expectedNon2xx,
      poolExhausted: counters.poolExhausted,
      samples: counters.samples,
    };
  });
}
