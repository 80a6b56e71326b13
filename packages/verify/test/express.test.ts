import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { requireToken } from '../src/express.js';
import { middlewareSuite } from './support/middleware-suite.js';

middlewareSuite('Express', async (verifier, broken) => {
  const app = express();
  app.get('/orders', requireToken(verifier, { scopes: ['list-orders'], realm: 'orders' }), (req, res) => {
    res.json({ client_id: req.auth?.client_id, scopes: req.auth?.scopes });
  });
  app.get('/whoami', requireToken(verifier), (req, res) => {
    res.json({ client_id: req.auth?.client_id });
  });
  app.get('/broken', requireToken(broken), (_req, res) => {
    res.json({ reached: true });
  });
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
});
