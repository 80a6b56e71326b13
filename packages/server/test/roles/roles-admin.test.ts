import * as assert from 'node:assert/strict';
import { before, test } from 'node:test';
import type { ClientRoles, Role, Team } from '@gatehouse/schemas';
import { CLI_ACTOR } from '../../src/services/actor.js';
import {
  type ApiSession,
  assertApiError,
  assertTokenError,
  describeEachBackend,
  ok,
} from '../admin/harness.js';

describeEachBackend('roles through the admin API', (gate) => {
  let alice: ApiSession; // owner of orders
  let amy: ApiSession; // member of orders
  let bob: ApiSession; // owner of billing
  let orders: Team;
  let billing: Team;
  /** A client of orders with no scopes of its own: everything it gets comes from roles. */
  let worker: { clientId: string; secret: string };
  let billingClient: string;

  const events = async (action: string, targetId?: string) =>
    (await gate.server.gatehouse.audit.list(CLI_ACTOR, { action, targetId, limit: 1000 })).events;

  before(async () => {
    alice = await gate.user('alice@example.com');
    amy = await gate.user('amy@example.com');
    bob = await gate.user('bob@example.com');
    orders = await gate.team(alice, 'orders');
    billing = await gate.team(bob, 'billing');
    await gate.addMember(alice, orders.id, 'amy@example.com');
    await gate.resourceServer(alice, orders.id, {
      identifier: 'orders-api',
      name: 'Orders',
      scopes: [{ name: 'read' }, { name: 'write' }, { name: 'audit' }],
    });
    await gate.resourceServer(bob, billing.id, {
      identifier: 'billing-api',
      name: 'Billing',
      scopes: [{ name: 'invoices' }, { name: 'refunds' }],
    });
    const made = await gate.client(amy, orders.id, { name: 'worker' });
    worker = { clientId: made.client.clientId, secret: made.secret };
    billingClient = (await gate.client(bob, billing.id, { name: 'ledger' })).client.clientId;
  });

  test("a member bundles their team's scopes; a client holding the role gets tokens for them", async () => {
    const role = ok(
      await amy.post<Role>('/api/v1/roles', {
        name: 'order-reader',
        teamId: orders.id,
        description: 'reads orders',
        scopes: ['orders-api/read', 'orders-api/write'],
      }),
      201,
    );
    assert.match(role.id, /^role_/);
    assert.deepEqual(role.scopes, ['orders-api/read', 'orders-api/write']);
    assert.deepEqual(role.holders, []);
    assert.equal((await events('role.create', role.id)).length, 1);

    assertTokenError(await gate.token(worker.clientId, worker.secret, 'orders-api/read'), 'invalid_scope');
    const view = ok(
      await amy.post<ClientRoles>(`/api/v1/clients/${worker.clientId}/roles`, { role: 'order-reader' }),
    );
    assert.deepEqual(
      view.roles.map((r) => r.name),
      ['order-reader'],
    );
    assert.deepEqual(
      view.scopes.map((s) => [s.scope, s.direct, s.roles.map((r) => r.name)]),
      [
        ['orders-api/read', false, ['order-reader']],
        ['orders-api/write', false, ['order-reader']],
      ],
    );
    await gate.sync();
    const token = await gate.token(worker.clientId, worker.secret, 'orders-api/read orders-api/write');
    assert.equal(token.status, 200, token.text);
    assert.equal(token.body?.scope, 'read write');
    const shown = ok(await amy.get<Role>(`/api/v1/roles/${role.id}`));
    assert.deepEqual(shown.holders, [{ clientId: worker.clientId, name: 'worker' }]);
    const [added] = await events('client.roles.add', worker.clientId);
    assert.ok(added);
  });

  test('a scope removed from a role is refused with invalid_scope; adding it back restores it', async () => {
    ok(await amy.del(`/api/v1/roles/order-reader/scopes?scope=${encodeURIComponent('orders-api/write')}`));
    await gate.sync();
    assertTokenError(await gate.token(worker.clientId, worker.secret, 'orders-api/write'), 'invalid_scope');
    assert.equal((await gate.token(worker.clientId, worker.secret, 'orders-api/read')).status, 200);
    const removed = await events('role.scope.remove');
    assert.equal(removed.length, 1);
    assert.deepEqual((removed[0]?.after as Role).scopes, ['orders-api/read']);
    assert.deepEqual((removed[0]?.before as Role).scopes, ['orders-api/read', 'orders-api/write']);

    ok(await amy.post('/api/v1/roles/order-reader/scopes', { scopes: ['orders-api/write'] }));
    await gate.sync();
    assert.equal((await gate.token(worker.clientId, worker.secret, 'orders-api/write')).status, 200);
  });

  test("a member cannot bundle another team's scope, until its owners approve an access request", async () => {
    const refused = await amy.post('/api/v1/roles/order-reader/scopes', { scopes: ['billing-api/invoices'] });
    assertApiError(refused, 403, 'forbidden');
    assertApiError(
      await amy.post('/api/v1/roles', {
        name: 'sneaky',
        teamId: orders.id,
        scopes: ['billing-api/invoices'],
      }),
      403,
      'forbidden',
    );
    assert.ok(!(await gate.server.gatehouse.roles.list(CLI_ACTOR)).some((r) => r.name === 'sneaky'));

    // Billing's owners allow orders' worker the scope; the team may now bundle it.
    const asked = ok(
      await amy.post('/api/v1/access-requests', {
        clientId: worker.clientId,
        scope: 'billing-api/invoices',
        reason: 'invoice lookups',
      }),
      201,
    );
    ok(await bob.post(`/api/v1/access-requests/${asked.id}/approve`, {}));
    const widened = ok(
      await amy.post<Role>('/api/v1/roles/order-reader/scopes', { scopes: ['billing-api/invoices'] }),
    );
    assert.ok(widened.scopes.includes('billing-api/invoices'));
    // Only what was approved: refunds stay out of reach.
    assertApiError(
      await amy.post('/api/v1/roles/order-reader/scopes', { scopes: ['billing-api/refunds'] }),
      403,
      'forbidden',
    );
  });

  test("a client holds only its own team's roles; people see only their teams' roles", async () => {
    const billingRole = ok(
      await bob.post<Role>('/api/v1/roles', {
        name: 'ledger',
        teamId: billing.id,
        scopes: ['billing-api/refunds'],
      }),
      201,
    );
    // Amy cannot see billing's role at all.
    assertApiError(await amy.get(`/api/v1/roles/${billingRole.id}`), 404, 'not_found');
    assertApiError(
      await amy.post(`/api/v1/clients/${worker.clientId}/roles`, { role: billingRole.id }),
      404,
      'not_found',
    );
    const listed = ok(await amy.get<{ roles: Role[] }>('/api/v1/roles'));
    assert.deepEqual(
      listed.roles.map((r) => r.name),
      ['order-reader'],
    );
    // Not even a platform admin gives a client another team's role.
    assertApiError(
      await gate.admin.post(`/api/v1/clients/${worker.clientId}/roles`, { role: billingRole.id }),
      403,
      'forbidden',
    );
    // Bob cannot give his team's client orders' role either: it is not visible to him.
    assertApiError(
      await bob.post(`/api/v1/clients/${billingClient}/roles`, { role: 'order-reader' }),
      404,
      'not_found',
    );
    // Names are unique within a team, not across teams.
    ok(await alice.post('/api/v1/roles', { name: 'ledger', teamId: orders.id }), 201);
    assertApiError(await alice.post('/api/v1/roles', { name: 'ledger', teamId: orders.id }), 409, 'conflict');
  });

  test('bad input is a 422 naming the field', async () => {
    const bad = await amy.post('/api/v1/roles', { name: 'has space', teamId: orders.id });
    assertApiError(bad, 422, 'validation_failed');
    assertApiError(
      await amy.post('/api/v1/roles', { name: 'x', teamId: orders.id, scopes: ['orders-api/nope'] }),
      422,
      'validation_failed',
    );
    assertApiError(
      await amy.post('/api/v1/roles', { name: 'role_x', teamId: orders.id }),
      422,
      'validation_failed',
    );
  });

  test('a direct permission and a role show both origins; removing the role keeps the direct one', async () => {
    ok(await amy.post(`/api/v1/clients/${worker.clientId}/permissions`, { scopes: ['orders-api/read'] }));
    const view = ok(await amy.get<ClientRoles>(`/api/v1/clients/${worker.clientId}/roles`));
    const read = view.scopes.find((s) => s.scope === 'orders-api/read');
    assert.equal(read?.direct, true);
    assert.deepEqual(
      read?.roles.map((r) => r.name),
      ['order-reader'],
    );
    const after = ok(await amy.del<ClientRoles>(`/api/v1/clients/${worker.clientId}/roles/order-reader`));
    assert.deepEqual(after.roles, []);
    assert.deepEqual(
      after.scopes.map((s) => s.scope),
      ['orders-api/read', 'billing-api/invoices'].sort(),
    );
    await gate.sync();
    assertTokenError(await gate.token(worker.clientId, worker.secret, 'orders-api/write'), 'invalid_scope');
    assert.equal((await gate.token(worker.clientId, worker.secret, 'orders-api/read')).status, 200);
    assert.equal((await events('client.roles.remove', worker.clientId)).length, 1);
    ok(await amy.post(`/api/v1/clients/${worker.clientId}/roles`, { role: 'order-reader' }));
  });

  test("a scope deleted from its API leaves the role; a deleted role's holders lose its scopes", async () => {
    ok(await alice.post('/api/v1/roles/order-reader/scopes', { scopes: ['orders-api/audit'] }));
    ok(await alice.del('/api/v1/resource-servers/orders-api/scopes/audit'));
    const role = ok(await amy.get<Role>('/api/v1/roles/order-reader'));
    assert.ok(!role.scopes.includes('orders-api/audit'));

    await gate.sync();
    assert.equal((await gate.token(worker.clientId, worker.secret, 'orders-api/write')).status, 200);
    assert.equal((await amy.del(`/api/v1/roles/${role.id}`)).status, 204);
    await gate.sync();
    assertTokenError(await gate.token(worker.clientId, worker.secret, 'orders-api/write'), 'invalid_scope');
    const [deleted] = await events('role.delete', role.id);
    assert.deepEqual((deleted?.before as Role).holders, [{ clientId: worker.clientId, name: 'worker' }]);
    assert.equal(deleted?.after, null);
  });

  test('a machine client with roles:write bundles only what it holds itself', async () => {
    const bot = await gate.client(gate.admin, orders.id, {
      name: 'role-bot',
      scopes: ['gatehouse-admin/roles:write', 'gatehouse-admin/roles:read', 'orders-api/read'],
    });
    const session = await gate.bearer(bot.client.clientId, bot.secret, ['roles:write', 'roles:read']);
    ok(
      await session.post('/api/v1/roles', {
        name: 'bot-role',
        teamId: orders.id,
        scopes: ['orders-api/read'],
      }),
      201,
    );
    assertApiError(
      await session.post('/api/v1/roles/bot-role/scopes', { scopes: ['orders-api/write'] }),
      403,
      'forbidden',
    );
    assertApiError(
      await session.post('/api/v1/roles/bot-role/scopes', { scopes: ['gatehouse-admin/users:write'] }),
      403,
      'forbidden',
    );
    // Without clients:write it cannot hand the role out.
    assertApiError(
      await session.post(`/api/v1/clients/${worker.clientId}/roles`, { role: 'bot-role' }),
      403,
      'forbidden',
    );
  });
});
