// The floor for a Node reverse proxy: node:http in, http.request out on a keep-alive Agent,
// bodies streamed both ways, no auth, no routing, no logging. UPSTREAM_URL names the upstream.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { announceReady } from '../lib/child.js';

const upstream = new URL(process.env.UPSTREAM_URL ?? '');
if (upstream.protocol !== 'http:') throw new Error('UPSTREAM_URL must be an http:// URL');
const agent = new http.Agent({ keepAlive: true });
const hostname = upstream.hostname;
const port = Number(upstream.port || 80);

const HOP_BY_HOP = [
  'connection',
  'keep-alive',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
];

const server = http.createServer((req, res) => {
  const headers: http.OutgoingHttpHeaders = { ...req.headers, host: upstream.host };
  for (const name of HOP_BY_HOP) delete headers[name];
  const upReq = http.request(
    { agent, hostname, port, method: req.method, path: req.url, headers },
    (upRes) => {
      const out: http.OutgoingHttpHeaders = { ...upRes.headers };
      for (const name of HOP_BY_HOP) delete out[name];
      res.writeHead(upRes.statusCode ?? 502, out);
      upRes.pipe(res);
    },
  );
  upReq.on('error', () => {
    if (res.headersSent) res.destroy();
    else res.writeHead(502).end();
  });
  req.pipe(upReq);
});
server.keepAliveTimeout = 120_000;

server.listen(0, '127.0.0.1', () => {
  const { port: listening } = server.address() as AddressInfo;
  announceReady(`http://127.0.0.1:${listening}`);
});
process.once('SIGTERM', () => {
  server.close(() => process.exit(0));
  server.closeAllConnections();
  agent.destroy();
});
