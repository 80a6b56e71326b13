import * as assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { RunningGateway } from '../src/index.js';
import { AuthServer, type RegisteredClient } from './support/auth-server.js';
import { eventually, type LogEntry, startTestGateway } from './support/gateway.js';
import { bearer, request } from './support/http.js';
import { closedPort } from './support/ports.js';
import { TestUpstream } from './support/upstream.js';

const API = 'lj-health-food';

/** The refusal lines logged for `path` so far. */
const refusals = (logs: LogEntry[], path: string) =>
  logs.filter((l) => (l.event === 'token_refused' || l.event === 'verifier_unavailable') && l.path === path);

describe('one structured line per refused request', () => {
  let auth: AuthServer;
  let upstream: TestUpstream;
  let gateway: RunningGateway;
  let logs: LogEntry[];
  let rawLogs: string[];
  let partner: RegisteredClient;
  let otherApi: RegisteredClient;
  let placeOrder: string;
  let otherToken: string;

  before(async () => {
    auth = await AuthServer.start();
    upstream = await new TestUpstream().start();
    await auth.resourceServer(API, ['place-order', 'list-orders']);
    await auth.resourceServer('other-api', ['read']);
    partner = await auth.client([`${API}/place-order`]);
    otherApi = await auth.client(['other-api/read']);
    placeOrder = await auth.token(partner, `${API}/place-order`);
    otherToken = await auth.token(otherApi, 'other-api/read');
    ({ gateway, logs, rawLogs } = await startTestGateway({
      issuer: auth.issuer,
      audience: API,
      routes: [
        { path: '/orders/:id', methods: ['GET'], upstream: upstream.url, scopes: ['list-orders'] },
        { path: '/orders', upstream: upstream.url, scopes: ['place-order'] },
      ],
    }));
  });
  after(async () => {
    await gateway?.close();
    await upstream?.close();
    await auth?.close();
  });

  test('a token for another API: ERR_AUDIENCE_MISMATCH with what it named, and who sent it', async () => {
    const answer = await request(`${gateway.url}/orders?coupon=1`, {
      method: 'POST',
      headers: bearer(otherToken),
    });
    assert.equal(answer.status, 401);
    await eventually(() => refusals(logs, '/orders').length > 0);
    const [line] = refusals(logs, '/orders');
    assert.deepEqual(
      { ...line, time: undefined },
      {
        time: undefined,
        level: 'warn',
        msg: 'token refused',
        event: 'token_refused',
        code: 'ERR_AUDIENCE_MISMATCH',
        status: 401,
        failedAssertion: { claim: 'aud', actual: 'other-api', expected: API },
        clientId: otherApi.clientId,
        reason: 'the token is meant for another audience',
        method: 'POST',
        path: '/orders',
        adapter: 'gateway',
        route: '/orders',
      },
    );
  });

  test('no token: ERR_TOKEN_MALFORMED on the Authorization header, no client id', async () => {
    const answer = await request(`${gateway.url}/orders/42`);
    assert.equal(answer.status, 401);
    await eventually(() => refusals(logs, '/orders/42').length > 0);
    const [line] = refusals(logs, '/orders/42');
    assert.equal(line?.level, 'warn');
    assert.equal(line?.code, 'ERR_TOKEN_MALFORMED');
    assert.deepEqual(line?.failedAssertion, { claim: 'Authorization', expected: 'Bearer <token>' });
    assert.equal(line?.clientId, undefined);
    assert.equal(line?.cause, undefined);
    assert.equal(line?.route, '/orders/:id');
  });

  test('a missing scope: 403 and ERR_INSUFFICIENT_SCOPE with the client id', async () => {
    const answer = await request(`${gateway.url}/orders/7`, { headers: bearer(placeOrder) });
    assert.equal(answer.status, 403);
    await eventually(() => refusals(logs, '/orders/7').length > 0);
    const [line] = refusals(logs, '/orders/7');
    assert.equal(line?.code, 'ERR_INSUFFICIENT_SCOPE');
    assert.equal(line?.status, 403);
    assert.equal(line?.clientId, partner.clientId);
    assert.deepEqual(line?.failedAssertion, {
      claim: 'scope',
      actual: ['place-order'],
      expected: ['list-orders'],
    });
  });

  test('a forged token: refused, its claimed client id not logged as the caller', async () => {
    const [header, payload] = placeOrder.split('.');
    const forged = `${header}.${payload}.${'A'.repeat(86)}`;
    const answer = await request(`${gateway.url}/orders/forged`, { headers: bearer(forged) });
    assert.equal(answer.status, 401);
    await eventually(() => refusals(logs, '/orders/forged').length > 0);
    const [line] = refusals(logs, '/orders/forged');
    assert.equal(line?.code, 'ERR_SIGNATURE_INVALID');
    assert.equal(line?.clientId, undefined);
  });

  test('a request that passes logs no refusal line', async () => {
    const answer = await request(`${gateway.url}/orders/passes`, {
      method: 'POST',
      headers: bearer(placeOrder),
    });
    assert.equal(answer.status, 200);
    await eventually(() => logs.some((l) => l.msg === 'request' && l.path === '/orders/passes'));
    assert.deepEqual(refusals(logs, '/orders/passes'), []);
  });

  test('neither the token nor the query string is ever logged', async () => {
    // A caller who put the token in the query too: it must not reach the log that way either.
    await request(`${gateway.url}/orders?access_token=${otherToken}`, { headers: bearer(otherToken) });
    await request(`${gateway.url}/orders/9?access_token=${placeOrder}`, { headers: bearer(placeOrder) });
    await eventually(() => logs.some((l) => l.msg === 'request' && l.path === '/orders/9'));
    await eventually(() => refusals(logs, '/orders').length >= 2);
    const all = rawLogs.join('');
    for (const token of [placeOrder, otherToken]) {
      assert.ok(!all.includes(token), 'a token was logged');
      assert.ok(!all.includes(token.split('.')[2] ?? '-'), 'a token signature was logged');
    }
    assert.ok(!all.includes('access_token') && !all.includes('coupon'), 'a query string was logged');
  });
});

