// Moving an API to another team, and switching its algorithm only with a key verifiers hold.
import * as assert from 'node:assert/strict';
import { before, test } from 'node:test';
import type { AuditEventView, ResourceServer, Team } from '@gatehouse/schemas';
import { KEY_READY_MS } from '../../src/services/key-readiness.js';
import { type ApiSession, assertApiError, describeEachBackend, ok } from './harness.js';

function headerOf(token: string): { alg: string; kid: string } {
  return JSON.parse(Buffer.from(token.split('.')[0] ?? '', 'base64url').toString('utf8'));
}

describeEachBackend('admin API: moving a resource server and switching its algorithm', (gate) => {
  let both: ApiSession; // member of orders and shop
  let ordersOnly: ApiSession;
  let shopOnly: ApiSession;
  let orders: Team;
  let shop: Team;
  let api: ResourceServer;
  const path = () => `/api/v1/resource-servers/${api.id}`;

  before(async () => {
    both = await gate.user('both@example.com');
    ordersOnly = await gate.user('orders@example.com');
    shopOnly = await gate.user('shop@example.com');
    orders = await gate.team(both, 'orders');
    shop = await gate.team(both, 'shop');
    await gate.addMember(both, orders.id, 'orders@example.com');
    await gate.addMember(both, shop.id, 'shop@example.com');
    api = await gate.resourceServer(both, orders.id, {
      identifier: 'orders-api',
      name: 'Orders',
      scopes: [{ name: 'read' }],
    });
  });

  test('moving needs membership of both teams: neither side alone may, and nothing changes', async () => {
    const refused = await ordersOnly.patch(path(), { teamId: shop.id });
    assertApiError(refused, 403, 'forbidden');
    assert.match(String(refused.body.message), /only members of team "shop"/);
    assertApiError(await shopOnly.patch(path(), { teamId: shop.id }), 403, 'forbidden');
    assertApiError(await both.patch(path(), { teamId: 'no-such-team' }), 404, 'not_found');
    assertApiError(await both.patch(path(), { teamId: '' }), 422, 'validation_failed');
    assert.equal(ok(await both.get<ResourceServer>(path())).teamId, orders.id);
  });

  test('a member of both moves it (by slug); the new team manages it, the old one no longer can; audited', async () => {
    const moved = ok(await both.patch<ResourceServer>(path(), { teamId: 'shop', name: 'Orders (shop)' }));
    assert.equal(moved.teamId, shop.id);
    assert.equal(moved.name, 'Orders (shop)');
    assertApiError(await ordersOnly.patch(path(), { name: 'Back' }), 403, 'forbidden');
    assert.equal(ok(await shopOnly.patch<ResourceServer>(path(), { tokenTtl: 600 })).tokenTtl, 600);
    const events = ok(await gate.admin.get('/api/v1/audit?limit=1000')).events as AuditEventView[];
    const event = events.find(
      (e) =>
        e.action === 'resource_server.update' &&
        (e.before as ResourceServer).teamId === orders.id &&
        (e.after as ResourceServer).teamId === shop.id,
    );
    assert.ok(event, 'the move is audited, from the old team to the new');
    assert.equal(event.actor.id, both.userId);
  });

  test('a platform admin may move it anywhere', async () => {
    const moved = ok(await gate.admin.patch<ResourceServer>(path(), { teamId: orders.id }));
    assert.equal(moved.teamId, orders.id);
  });

  test('an algorithm switch is refused until a key of it has been published for 10 minutes', async () => {
    const { client, secret } = await gate.client(both, orders.id, { scopes: ['orders-api/read'] });
    const refused = await both.patch(path(), { signingAlg: 'RS256' });
    assertApiError(refused, 409, 'conflict');
    const message = String(refused.body.message);
    assert.match(message, /cannot switch "orders-api" to RS256 yet/);
    assert.match(message, /gatehouse keys rotate --alg RS256 --prepublish/);
    assert.equal(ok(await both.get<ResourceServer>(path())).signingAlg, 'ES256');

    await gate.withClockAdvanced(KEY_READY_MS, async () => {
      const switched = ok(await both.patch<ResourceServer>(path(), { signingAlg: 'RS256' }));
      assert.equal(switched.signingAlg, 'RS256');
      await gate.sync();
      const token = await gate.token(client.clientId, secret, 'orders-api/read');
      assert.equal(token.status, 200, token.text);
      assert.equal(headerOf(String(token.body?.access_token)).alg, 'RS256');
    });
  });

  test('a freshly rotated key is not ready; a pre-published one counts from when it was published', async () => {
    await gate.withClockAdvanced(KEY_READY_MS, async () => {
      // The EdDSA key rotated now joins the JWKS now.
      await gate.server.gatehouse.keys.rotate('EdDSA');
      assertApiError(await both.patch(path(), { signingAlg: 'EdDSA' }), 409, 'conflict');
      await gate.server.gatehouse.keys.rotate('EdDSA', { prepublish: true });
    });
    await gate.withClockAdvanced(2 * KEY_READY_MS, async () => {
      await gate.server.gatehouse.keys.rotate('EdDSA');
      const switched = ok(await both.patch<ResourceServer>(path(), { signingAlg: 'EdDSA' }));
      assert.equal(switched.signingAlg, 'EdDSA');
    });
  });
});
