/**
 * The baseline: a bare `node:http` server that reads each request body and answers one fixed
 * verification in the success envelope, with the headers the reference sends. No routing, auth,
 * validation or state, so it is the ceiling for any Node server on this machine.
 *
 * `node --import tsx bench/servers/bare.ts --port N`
 */
import { createServer } from 'node:http';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { port: { type: 'string' }, host: { type: 'string' } } });
const host = values.host ?? '127.0.0.1';
const port = Number(values.port ?? 0);

const requestId = '6617aeec-15e2-4d6f-b9bd-53559c358f97';
const body = JSON.stringify({
  meta: { code: 200, url: `http://${host}:${port}/api/verifications`, type: 'object', request_id: requestId },
  data: {
    id: '53982ced-ed95-48a9-bab7-78247ec7259f',
    status: 'NEW',
    code_expired_at: '2025-03-01T10:15:00.000000Z',
    active: true,
  },
});
const headers = {
  'content-type': 'application/json; charset=utf-8',
  'content-length': String(Buffer.byteLength(body)),
  'x-request-id': requestId,
};

const server = createServer((req, res) => {
  // Consume the body as any real handler must before answering.
  req.on('data', () => {});
  req.on('end', () => {
    res.writeHead(200, headers);
    res.end(body);
  });
});
server.keepAliveTimeout = 5_000;
server.listen(port, host, () => {
  const address = server.address();
  const bound = typeof address === 'object' && address !== null ? address.port : port;
  process.stdout.write(`bare server listening on http://${host}:${bound}\n`);
});
process.once('SIGTERM', () => process.exit(0));
