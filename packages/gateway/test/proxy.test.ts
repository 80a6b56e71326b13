import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { RunningGateway } from '../src/index.js';
import { AuthServer, type RegisteredClient } from './support/auth-server.js';
import { eventually, type LogEntry, startTestGateway } from './support/gateway.js';
import { bearer, request } from './support/http.js';
import { closedPort } from './support/ports.js';
import { type Echo, pattern, TestUpstream } from './support/upstream.js';

const API = 'lj-health-food';
const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

describe('gateway in front of an API, with a real Gatehouse', () => {
  let auth: AuthServer;
  let upstream: TestUpstream;
  let gateway: RunningGateway;
  let logs: LogEntry[];
  let rawLogs: string[];
  let partner: RegisteredClient;
  let placeOrder: string;
  let bothScopes: string;
  let otherApi: string;
  const url = (path: string) => gateway.url + path;

  before(async () => {
    auth = await AuthServer.start();
    upstream = await new TestUpstream().start();
    await auth.resourceServer(API, ['place-order', 'list-orders']);
    await auth.resourceServer('other-api', ['read']);
    partner = await auth.client([`${API}/place-order`]);
    const ops = await auth.client([`${API}/place-order`, `${API}/list-orders`]);
    const other = await auth.client(['other-api/read']);
    [placeOrder, bothScopes, otherApi] = await Promise.all([
      auth.token(partner, `${API}/place-order`),
      auth.token(ops, `${API}/place-order ${API}/list-orders`),
      auth.token(other, 'other-api/read'),
    ]);
    const down = `http://127.0.0.1:${await closedPort()}`;
    ({ gateway, logs, rawLogs } = await startTestGateway({
      issuer: auth.issuer,
      audience: API,
      timeouts: { upstreamMs: 800, idleMs: 5_000, shutdownMs: 2_000 },
      routes: [
        { path: '/orders', methods: ['POST'], upstream: upstream.url, scopes: ['place-order'] },
        { path: '/orders', methods: ['GET'], upstream: upstream.url, scopes: ['list-orders'] },
        { path: '/public/*', upstream: upstream.url, auth: 'none' },
        {
          path: '/other/:id/*',
          upstream: `${upstream.url}/base/`,
          audience: 'other-api',
          scopes: ['read'],
          stripPrefix: true,
        },
        { path: '/files', upstream: upstream.url, scopes: ['place-order'] },
        { path: '/down', upstream: down, auth: 'none' },
      ],
    }));
  });

  after(async () => {
    await gateway?.close();
    await upstream?.close();
    await auth?.close();
  });

  test('an allowed request reaches the upstream with the verified identity, and nothing spoofed', async () => {
    const answer = await request(url('/orders?coupon=1'), {
      method: 'POST',
      headers: {
        ...bearer(placeOrder),
        'content-type': 'application/json',
        'X-Gatehouse-Client-Id': 'admin',
        'x-gatehouse-scopes': 'list-orders',
        'X-Gatehouse-Role': 'root',
        'X-Forwarded-For': '203.0.113.9',
        'X-Forwarded-Host': 'evil.example',
        'x-custom': 'kept',
        connection: 'keep-alive, x-custom-hop',
        'x-custom-hop': 'dropped: named in Connection',
      },
      body: JSON.stringify({ item: 'granola' }),
    });
    assert.equal(answer.status, 200);
    const echo = answer.json<Echo>();
    assert.equal(echo.method, 'POST');
    assert.equal(echo.url, '/orders?coupon=1');
    assert.equal(echo.bodyLength, Buffer.byteLength('{"item":"granola"}'));
    const h = echo.headers;
    assert.equal(h['x-gatehouse-client-id'], partner.clientId);
    assert.equal(h['x-gatehouse-scopes'], 'place-order');
    assert.equal(h['x-gatehouse-role'], undefined);
    assert.equal(h.authorization, undefined, 'the token is not forwarded by default');
    assert.equal(h['x-forwarded-for'], '127.0.0.1');
    assert.equal(h['x-forwarded-proto'], 'http');
    assert.equal(h['x-forwarded-host'], new URL(gateway.url).host);
    assert.equal(h.host, new URL(upstream.url).host);
    assert.equal(h['x-custom'], 'kept');
    assert.equal(h['x-custom-hop'], undefined);
    assert.equal(h['content-type'], 'application/json');
    // the upstream's answer comes back without its hop-by-hop fields
    assert.equal(answer.headers['x-upstream'], 'yes');
    assert.equal(answer.headers['x-upstream-private'], undefined);
  });

  test('no token: 401 with a bare Bearer challenge, and the upstream is not called', async () => {
    const before = upstream.received;
    const answer = await request(url('/orders'), { method: 'POST' });
    assert.equal(answer.status, 401);
    // RFC 9728 §5.1: the challenge names the metadata of the URL refused.
    assert.equal(
      answer.headers['www-authenticate'],
      `Bearer resource_metadata="${gateway.url}/.well-known/oauth-protected-resource/orders"`,
    );
    assert.equal(answer.headers['content-type'], 'application/json');
    assert.equal(answer.json().error, 'invalid_request');
    assert.equal(upstream.received, before);
  });

  test('a token that is not one: 401 invalid_token', async () => {
    const answer = await request(url('/orders'), { method: 'POST', headers: bearer('abc.def.ghi') });
    assert.equal(answer.status, 401);
    assert.match(answer.headers['www-authenticate'] ?? '', /^Bearer error="invalid_token"/);
    assert.equal(answer.json().error, 'invalid_token');
  });

  test('a token without the route scope: 403 naming the scope', async () => {
    const answer = await request(url('/orders'), { headers: bearer(placeOrder) });
    assert.equal(answer.status, 403);
    assert.equal(
      answer.headers['www-authenticate'],
      'Bearer error="insufficient_scope", error_description="The access token does not carry the required scope", scope="list-orders", ' +
        `resource_metadata="${gateway.url}/.well-known/oauth-protected-resource/orders"`,
    );
    assert.deepEqual(answer.json(), {
      error: 'insufficient_scope',
      error_description: 'The access token does not carry the required scope',
    });
    const listed = await request(url('/orders'), { headers: bearer(bothScopes) });
    assert.equal(listed.status, 200);
    assert.deepEqual(String(listed.json<Echo>().headers['x-gatehouse-scopes']).split(' ').sort(), [
      'list-orders',
      'place-order',
    ]);
  });

  test('a token for another API: 401 invalid_token', async () => {
    const answer = await request(url('/orders'), { method: 'POST', headers: bearer(otherApi) });
    assert.equal(answer.status, 401);
    assert.match(answer.headers['www-authenticate'] ?? '', /error="invalid_token"/);
  });

  test('a route with its own audience and stripPrefix', async () => {
    const answer = await request(url('/other/42/items?page=2'), { headers: bearer(otherApi) });
    assert.equal(answer.status, 200);
    assert.equal(answer.json<Echo>().url, '/base/items?page=2');
    const bare = await request(url('/other/42'), { headers: bearer(otherApi) });
    assert.equal(bare.json<Echo>().url, '/base');
    const wrong = await request(url('/other/42'), { headers: bearer(placeOrder) });
    assert.equal(wrong.status, 401);
  });

  test('a public route needs no token and still gets no spoofed identity', async () => {
    const answer = await request(url('/public/menu'), {
      headers: { 'x-gatehouse-client-id': 'admin', authorization: 'Bearer whatever' },
    });
    assert.equal(answer.status, 200);
    const echo = answer.json<Echo>();
    assert.equal(echo.url, '/public/menu');
    assert.equal(echo.headers['x-gatehouse-client-id'], undefined);
    assert.equal(echo.headers['x-gatehouse-scopes'], undefined);
    assert.equal(echo.headers.authorization, undefined);
  });

  test('escaped spellings of a path reach the route they name', async () => {
    const answer = await request(url('/%6Frders'), { method: 'POST' });
    assert.equal(answer.status, 401, 'not a way around the /orders route');
    const dots = await request(url('/public/../orders'), { method: 'POST' });
    assert.equal(dots.status, 400);
    assert.equal(dots.json().error, 'invalid_request');
  });

  test('no route: 404 JSON; a method no route takes: 405 with Allow', async () => {
    const missing = await request(url('/nowhere'));
    assert.equal(missing.status, 404);
    assert.deepEqual(missing.json(), { error: 'not_found', error_description: 'no route matches this path' });
    const wrongMethod = await request(url('/orders'), { method: 'DELETE', headers: bearer(bothScopes) });
    assert.equal(wrongMethod.status, 405);
    assert.equal(wrongMethod.headers.allow, 'GET, HEAD, POST');
    assert.equal(wrongMethod.json().error, 'method_not_allowed');
  });

  test('/healthz answers itself and reports the verifiers ready', async () => {
    await eventually(async () => (await request(url('/healthz'))).json<{ ready: boolean }>().ready);
    const answer = await request(url('/healthz'));
    assert.equal(answer.status, 200);
    assert.deepEqual(answer.json(), {
      status: 'ok',
      ready: true,
      verifiers: [
        { audience: API, ready: true },
        { audience: 'other-api', ready: true },
      ],
    });
    assert.equal((await request(url('/readyz'))).status, 200);
  });

  test('several MB stream through both ways, intact', async () => {
    const upload = pattern(6 * 1024 * 1024 + 7);
    // chunked (no content-length), as a streaming client sends it
    const { Readable } = await import('node:stream');
    const chunks = [
      upload.subarray(0, 1_000_000),
      upload.subarray(1_000_000, 4_000_000),
      upload.subarray(4_000_000),
    ];
    const echoed = await request(url('/files/stream-back'), {
      method: 'PUT',
      headers: bearer(placeOrder),
      body: Readable.from(chunks),
    });
    assert.equal(echoed.status, 200);
    assert.equal(echoed.body.length, upload.length);
    assert.equal(sha256(echoed.body), sha256(upload));

    const size = 12 * 1024 * 1024 + 3;
    const download = await request(url(`/public/download?bytes=${size}`));
    assert.equal(download.status, 200);
    assert.equal(download.body.length, size);
    assert.equal(sha256(download.body), sha256(pattern(size)));

    const counted = await request(url('/files'), {
      method: 'POST',
      headers: { ...bearer(placeOrder), 'content-length': String(upload.length) },
      body: upload,
    });
    assert.equal(counted.json<Echo>().bodySha256, sha256(upload));
  });

  test('an upstream that refuses connections: 502 JSON', async () => {
    const answer = await request(url('/down'));
    assert.equal(answer.status, 502);
    assert.deepEqual(answer.json(), {
      error: 'bad_gateway',
      error_description: 'the upstream could not be reached',
    });
    const post = await request(url('/down'), { method: 'POST', body: pattern(200_000) });
    assert.equal(post.status, 502);
  });

  test('an upstream slower than upstreamMs: 504 JSON, and the upstream request is cancelled', async () => {
    const closedBefore = upstream.closed;
    const started = Date.now();
    const answer = await request(url('/public/hang'));
    assert.equal(answer.status, 504);
    assert.deepEqual(answer.json(), {
      error: 'gateway_timeout',
      error_description: 'the upstream did not answer in time',
    });
    assert.ok(Date.now() - started >= 750, 'waited for upstreamMs');
    await eventually(() => upstream.closed > closedBefore);
    const inTime = await request(url('/public/slow?ms=100'));
    assert.equal(inTime.status, 200);
  });

  test('a caller who leaves cancels the upstream request', async () => {
    const closedBefore = upstream.closed;
    const receivedBefore = upstream.received;
    const controller = new AbortController();
    const pending = request(url('/public/hang'), { signal: controller.signal });
    await eventually(() => upstream.received > receivedBefore);
    controller.abort();
    await assert.rejects(pending, { name: 'AbortError' });
    await eventually(() => upstream.closed > closedBefore);
    await eventually(() =>
      logs.some((l) => l.msg === 'request' && l.path === '/public/hang' && l.status === 499),
    );
  });

  test('one JSON access line per request, without tokens or query strings', async () => {
    const marker = `/orders?secret-query=${Date.now()}`;
    await request(url(marker), { method: 'POST', headers: bearer(placeOrder), body: '{}' });
    await eventually(() => logs.some((l) => l.msg === 'request' && l.method === 'POST' && l.status === 200));
    const line = logs.findLast((l) => l.msg === 'request' && l.path === '/orders' && l.status === 200);
    assert.ok(line);
    assert.deepEqual(Object.keys(line).sort(), [
      'client_id',
      'level',
      'method',
      'msg',
      'path',
      'route',
      'status',
      'time',
      'total_ms',
      'upstream_ms',
    ]);
    assert.equal(line.route, '/orders');
    assert.equal(line.client_id, partner.clientId);
    assert.equal(typeof line.upstream_ms, 'number');
    assert.ok((line.total_ms as number) >= (line.upstream_ms as number));
    const refused = logs.find((l) => l.msg === 'request' && l.status === 403);
    assert.equal(refused?.error, 'ERR_INSUFFICIENT_SCOPE');
    assert.equal(refused?.upstream_ms, null);
    const all = rawLogs.join('');
    for (const token of [placeOrder, bothScopes, otherApi])
      assert.ok(!all.includes(token), 'a token was logged');
    assert.ok(!all.includes('secret-query'), 'a query string was logged');
    // The header's name may appear (a refusal's failedAssertion names it), never its value.
    assert.ok(!/bearer\s+ey/i.test(all), 'an Authorization header value was logged');
  });
});

