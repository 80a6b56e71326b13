// The gateway in front of a real Express app, which routes the way most upstreams do: letters in
// any case, an optional trailing slash. No spelling of a protected path may reach a protected
// handler without the protected route's token check.
import * as assert from 'node:assert/strict';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import express from 'express';
import type { RunningGateway } from '../src/index.js';
import { AuthServer } from './support/auth-server.js';
import { startTestGateway } from './support/gateway.js';
import { bearer, request } from './support/http.js';

const API = 'express-api';

/** Every spelling an attacker might try for /admin/report. */
const SPELLINGS = [
  '/admin/report',
  '/ADMIN/report',
  '/Admin/Report',
  '/ADMIN/REPORT',
  '/%41dmin/report',
  '/%61dmin/report',
  '/%61DMIN/%72eport',
  '//admin/report',
  '/admin//report',
  '/admin/report/',
  '/ADMIN/report/',
  '/admin;x=1/report',
  '/admin/report;x=1',
  '/ADMIN;/report',
  '/public/../admin/report',
  '/public/%2e%2e/admin/report',
  '/public/%2E%2E/ADMIN/report',
  '/admin%2Freport',
  '/ADMIN%2freport',
  '/public%2F..%2Fadmin/report',
];

describe('gateway in front of an Express app', () => {
  let auth: AuthServer;
  let app: Server;
  let gateway: RunningGateway;
  let adminToken: string;
  let adminHits = 0;

  before(async () => {
    auth = await AuthServer.start();
    await auth.resourceServer(API, ['admin']);
    const client = await auth.client([`${API}/admin`]);
    adminToken = await auth.token(client, `${API}/admin`);

    const upstream = express();
    const admin = express.Router();
    admin.get('/report', (_req, res) => {
      adminHits++;
      res.json({ handler: 'admin report' });
    });
    upstream.use('/admin', admin);
    upstream.get('/public/info', (_req, res) => res.json({ handler: 'public info' }));
    upstream.use((_req, res) => res.status(404).json({ handler: 'none' }));
    app = await new Promise<Server>((resolve) => {
      const server = upstream.listen(0, '127.0.0.1', () => resolve(server));
    });
    const upstreamUrl = `http://127.0.0.1:${(app.address() as AddressInfo).port}`;

    ({ gateway } = await startTestGateway({
      issuer: auth.issuer,
      audience: API,
      routes: [
        { path: '/admin', upstream: upstreamUrl, scopes: ['admin'] },
        { path: '/', upstream: upstreamUrl, auth: 'none' },
      ],
    }));
  });

  after(async () => {
    await gateway?.close();
    await new Promise((resolve) => app?.close(resolve));
    await auth?.close();
  });

  test('Express serves its admin handler for several spellings of /admin/report', async () => {
    // The premise: without the gateway, these all reach the same handler.
    const direct = `http://127.0.0.1:${(app.address() as AddressInfo).port}`;
    for (const spelling of ['/ADMIN/report', '/Admin/Report', '/admin/report/']) {
      const answer = await request(direct + spelling);
      assert.equal(answer.json().handler, 'admin report', spelling);
    }
  });

  test('without a token, no spelling reaches the admin handler', async () => {
    const before = adminHits;
    const leaks: string[] = [];
    for (const spelling of SPELLINGS) {
      const answer = await request(gateway.url + spelling);
      const body = answer.body.toString();
      if (answer.status === 200 || body.includes('admin report'))
        leaks.push(`${spelling} -> ${answer.status} ${body}`);
      else if (![400, 401, 404].includes(answer.status))
        leaks.push(`${spelling} -> unexpected ${answer.status}`);
    }
    assert.deepEqual(leaks, []);
    assert.equal(adminHits, before);
  });

  test('with the admin token, the same spellings that Express routes to it are served', async () => {
    for (const spelling of [
      '/admin/report',
      '/ADMIN/report',
      '/%41dmin/report',
      '//admin/report',
      '/Admin/Report/',
    ]) {
      const answer = await request(gateway.url + spelling, { headers: bearer(adminToken) });
      assert.equal(answer.status, 200, `${spelling}: ${answer.body.toString()}`);
      assert.equal(answer.json().handler, 'admin report', spelling);
    }
  });

  test('public paths stay public', async () => {
    const answer = await request(`${gateway.url}/public/info`);
    assert.equal(answer.status, 200);
    assert.equal(answer.json().handler, 'public info');
  });

  test('Expect: anything but 100-continue is a JSON 417; 100-continue is forwarded', async () => {
    const refused = await request(`${gateway.url}/public/info`, {
      method: 'POST',
      headers: { expect: 'something-else', 'content-type': 'text/plain' },
      body: 'x',
    });
    assert.equal(refused.status, 417);
    assert.equal(refused.json().error, 'expectation_failed');
    const continued = await request(`${gateway.url}/public/info`, {
      method: 'POST',
      headers: { expect: '100-continue', 'content-type': 'text/plain' },
      body: 'x',
    });
    assert.equal(continued.status, 404);
    assert.equal(continued.json().handler, 'none');
  });
});
