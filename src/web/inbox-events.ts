import type { IncomingMessage, ServerResponse } from 'node:http';
import { toWireSms } from '../reference-impl/control/control-state.js';
import type { Sms } from '../reference-impl/domain/models.js';
import type { SmsOutbox } from '../reference-impl/domain/sms-outbox.js';
import { BASE_HEADERS, sendText } from './http.js';

export interface EventStreamOptions {
  /** A comment line this often keeps proxies and idle timers from closing a quiet stream. */
  readonly heartbeatMs?: number;
  /** Each stream holds a socket and a listener; past this, new ones get 503. */
  readonly maxStreams?: number;
  /** Streams one peer address may hold (default 8 of the 64); past it 503 too (issue 18). */
  readonly maxStreamsPerClient?: number;
  /** The snapshot carries at most this many of the newest SMS (default 500); see SNAPSHOT_BYTES. */
  readonly snapshotLimit?: number;
}

export interface EventStreams {
  /**
   * Serves `GET /inbox/events`: `snapshot` (the newest SMS, newest first, bounded by
   * `snapshotLimit` and SNAPSHOT_BYTES), then one `sms` per new one.
   */
  open(req: IncomingMessage, res: ServerResponse): void;
  /** Ends every stream (server shutdown) and refuses new ones. */
  close(): void;
  readonly size: number;
}

/** A reader this far behind is not reading; dropping it bounds the memory one tab can hold. */
const MAX_BUFFERED_BYTES = 1024 * 1024;

/**
 * The snapshot stays well under MAX_BUFFERED_BYTES whatever the outbox holds: sent whole, ~8,000
 * SMS (the default outbox keeps 10,000) made one event over the guard, so every stream was cut
 * right after `retry:` and the page reconnected forever (issue 18, defect 1). A person reads the
 * newest few hundred; older ones stay readable through `GET /__control/sms`.
 */
const SNAPSHOT_BYTES = 256 * 1024;

/** The newest SMS (the list is newest first) that fit both bounds, as one JSON array. */
export function snapshotData(newestFirst: readonly Sms[], limit: number): string {
  const parts: string[] = [];
  let bytes = 2;
  for (const sms of newestFirst) {
    if (parts.length >= limit) break;
    const part = JSON.stringify(toWireSms(sms));
    bytes += Buffer.byteLength(part) + 1;
    if (bytes > SNAPSHOT_BYTES) break;
    parts.push(part);
  }
  return `[${parts.join(',')}]`;
}

/** Two records are the same SMS when these match (a store may hand out copies, not the same object). */
const keyOf = (sms: Sms) => `${sms.phoneNumber}|${sms.sentAt}|${sms.code}`;

export function createEventStreams(
  outbox: Pick<SmsOutbox, 'subscribe' | 'list'>,
  options: EventStreamOptions = {},
): EventStreams {
  const heartbeatMs = options.heartbeatMs ?? 15_000;
  const maxStreams = options.maxStreams ?? 64;
  const perClient = options.maxStreamsPerClient ?? 8;
  const byPeer = new Map<string, number>();
  const snapshotLimit = options.snapshotLimit ?? 500;
  const open = new Set<ServerResponse>();
  let closed = false;

  function start(req: IncomingMessage, res: ServerResponse): void {
    const peer = req.socket.remoteAddress ?? '';
    const held = byPeer.get(peer) ?? 0;
    if (closed || open.size >= maxStreams || held >= perClient) {
      res.setHeader('retry-after', '5');
      sendText(req, res, 503, 'Too many open inbox streams');
      return;
    }
    open.add(res);
    byPeer.set(peer, held + 1);
    res.writeHead(200, {
      ...BASE_HEADERS,
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      'x-accel-buffering': 'no',
      // The socket closes with the stream, so shutdown does not wait on a kept-alive connection.
      connection: 'close',
    });
    const write = (chunk: string) => {
      if (res.destroyed) return;
      res.write(chunk);
      if (res.writableLength > MAX_BUFFERED_BYTES) res.destroy();
    };
    const event = (name: string, json: string) => write(`event: ${name}\ndata: ${json}\n\n`);
    write('retry: 3000\n\n');

    // Subscribe before listing, so an SMS sent while the list is read is buffered, not lost.
    let snapshotSent = false;
    const pending: Sms[] = [];
    const unsubscribe = outbox.subscribe((sms) => {
      // Runs inside SmsOutbox.send: it must never throw into the API request that sent the SMS.
      try {
        if (snapshotSent) event('sms', JSON.stringify(toWireSms(sms)));
        else pending.push(sms);
      } catch {
        res.destroy();
      }
    });
    const heartbeat = setInterval(() => write(': heartbeat\n\n'), heartbeatMs);
    heartbeat.unref();
    res.on('close', () => {
      unsubscribe();
      clearInterval(heartbeat);
      open.delete(res);
      const left = (byPeer.get(peer) ?? 1) - 1;
      if (left <= 0) byPeer.delete(peer);
      else byPeer.set(peer, left);
    });

    outbox.list().then(
      (existing) => {
        if (res.destroyed) return;
        const listed = new Set(existing.map(keyOf));
        event('snapshot', snapshotData(existing, snapshotLimit));
        snapshotSent = true;
        for (const sms of pending) if (!listed.has(keyOf(sms))) event('sms', JSON.stringify(toWireSms(sms)));
        pending.length = 0;
      },
      () => res.destroy(),
    );
  }

  return {
    open: start,
    close() {
      closed = true;
      for (const res of open) res.end();
    },
    get size() {
      return open.size;
    },
  };
}