describe('a gateway that cannot check tokens', () => {
  test('the signing keys cannot be loaded: 503, one error line with the cause', async () => {
    const auth = await AuthServer.start();
    const upstream = await new TestUpstream().start();
    await auth.resourceServer(API, ['place-order']);
    const token = await auth.token(await auth.client([`${API}/place-order`]), `${API}/place-order`);
    const { gateway, logs, rawLogs } = await startTestGateway({
      issuer: auth.issuer,
      jwksUri: `http://127.0.0.1:${await closedPort()}/jwks.json`,
      audience: API,
      // Only the keys are out of reach here; the live issuer's revocation list is not the subject.
      revocation: false,
      routes: [{ path: '/', upstream: upstream.url }],
    });
    try {
      const answer = await request(`${gateway.url}/x?q=1`, { headers: bearer(token) });
      assert.equal(answer.status, 503);
      await eventually(() => refusals(logs, '/x').length > 0);
      const [line] = refusals(logs, '/x');
      assert.equal(line?.level, 'error');
      assert.equal(line?.msg, 'verifier unavailable');
      assert.equal(line?.event, 'verifier_unavailable');
      assert.equal(line?.code, 'ERR_JWKS_UNAVAILABLE');
      assert.equal(line?.status, 503);
      assert.equal(line?.route, '/');
      assert.match(String(line?.cause), /signing keys could not be loaded/);
      assert.match(String(line?.cause), /ECONNREFUSED|fetch failed/);
      assert.ok(!rawLogs.join('').includes(token));
    } finally {
      await gateway.close();
      await upstream.close();
      await auth.close();
    }
  });
});
