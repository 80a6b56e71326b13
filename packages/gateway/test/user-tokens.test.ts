import * as assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { validateGatewayConfig } from '../src/index.js';
import { AuthServer, type RegisteredClient } from './support/auth-server.js';
import { startTestGateway } from './support/gateway.js';
import { bearer, request } from './support/http.js';
import { PoolIssuer } from './support/pool-issuer.js';
import { type Echo, TestUpstream } from './support/upstream.js';

const API = 'lj-health-food';
const APP = 'app1client1234567890abcdef';
const SUB = '5f0c8e4e-7d0a-4a53-9a51-1f8d2f3c9b10';

describe('routes that take people’s tokens from a user pool', () => {
  let auth: AuthServer;
  let pool: PoolIssuer;
  let upstream: TestUpstream;
  let machine: RegisteredClient;
  let machineToken: string;

  before(async () => {
    auth = await AuthServer.start();
    pool = await PoolIssuer.start();
    upstream = await new TestUpstream().start();
    await auth.resourceServer(API, ['list-orders']);
    machine = await auth.client([`${API}/list-orders`]);
    machineToken = await auth.token(machine, `${API}/list-orders`);
  });
  after(async () => {
    await upstream.close();
    await pool.close();
    await auth.close();
  });

  test('machine (the default), user and any: each route takes the tokens it says', async () => {
    const { gateway } = await startTestGateway({
      issuer: auth.issuer,
      audience: API,
      // Pools advertise no revocation list: polling settings must not make their tokens stale.
      revocation: { pollIntervalSeconds: 0.1, graceSeconds: 0.3 },
      tokenCacheMs: 0,
      userPools: [{ issuer: pool.issuer, clientIds: [APP] }],
      routes: [
        { path: '/machines', upstream: upstream.url, scopes: ['list-orders'] },
        { path: '/people', upstream: upstream.url, tokens: 'user', scopes: ['list-orders'] },
        { path: '/both', upstream: upstream.url, tokens: 'any', scopes: ['list-orders'] },
      ],
    });
    try {
      // Gatehouse writes a resource server's scopes by their short name, as for machines.
      const person = pool.accessToken(API, APP, 'openid list-orders');
      const status = async (path: string, token: string) =>
        (await request(`${gateway.url}${path}`, { headers: bearer(token) })).status;
      assert.equal(await status('/machines', machineToken), 200);
      assert.equal(await status('/machines', person), 401);
      assert.equal(await status('/people', machineToken), 401);
      assert.equal(await status('/people', person), 200);
      assert.equal(await status('/both', machineToken), 200);
      // Cognito's qualified form meets the route's list-orders too, under the route's audience.
      assert.equal(await status('/both', pool.accessToken(API, APP, `openid ${API}/list-orders`)), 200);
      assert.equal(await status('/both', person), 200);
      assert.equal(await status('/both', pool.accessToken(API, APP, 'openid other-api/list-orders')), 403);

      const echoed = await request(`${gateway.url}/people`, { headers: bearer(person) });
      const headers = echoed.json<Echo>().headers;
      assert.equal(headers['x-gatehouse-client-id'], APP);
      assert.equal(headers['x-gatehouse-subject'], SUB);
      assert.equal(headers['x-gatehouse-issuer'], pool.issuer);
      assert.equal(headers['x-gatehouse-scopes'], 'openid list-orders');
      const machineEcho = await request(`${gateway.url}/both`, { headers: bearer(machineToken) });
      assert.equal(machineEcho.json<Echo>().headers['x-gatehouse-subject'], undefined);

      // Another app client, another API, an ID token, a missing scope: refused like any bad token.
      const other = await request(`${gateway.url}/people`, {
        headers: bearer(pool.accessToken(API, 'someotherapp1234567890abcd', 'list-orders')),
      });
      assert.equal(other.status, 403);
      assert.equal(await status('/people', pool.accessToken('another-api', APP, 'list-orders')), 401);
      assert.equal(await status('/people', pool.idToken(APP)), 401);
      const noScope = await request(`${gateway.url}/people`, {
        headers: bearer(pool.accessToken(API, APP, 'openid')),
      });
      assert.equal(noScope.status, 403);
      assert.match(String(noScope.headers['www-authenticate']), /insufficient_scope/);

      // Long past the grace period, people's tokens still pass: there is no list to go stale.
      await new Promise((resolve) => setTimeout(resolve, 700));
      assert.equal(await status('/people', person), 200);
      assert.ok(pool.requests.every((path) => !path.includes('revocation')));
      const health = await request(`${gateway.url}/healthz`);
      const verifiers = health.json<{ verifiers: { issuer?: string; ready: boolean }[] }>().verifiers;
      assert.ok(verifiers.some((v) => v.issuer === pool.issuer && v.ready));
    } finally {
      await gateway.close();
    }
  });

  test('config: tokens needs userPools, clientIds is explicit, public routes take no tokens option', () => {
    const base = { listen: 8080, issuer: 'https://auth.example.com', audience: API };
    const problems = (config: unknown): string[] => {
      try {
        validateGatewayConfig(config as never);
        return [];
      } catch (error) {
        return [String((error as Error).message)];
      }
    };
    assert.match(
      problems({ ...base, routes: [{ path: '/', upstream: 'http://127.0.0.1:1', tokens: 'user' }] })[0] ?? '',
      /needs userPools/,
    );
    assert.match(
      problems({
        ...base,
        userPools: [{ issuer: 'https://auth.example.com/pools/local_AbC123xyz' }],
        routes: [{ path: '/', upstream: 'http://127.0.0.1:1' }],
      })[0] ?? '',
      /clientIds/,
    );
    assert.match(
      problems({
        ...base,
        routes: [{ path: '/', upstream: 'http://127.0.0.1:1', auth: 'none', tokens: 'any' }],
      })[0] ?? '',
      /public route/,
    );
    assert.match(
      problems({ ...base, routes: [{ path: '/', upstream: 'http://127.0.0.1:1', tokens: 'people' }] })[0] ??
        '',
      /tokens/,
    );
    const ok = validateGatewayConfig({
      ...base,
      userPools: [{ issuer: 'https://auth.example.com/pools/local_AbC123xyz', clientIds: null }],
      routes: [{ path: '/', upstream: 'http://127.0.0.1:1', tokens: 'any' }],
    });
    assert.equal(ok.routes[0]?.tokens, 'any');
    assert.equal(
      validateGatewayConfig({ ...base, routes: [{ path: '/', upstream: 'http://127.0.0.1:1' }] }).routes[0]
        ?.tokens,
      'machine',
    );
  });
});
