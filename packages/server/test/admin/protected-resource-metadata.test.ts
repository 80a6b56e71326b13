import * as assert from 'node:assert/strict';
import { before, test } from 'node:test';
import type { ResourceServer, Team } from '@gatehouse/schemas';
import { type ApiSession, describeEachBackend, ok } from './harness.js';

async function fetchJson(url: string, init: RequestInit = {}) {
  const response = await fetch(url, init);
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    text,
    body: text ? (JSON.parse(text) as unknown) : null,
  };
}

/**
 * RFC 9728: Gatehouse hosts the protected resource metadata of every registered API at a stable
 * URL under its issuer, shown in the admin API, and served from the resource cache.
 */
describeEachBackend('RFC 9728 protected resource metadata of each resource server', (gate) => {
  let alice: ApiSession;
  let team: Team;
  let short: ResourceServer;
  let uri: ResourceServer;
  const urlOf = (rs: { id: string }) =>
    `${gate.server.issuer}/resource-servers/${rs.id}/oauth-protected-resource`;

  before(async () => {
    alice = await gate.user('alice@example.com');
    team = await gate.team(alice, 'orders-team');
    short = await gate.resourceServer(alice, team.id, {
      identifier: 'lj-health-food',
      name: 'LJ Health Food',
      scopes: [{ name: 'place-order' }, { name: 'list-orders' }],
    });
    uri = await gate.resourceServer(alice, team.id, {
      identifier: 'https://orders.example.com/v1/a+b?x=1',
      name: 'Orders "v1"',
      scopes: [],
    });
  });

  test('the admin API shows the URL in every view of a resource server', async () => {
    assert.equal(short.metadataUrl, urlOf(short));
    assert.equal(uri.metadataUrl, urlOf(uri));
    assert.equal(
      ok(await alice.get<ResourceServer>(`/api/v1/resource-servers/${short.id}`)).metadataUrl,
      urlOf(short),
    );
    const list = ok(await alice.get<{ resourceServers: ResourceServer[] }>('/api/v1/resource-servers'));
    for (const rs of list.resourceServers) assert.equal(rs.metadataUrl, urlOf(rs));
    const patched = ok(
      await alice.patch<ResourceServer>(`/api/v1/resource-servers/${short.id}`, { tokenTtl: 900 }),
    );
    assert.equal(patched.metadataUrl, urlOf(short));
  });

  test('the OpenAPI document describes metadataUrl', async () => {
    const doc = JSON.stringify(ok(await gate.session().get('/api/openapi.json')));
    assert.match(doc, /"metadataUrl":\{[^}]*"description":"Where Gatehouse serves this API's RFC 9728/);
  });

  test('the document: exact members, publicly cacheable, CORS-open, JSON', async () => {
    const answer = await fetchJson(urlOf(short));
    assert.equal(answer.status, 200);
    assert.match(answer.headers.get('content-type') ?? '', /^application\/json/);
    assert.equal(answer.headers.get('cache-control'), 'public, max-age=60');
    assert.equal(answer.headers.get('access-control-allow-origin'), '*');
    assert.deepEqual(answer.body, {
      resource: 'lj-health-food',
      authorization_servers: [gate.server.issuer],
      scopes_supported: ['list-orders', 'place-order'],
      bearer_methods_supported: ['header'],
      resource_name: 'LJ Health Food',
    });
  });

  test('an absolute-URI identifier is given as it is; no scopes means no scopes_supported (RFC 9728 §2)', async () => {
    const answer = await fetchJson(urlOf(uri));
    assert.equal(answer.status, 200);
    assert.deepEqual(answer.body, {
      resource: 'https://orders.example.com/v1/a+b?x=1',
      authorization_servers: [gate.server.issuer],
      bearer_methods_supported: ['header'],
      resource_name: 'Orders "v1"',
    });
  });

  test('HEAD answers without a body', async () => {
    const answer = await fetchJson(urlOf(short), { method: 'HEAD' });
    assert.equal(answer.status, 200);
    assert.equal(answer.text, '');
  });

  test('a scope added is in the document once the change reaches the cache', async () => {
    ok(await alice.post(`/api/v1/resource-servers/${short.id}/scopes`, { name: 'cancel-order' }), 201);
    await gate.sync();
    const answer = await fetchJson(urlOf(short));
    assert.deepEqual((answer.body as { scopes_supported: string[] }).scopes_supported, [
      'cancel-order',
      'list-orders',
      'place-order',
    ]);
  });

  test('unknown ids and malformed paths are JSON 404s, never the portal', async () => {
    for (const path of [
      '/resource-servers/rs_nosuchthing/oauth-protected-resource',
      '/resource-servers/%E0%A4%A/oauth-protected-resource',
      '/resource-servers/lj-health-food/oauth-protected-resource',
      '/resource-servers/',
      `/resource-servers/${short.id}`,
    ]) {
      const answer = await fetchJson(gate.url + path);
      assert.equal(answer.status, 404, path);
      assert.match(answer.headers.get('content-type') ?? '', /^application\/json/, path);
      assert.equal((answer.body as { error: string }).error, 'not_found', path);
    }
  });

  test('POST is 405', async () => {
    const answer = await fetchJson(urlOf(short), { method: 'POST' });
    assert.equal(answer.status, 405);
  });

  test('a deleted resource server has no document', async () => {
    const gone = await gate.resourceServer(alice, team.id, {
      identifier: 'short-lived',
      name: 'Short',
      scopes: [],
    });
    assert.equal((await fetchJson(urlOf(gone))).status, 200);
    assert.ok((await alice.del(`/api/v1/resource-servers/${gone.id}`)).status < 300);
    await gate.sync();
    assert.equal((await fetchJson(urlOf(gone))).status, 404);
  });

  // The change poller keeps reading the change log meanwhile; only reads of the registry count.
  test('served from the resource cache: no store read of resource servers per request', async () => {
    await fetchJson(urlOf(short));
    const db = gate.server.gatehouse.db as {
      all: (...args: unknown[]) => unknown;
      get: (...args: unknown[]) => unknown;
    };
    const original = { all: db.all, get: db.get };
    let reads = 0;
    const registry = (sql: unknown) => /resource_servers|scopes/.test(String(sql));
    db.all = (...args: unknown[]) => {
      if (registry(args[0])) reads++;
      return original.all.apply(db, args);
    };
    db.get = (...args: unknown[]) => {
      if (registry(args[0])) reads++;
      return original.get.apply(db, args);
    };
    try {
      for (let i = 0; i < 5; i++) assert.equal((await fetchJson(urlOf(short))).status, 200);
    } finally {
      db.all = original.all;
      db.get = original.get;
    }
    assert.equal(reads, 0);
  });
});
