import * as assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { RunningGateway } from '../src/index.js';
import { AuthServer } from './support/auth-server.js';
import { startTestGateway } from './support/gateway.js';
import { bearer, request } from './support/http.js';
import { PoolIssuer } from './support/pool-issuer.js';
import { TestUpstream } from './support/upstream.js';

const API = 'lj-health-food';
const WELL_KNOWN = '/.well-known/oauth-protected-resource';

/**
 * RFC 9728 from the route table and the issuer alone: each protected URL's metadata at its
 * path-inserted well-known address (§3.1), naming exactly the URL called (§3.3), and the 401/403
 * challenges pointing at it (§5.1).
 */
describe('gateway: RFC 9728 protected resource metadata, with no extra configuration', () => {
  let auth: AuthServer;
  let pool: PoolIssuer;
  let upstream: TestUpstream;
  let gateway: RunningGateway;
  const url = (path: string) => gateway.url + path;

  before(async () => {
    auth = await AuthServer.start();
    pool = await PoolIssuer.start();
    upstream = await new TestUpstream().start();
    ({ gateway } = await startTestGateway({
      issuer: auth.issuer,
      audience: API,
      revocation: false,
      userPools: [{ issuer: pool.issuer, clientIds: null }],
      routes: [
        // Specific before general: routes are tried in file order.
        { path: '/orders/:id/items', upstream: upstream.url, scopes: ['list-orders'], tokens: 'any' },
        { path: '/orders', methods: ['POST'], upstream: upstream.url, scopes: ['place-order'] },
        { path: '/orders', methods: ['GET'], upstream: upstream.url, scopes: ['list-orders'] },
        { path: '/me', upstream: upstream.url, tokens: 'user' },
        { path: '/public/*', upstream: upstream.url, auth: 'none' },
      ],
    }));
  });
  after(async () => {
    await gateway?.close();
    await upstream?.close();
    await pool?.close();
    await auth?.close();
  });

  test('the metadata of a prefix route: exact document, cacheable, CORS-open', async () => {
    const answer = await request(url(`${WELL_KNOWN}/orders`));
    assert.equal(answer.status, 200);
    assert.equal(answer.headers['content-type'], 'application/json');
    assert.equal(answer.headers['cache-control'], 'public, max-age=300');
    assert.equal(answer.headers['access-control-allow-origin'], '*');
    assert.equal(answer.headers.vary, 'host');
    assert.deepEqual(answer.json(), {
      resource: url('/orders'),
      authorization_servers: [auth.issuer],
      bearer_methods_supported: ['header'],
      scopes_supported: ['list-orders', 'place-order'],
    });
  });

  test('any URL a protected route takes has its own document, naming exactly that URL (§3.3)', async () => {
    const answer = await request(url(`${WELL_KNOWN}/orders/42`));
    assert.equal(answer.status, 200);
    assert.equal(answer.json().resource, url('/orders/42'));
    assert.deepEqual(answer.json().scopes_supported, ['list-orders', 'place-order']);
    const items = await request(url(`${WELL_KNOWN}/orders/42/items`));
    assert.deepEqual(items.json(), {
      resource: url('/orders/42/items'),
      authorization_servers: [auth.issuer, pool.issuer],
      bearer_methods_supported: ['header'],
      scopes_supported: ['list-orders'],
    });
  });

  test('a route for people names the pool; one without scopes has no scopes_supported', async () => {
    const answer = await request(url(`${WELL_KNOWN}/me`));
    assert.deepEqual(answer.json(), {
      resource: url('/me'),
      authorization_servers: [pool.issuer],
      bearer_methods_supported: ['header'],
    });
  });

  test('the bare well-known path describes the gateway as a whole', async () => {
    const answer = await request(url(WELL_KNOWN));
    assert.equal(answer.status, 200);
    assert.deepEqual(answer.json(), {
      resource: gateway.url,
      authorization_servers: [auth.issuer, pool.issuer],
      bearer_methods_supported: ['header'],
      scopes_supported: ['list-orders', 'place-order'],
    });
  });

  test('public and unrouted paths have no document: JSON 404', async () => {
    for (const path of ['/public/x', '/nowhere', '/orders-archive']) {
      const answer = await request(url(`${WELL_KNOWN}${path}`));
      assert.equal(answer.status, 404, path);
      assert.deepEqual(answer.json(), {
        error: 'not_found',
        error_description: 'no protected route takes this path',
      });
    }
  });

  test('HEAD has no body; POST is 405', async () => {
    const head = await request(url(`${WELL_KNOWN}/orders`), { method: 'HEAD' });
    assert.equal(head.status, 200);
    assert.equal(head.body.length, 0);
    const post = await request(url(`${WELL_KNOWN}/orders`), { method: 'POST' });
    assert.equal(post.status, 405);
    assert.equal(post.headers.allow, 'GET, HEAD');
  });

  test('a forged Host is refused; untrusted X-Forwarded-* are ignored', async () => {
    const forged = await request(url(`${WELL_KNOWN}/orders`), { headers: { host: 'evil"host' } });
    assert.equal(forged.status, 400);
    const forwarded = await request(url(`${WELL_KNOWN}/orders`), {
      headers: { 'x-forwarded-host': 'evil.example', 'x-forwarded-proto': 'https' },
    });
    assert.equal(forwarded.json().resource, url('/orders'));
  });

  test('a public host over plain http is no RFC 9728 resource: 404 that says why', async () => {
    const answer = await request(url(`${WELL_KNOWN}/orders`), { headers: { host: 'api.example.com' } });
    assert.equal(answer.status, 404);
    assert.match(String(answer.json().error_description), /https/);
  });

  test('401 and 403 challenges carry resource_metadata for the URL refused (§5.1)', async () => {
    const missing = await request(url('/orders/42/items'));
    assert.equal(missing.status, 401);
    assert.equal(
      missing.headers['www-authenticate'],
      `Bearer resource_metadata="${url(`${WELL_KNOWN}/orders/42/items`)}"`,
    );
    const bad = await request(url('/orders'), { headers: bearer('abc.def.ghi') });
    assert.equal(bad.status, 401);
    assert.match(
      String(bad.headers['www-authenticate']),
      new RegExp(`^Bearer error="invalid_token", .*, resource_metadata="${url(`${WELL_KNOWN}/orders`)}"$`),
    );
    // The document it names is the one served.
    const named = /resource_metadata="([^"]+)"/.exec(String(missing.headers['www-authenticate']))?.[1] ?? '';
    const doc = await request(named);
    assert.equal(doc.json().resource, url('/orders/42/items'));
  });

  test('the well-known path is not proxied', async () => {
    const before = upstream.received;
    await request(url(`${WELL_KNOWN}/orders`));
    assert.equal(upstream.received, before);
  });
});