describe('gateway options', () => {
  let auth: AuthServer;
  let upstream: TestUpstream;
  let token: string;

  before(async () => {
    auth = await AuthServer.start();
    upstream = await new TestUpstream().start();
    await auth.resourceServer(API, ['place-order']);
    token = await auth.token(await auth.client([`${API}/place-order`]), `${API}/place-order`);
  });
  after(async () => {
    await upstream?.close();
    await auth?.close();
  });

  test('forwardToken passes the Authorization header; trustForwardedHeaders keeps the chain', async () => {
    const { gateway } = await startTestGateway({
      issuer: auth.issuer,
      audience: API,
      forwardToken: true,
      trustForwardedHeaders: true,
      routes: [{ path: '/', upstream: upstream.url, scopes: ['place-order'] }],
    });
    try {
      const answer = await request(`${gateway.url}/x`, {
        headers: { ...bearer(token), 'x-forwarded-for': '203.0.113.9', 'x-forwarded-proto': 'https' },
      });
      const echo = answer.json<Echo>();
      assert.equal(echo.headers.authorization, `Bearer ${token}`);
      assert.equal(echo.headers['x-forwarded-for'], '203.0.113.9, 127.0.0.1');
      assert.equal(echo.headers['x-forwarded-proto'], 'https');
    } finally {
      await gateway.close();
    }
  });

  test('a disabled client is refused within seconds (revocation list + token cache)', async () => {
    const client = await auth.client([`${API}/place-order`]);
    const fresh = await auth.token(client, `${API}/place-order`);
    const { gateway } = await startTestGateway({
      issuer: auth.issuer,
      audience: API,
      revocation: { pollIntervalSeconds: 0.2 },
      tokenCacheMs: 500,
      routes: [{ path: '/', upstream: upstream.url, scopes: ['place-order'] }],
    });
    try {
      assert.equal((await request(`${gateway.url}/x`, { headers: bearer(fresh) })).status, 200);
      await auth.disable(client);
      const disabledAt = Date.now();
      let answer = await request(`${gateway.url}/x`, { headers: bearer(fresh) });
      while (answer.status === 200 && Date.now() - disabledAt < 5_000) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        answer = await request(`${gateway.url}/x`, { headers: bearer(fresh) });
      }
      assert.equal(answer.status, 401);
      assert.match(answer.headers['www-authenticate'] ?? '', /error="invalid_token"/);
      // The cache (500 ms) and the list's poll (200 ms) bound it; the rest is a loaded machine's slack.
      assert.ok(Date.now() - disabledAt < 3_000, `refused after ${Date.now() - disabledAt} ms`);
      assert.equal(
        (await request(`${gateway.url}/x`, { headers: bearer(token) })).status,
        200,
        'others pass',
      );
    } finally {
      await gateway.close();
    }
  });

  test('an issuer that cannot be reached: /readyz says 503 and token checks answer 503', async () => {
    const { gateway, logs } = await startTestGateway({
      issuer: `http://127.0.0.1:${await closedPort()}`,
      audience: API,
      routes: [{ path: '/', upstream: upstream.url }],
    });
    try {
      await eventually(() => logs.some((l) => l.level === 'warn'));
      const ready = await request(`${gateway.url}/readyz`);
      assert.equal(ready.status, 503);
      const health = ready.json<{ ready: boolean; verifiers: { ready: boolean; error?: string }[] }>();
      assert.equal(health.ready, false);
      assert.equal(typeof health.verifiers[0]?.error, 'string');
      assert.equal((await request(`${gateway.url}/healthz`)).status, 200);
      const answer = await request(`${gateway.url}/x`, { headers: bearer(token) });
      assert.equal(answer.status, 503);
      assert.equal(answer.json().error, 'temporarily_unavailable');
    } finally {
      await gateway.close();
    }
  });
});
