import type { Server } from 'node:http';
import { isIP } from 'node:net';

/** 127.0.0.0/8, ::1 and their IPv4-mapped forms: peers on this machine. */
export function isLoopbackAddress(address: string): boolean {
  const v4 = address.startsWith('::ffff:') ? address.slice(7) : address;
  return address === '::1' || (isIP(v4) === 4 && v4.startsWith('127.'));
}

/**
 * One peer holding all `maxConnections` (issue 18) shuts everybody else out: each peer address
 * may hold at most `perClient` connections; a further one is closed as soon as it is accepted,
 * as Node does past `maxConnections`. Counted on `connection`, released on the socket's `close`.
 * Behind a reverse proxy every client is the proxy's address: the cap is then the proxy's.
 */
export function limitConnectionsPerClient(server: Server, perClient: number, capLoopback: boolean): void {
  const open = new Map<string, number>();
  server.on('connection', (socket) => {
    const peer = socket.remoteAddress ?? '';
    if (!capLoopback && isLoopbackAddress(peer)) return;
    const held = open.get(peer) ?? 0;
    if (held >= perClient) {
      socket.destroy();
      return;
    }
    open.set(peer, held + 1);
    socket.once('close', () => {
      const left = (open.get(peer) ?? 1) - 1;
      if (left <= 0) open.delete(peer);
      else open.set(peer, left);
    });
  });
}