describe('gateway: behind a trusted proxy, and with a route that keeps the well-known path', () => {
  let auth: AuthServer;
  let upstream: TestUpstream;

  before(async () => {
    auth = await AuthServer.start();
    upstream = await new TestUpstream().start();
  });
  after(async () => {
    await upstream?.close();
    await auth?.close();
  });

  test('X-Forwarded-Host and -Proto of a trusted proxy make the resource an https URL', async () => {
    const { gateway } = await startTestGateway({
      issuer: auth.issuer,
      audience: API,
      revocation: false,
      trustForwardedHeaders: true,
      routes: [{ path: '/orders', upstream: upstream.url, scopes: ['place-order'] }],
    });
    try {
      const headers = { 'x-forwarded-host': 'api.example.com', 'x-forwarded-proto': 'https' };
      const answer = await request(`${gateway.url}${WELL_KNOWN}/orders`, { headers });
      assert.equal(answer.status, 200);
      assert.equal(answer.json().resource, 'https://api.example.com/orders');
      assert.equal(answer.headers.vary, 'host, x-forwarded-host, x-forwarded-proto');
      const refused = await request(`${gateway.url}/orders`, { headers });
      assert.equal(
        refused.headers['www-authenticate'],
        `Bearer resource_metadata="https://api.example.com${WELL_KNOWN}/orders"`,
      );
    } finally {
      await gateway.close();
    }
  });

  test('a route that names the well-known path sends it to its upstream', async () => {
    const { gateway } = await startTestGateway({
      issuer: auth.issuer,
      audience: API,
      revocation: false,
      routes: [
        { path: WELL_KNOWN, upstream: upstream.url, auth: 'none' },
        { path: '/orders', upstream: upstream.url, scopes: ['place-order'] },
      ],
    });
    try {
      const before = upstream.received;
      const answer = await request(`${gateway.url}${WELL_KNOWN}/orders`);
      assert.equal(answer.status, 200);
      assert.equal(upstream.received, before + 1);
    } finally {
      await gateway.close();
    }
  });
});
