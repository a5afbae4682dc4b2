import type autocannon from 'autocannon';
import { percentile, type RoundResult } from './load.js';
import type { MixCounters } from './mix.js';
import { RawConnection } from './raw-connection.js';

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
      const socket = new RawConnection(target.hostname, Number(target.port));
      let step = 0;
      let context: autocannon.Context = {};
      let due = t0 + (c / rate) * 1000;
      let lateFromBusy = false;
      const next = (at: number) => {
        step = (step + 1) % requests.length;
        due += interval;
        lateFromBusy = at > due;
        if (lateFromBusy) send();
        else setTimeout(send, due - at);
      };
      const send = () => {
        const now = performance.now();
        if (due >= end) {
          socket.close();
          done();
          return;
        }
        // The start of this request's latency: its scheduled slot when it left late because this
        // connection was still waiting for its previous answer, else the moment it left.
        const from = lateFromBusy ? due : now;
        const template = requests[step] as autocannon.Request;
        if (step === 0) context = {};
        const req = template.setupRequest?.({ ...template }, context) ?? template;
        socket.send(req.method ?? 'GET', req.path ?? '/', req.headers, req.body).then(
          (res) => {
            const answeredAt = performance.now();
            latencies.push(answeredAt - from);
            template.onResponse?.(res.status, res.body, context, {});
            next(answeredAt);
          },
          () => {
            connectionErrors++;
            socket.close();
            done();
          },
        );
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
