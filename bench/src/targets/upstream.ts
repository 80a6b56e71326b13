// The API behind the proxies: a tiny node:http JSON answer on a keep-alive connection.
// GET /whoami echoes the identity headers the gateway adds (for the suite's sanity check);
// every other path answers the same fixed body.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { announceReady } from '../lib/child.js';

const BODY = JSON.stringify({ id: 42, status: 'shipped', items: 3 });
const LENGTH = String(Buffer.byteLength(BODY));

const server = http.createServer((req, res) => {
  // A request body, if any, is read and dropped.
  req.resume();
  if (req.url === '/whoami') {
    const echo = JSON.stringify({
      clientId: req.headers['x-gatehouse-client-id'] ?? null,
      scopes: req.headers['x-gatehouse-scopes'] ?? null,
      authorization: req.headers.authorization !== undefined,
    });
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(echo) });
    res.end(echo);
    return;
  }
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': LENGTH });
  res.end(BODY);
});
// Proxies keep their pooled connections between rounds; the default 5 s would close them.
server.keepAliveTimeout = 120_000;

server.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  announceReady(`http://127.0.0.1:${port}`);
});
process.once('SIGTERM', () => {
  server.close(() => process.exit(0));
  server.closeAllConnections();
});
