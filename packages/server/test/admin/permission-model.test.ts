import * as assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { before, test } from 'node:test';
import type { Client, Team } from '@gatehouse/schemas';
import { CLI_ACTOR } from '../../src/services/actor.js';
import { within } from '../support/within.js';
import { assertApiError, describeEachBackend, ok, PASSWORD } from './harness.js';

const publicJwk = () => ({
  ...generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ format: 'jwk' }),
  kid: 'k1',
  alg: 'ES256',
});

describeEachBackend('admin API permission model for machine callers', (gate) => {
  /** The README's provisioner: no team, only clients:read and clients:write of gatehouse-admin. */
  let provisioner: { clientId: string; secret: string };
  let team: Team;
  let target: Client;

  /** A client made by the operator's CLI (the service layer with its own actor). */
  async function cliClient(name: string, scopes: string[], teamId?: string) {
    const created = await gate.server.gatehouse.clients.create(
      { name, scopes },
      CLI_ACTOR,
      teamId ? { teamId } : {},
    );
    assert.ok(created.secret);
    gate.secrets.push(created.secret.value);
    await gate.sync();
    return { clientId: created.client.clientId, secret: created.secret.value };
  }

  /** The store's view, read by the operator: what actually committed. */
  const stored = (clientId: string) => gate.server.gatehouse.clients.get(clientId, CLI_ACTOR);
  const storedByName = async (name: string) =>
    (await gate.server.gatehouse.clients.list(CLI_ACTOR)).filter((c) => c.name === name);
  const events = async (action: string, targetId?: string) =>
    (await gate.server.gatehouse.audit.list(CLI_ACTOR, { action, targetId, limit: 1000 })).events;

  before(async () => {
    provisioner = await cliClient('ci-provisioner', [
      'gatehouse-admin/clients:write',
      'gatehouse-admin/clients:read',
    ]);
    team = await gate.team(gate.admin, 'orders');
    await gate.resourceServer(gate.admin, team.id, {
      identifier: 'orders',
      name: 'Orders',
      scopes: [{ name: 'read' }, { name: 'write' }],
    });
    target = (await gate.client(gate.admin, team.id, { name: 'orders-worker' })).client;
    // What the provisioner may pass on: a platform admin gave it orders/read.
    ok(
      await gate.admin.post(`/api/v1/clients/${provisioner.clientId}/permissions`, {
        scopes: ['orders/read'],
      }),
    );
    await gate.sync();
  });

  test('a store made before admins:write existed gains it on start', async () => {
    const { gatehouse } = gate.server;
    const names = async () =>
      (await gatehouse.resourceServers.get('gatehouse-admin', CLI_ACTOR)).scopes.map((s) => s.name);
    await gatehouse.db.run("DELETE FROM scopes WHERE name = 'admins:write'");
    assert.ok(!(await names()).includes('admins:write'));
    // What every start runs.
    await gatehouse.resourceServers.ensureBuiltIn();
    assert.ok((await names()).includes('admins:write'));
  });

  test('a client cannot grant itself gatehouse-admin scopes; nothing commits and no admin can be made', async () => {
    const session = await gate.bearer(provisioner.clientId, provisioner.secret, ['clients:write']);
    const before = await stored(provisioner.clientId);
    const grantsLogged = (await events('client.grant', provisioner.clientId)).length;
    const widen = await session.post(`/api/v1/clients/${provisioner.clientId}/permissions`, {
      scopes: ['gatehouse-admin/users:write'],
    });
    assertApiError(widen, 403, 'forbidden');
    assert.deepEqual((await stored(provisioner.clientId)).scopes, before.scopes);
    assert.equal((await events('client.grant', provisioner.clientId)).length, grantsLogged);

    // Nor on another client it manages, nor by creating one.
    const onOther = await session.post(`/api/v1/clients/${target.clientId}/permissions`, {
      scopes: ['gatehouse-admin/users:write'],
    });
    assertApiError(onOther, 403, 'forbidden');
    assert.match(onOther.body.message, /only platform admins may grant it/);
    assert.deepEqual((await stored(target.clientId)).scopes, []);
    const minted = await session.post('/api/v1/clients', {
      teamId: team.id,
      name: 'minted',
      scopes: ['gatehouse-admin/users:write'],
    });
    assertApiError(minted, 403, 'forbidden');
    assert.deepEqual(await storedByName('minted'), []);

    // A gatehouse-admin scope it holds itself is still a platform admin's to give.
    const passOn = await session.post(`/api/v1/clients/${target.clientId}/permissions`, {
      scopes: ['gatehouse-admin/clients:read'],
    });
    assertApiError(passOn, 403, 'forbidden');

    // So the token endpoint refuses the scope, and user creation refuses the client.
    const token = await gate.token(provisioner.clientId, provisioner.secret, 'gatehouse-admin/users:write');
    assert.equal(token.status, 400, token.text);
    const admin = await session.post('/api/v1/users', {
      email: 'mallory@example.com',
      name: 'Mallory',
      password: PASSWORD,
      isAdmin: true,
    });
    assertApiError(admin, 403, 'forbidden');
    const users = await gate.server.gatehouse.users.list(CLI_ACTOR);
    assert.ok(!users.some((u) => u.email === 'mallory@example.com'));
    assertApiError(await gate.session().login('mallory@example.com', PASSWORD), 401, 'invalid_credentials');
  });

  test('a client no team owns acts in every team, but not on what no team owns', async () => {
    const session = await gate.bearer(provisioner.clientId, provisioner.secret, ['clients:write']);
    // It is itself such an object: it may not change or re-key itself.
    assertApiError(
      await session.patch(`/api/v1/clients/${provisioner.clientId}`, { name: 'renamed' }),
      403,
      'forbidden',
    );
    assertApiError(
      await session.post(`/api/v1/clients/${provisioner.clientId}/secrets`, {}),
      403,
      'forbidden',
    );
    assert.equal((await stored(provisioner.clientId)).name, 'ci-provisioner');
    assert.equal((await stored(provisioner.clientId)).secrets.length, 1);
  });

  test('a provisioner grants what it holds, not what it does not, and needs no :read to see its write', async () => {
    const session = await gate.bearer(provisioner.clientId, provisioner.secret, ['clients:write']);
    const created = ok(
      await session.post('/api/v1/clients', { teamId: team.id, name: 'reader', scopes: ['orders/read'] }),
      201,
    );
    assert.deepEqual(created.client.scopes, ['orders/read']);
    assert.equal(created.client.teamId, team.id);
    assert.deepEqual((await stored(created.client.clientId)).scopes, ['orders/read']);
    // The secret in the answer is the only copy, and it works.
    await gate.sync();
    const token = await gate.token(created.client.clientId, created.secret.secret, 'orders/read');
    assert.equal(token.status, 200, token.text);
    gate.secrets.push(created.secret.secret);

    const refused = await session.post('/api/v1/clients', {
      teamId: team.id,
      name: 'writer',
      scopes: ['orders/write'],
    });
    assertApiError(refused, 403, 'forbidden');
    assert.match(refused.body.message, /does not hold "orders\/write"/);
    assert.deepEqual(await storedByName('writer'), []);

    // One scope it may not grant refuses the whole request: neither is written.
    const mixed = await session.post(`/api/v1/clients/${target.clientId}/permissions`, {
      scopes: ['orders/read', 'orders/write'],
    });
    assertApiError(mixed, 403, 'forbidden');
    assert.deepEqual((await stored(target.clientId)).scopes, []);

    const granted = ok(
      await session.post<Client>(`/api/v1/clients/${target.clientId}/permissions`, {
        scopes: ['orders/read'],
      }),
    );
    assert.deepEqual(granted.scopes, ['orders/read']);
    assert.deepEqual((await stored(target.clientId)).scopes, ['orders/read']);
  });

  test('a scope a client holds for a limited time is passed on for no longer', async () => {
    const lent = ok(
      await gate.admin.post<Client>(`/api/v1/clients/${provisioner.clientId}/permissions`, {
        scopes: ['orders/write'],
        expiresIn: 3600,
      }),
    );
    const until = lent.permissions.find((g) => g.scope === 'orders/write')?.expiresAt;
    assert.ok(until);
    await gate.sync();
    const session = await gate.bearer(provisioner.clientId, provisioner.secret, ['clients:write']);
    const made = ok(
      await session.post('/api/v1/clients', { teamId: team.id, name: 'borrower', scopes: ['orders/write'] }),
      201,
    );
    gate.secrets.push(made.secret.secret);
    const borrowed = made.client as Client;
    assert.equal(borrowed.permissions.find((g) => g.scope === 'orders/write')?.expiresAt, until);
    // Asking for longer, or for good, gets the lender's end date too.
    const again = ok(
      await session.post<Client>(`/api/v1/clients/${borrowed.clientId}/permissions`, {
        scopes: ['orders/write'],
        expiresIn: 7200,
      }),
    );
    assert.equal(again.permissions.find((g) => g.scope === 'orders/write')?.expiresAt, until);
    ok(await gate.admin.del(`/api/v1/clients/${provisioner.clientId}/permissions?scope=orders%2Fwrite`));
    await gate.sync();
  });

  test('creating users needs users:write; making a platform admin needs admins:write as well', async () => {
    const both = await cliClient('user-admin', [
      'gatehouse-admin/users:write',
      'gatehouse-admin/admins:write',
    ]);
    const plain = await gate.bearer(both.clientId, both.secret, ['users:write']);
    const user = ok(
      await plain.post('/api/v1/users', { email: 'pat@example.com', name: 'Pat', password: PASSWORD }),
      201,
    );
    assert.equal(user.isAdmin, false);
    const refused = await plain.post('/api/v1/users', {
      email: 'root2@example.com',
      name: 'Root',
      password: PASSWORD,
      isAdmin: true,
    });
    assertApiError(refused, 403, 'forbidden');
    assert.match(refused.body.message, /gatehouse-admin\/admins:write/);
    assert.ok(
      !(await gate.server.gatehouse.users.list(CLI_ACTOR)).some((u) => u.email === 'root2@example.com'),
    );

    const full = await gate.bearer(both.clientId, both.secret, ['users:write', 'admins:write']);
    const root = ok(
      await full.post('/api/v1/users', {
        email: 'root2@example.com',
        name: 'Root',
        password: PASSWORD,
        isAdmin: true,
      }),
      201,
    );
    assert.equal(root.isAdmin, true);
    // admins:write alone creates nobody.
    const alone = await gate.bearer(both.clientId, both.secret, ['admins:write']);
    assertApiError(
      await alone.post('/api/v1/users', { email: 'x@example.com', name: 'X', password: PASSWORD }),
      403,
      'forbidden',
    );

    // People: only platform admins create accounts at all.
    const pat = await gate.signIn('pat@example.com');
    assertApiError(
      await pat.post('/api/v1/users', { email: 'y@example.com', name: 'Y', password: PASSWORD }),
      403,
      'forbidden',
    );
  });

  test('no one gets new credentials for a client that holds more than they may hold', async () => {
    const member = await gate.user('member@example.com');
    await gate.addMember(gate.admin, team.id, 'member@example.com');
    // A platform admin gave a team client a scope that reaches past the team.
    const powerful = (
      await gate.client(gate.admin, team.id, {
        name: 'user-sync',
        scopes: ['gatehouse-admin/users:read'],
      })
    ).client;
    const teamBound = (
      await gate.client(gate.admin, team.id, {
        name: 'team-reader',
        scopes: ['gatehouse-admin/clients:read'],
      })
    ).client;
    const session = await gate.bearer(provisioner.clientId, provisioner.secret, ['clients:write']);
    for (const caller of [member, session]) {
      assertApiError(await caller.post(`/api/v1/clients/${powerful.clientId}/secrets`, {}), 403, 'forbidden');
    }
    assert.equal((await stored(powerful.clientId)).secrets.length, 1);
    // What the provisioner holds itself (clients:read) it may re-key; a member may for a
    // scope that stays within the team.
    ok(await session.post(`/api/v1/clients/${teamBound.clientId}/secrets`, {}), 201);
    ok(await member.post(`/api/v1/clients/${teamBound.clientId}/secrets`, {}), 201);
    ok(await gate.admin.post(`/api/v1/clients/${powerful.clientId}/secrets`, {}), 201);

    const keyed = (
      await gate.client(gate.admin, team.id, {
        name: 'keyed-user-sync',
        authMethod: 'private_key_jwt',
        jwks: { keys: [publicJwk()] },
        scopes: ['gatehouse-admin/users:read'],
      })
    ).client;
    assertApiError(
      await session.put(`/api/v1/clients/${keyed.clientId}/keys`, { jwks: { keys: [publicJwk()] } }),
      403,
      'forbidden',
    );
    assert.deepEqual((await stored(keyed.clientId)).jwks, keyed.jwks);
  });

  test('a removed grant cuts off a token already issued with it, through the change log', async () => {
    const robot = await cliClient('robot', ['gatehouse-admin/teams:read', 'gatehouse-admin/clients:read']);
    const session = await gate.bearer(robot.clientId, robot.secret, ['teams:read', 'clients:read']);
    ok(await session.get('/api/v1/clients'));
    // Written straight to the store, as another instance would: only the change log tells this one.
    await gate.server.gatehouse.clients.removePermissions(
      robot.clientId,
      ['gatehouse-admin/clients:read'],
      CLI_ACTOR,
    );
    await within(
      'the removed scope is refused',
      async () => {
        const answer = await session.get('/api/v1/clients');
        return { ok: answer.status === 403, last: answer.status };
      },
      3000,
      20,
    );
    ok(await session.get('/api/v1/teams'));
    assertApiError(await session.get('/api/v1/clients'), 403, 'forbidden');

    // Disabling the client in the store refuses every token of it the same way.
    await gate.server.gatehouse.clients.setEnabled(robot.clientId, false, CLI_ACTOR);
    await within(
      'the disabled client is refused',
      async () => {
        const answer = await session.get('/api/v1/teams');
        return { ok: answer.status === 401, last: answer.status };
      },
      1000,
      20,
    );
  });

  test('a write with a token lacking :read answers with what it wrote', async () => {
    const writer = await cliClient('writer-only', [
      'gatehouse-admin/clients:write',
      'gatehouse-admin/resource-servers:write',
    ]);
    const session = await gate.bearer(writer.clientId, writer.secret, [
      'clients:write',
      'resource-servers:write',
    ]);
    const made = ok(await session.post('/api/v1/clients', { teamId: team.id, name: 'w1' }), 201);
    gate.secrets.push(made.secret.secret);
    const id = made.client.clientId as string;
    assert.equal(ok(await session.patch<Client>(`/api/v1/clients/${id}`, { name: 'w2' })).name, 'w2');
    assert.equal((await stored(id)).name, 'w2');
    const secret = ok(await session.post(`/api/v1/clients/${id}/secrets`, {}), 201);
    gate.secrets.push(secret.secret);
    assert.equal(ok(await session.del(`/api/v1/clients/${id}/secrets/${secret.id}`)).id, secret.id);
    assert.equal((await stored(id)).secrets.length, 2);

    const keyed = ok(
      await session.post('/api/v1/clients', {
        teamId: team.id,
        name: 'w-keyed',
        authMethod: 'private_key_jwt',
        jwks: { keys: [publicJwk()] },
      }),
      201,
    ).client as Client;
    const jwks = { keys: [{ ...publicJwk(), kid: 'k2' }] };
    assert.equal(
      ok(await session.put<Client>(`/api/v1/clients/${keyed.clientId}/keys`, { jwks })).jwks?.keys[0]?.kid,
      'k2',
    );
    assert.equal((await stored(keyed.clientId)).jwks?.keys[0]?.kid, 'k2');
    const ungranted = ok(
      await session.del<Client>(
        `/api/v1/clients/${target.clientId}/permissions?scope=${encodeURIComponent('orders/read')}`,
      ),
    );
    assert.ok(!ungranted.scopes.includes('orders/read'));
    assert.deepEqual((await stored(target.clientId)).scopes, ungranted.scopes);

    const api = ok(await session.post('/api/v1/resource-servers/orders/scopes', { name: 'audit' }), 201);
    assert.deepEqual(api.scopes.map((s: { name: string }) => s.name).sort(), ['audit', 'read', 'write']);
    const removed = ok(await session.del('/api/v1/resource-servers/orders/scopes/audit'));
    assert.ok(!removed.scopes.some((s: { name: string }) => s.name === 'audit'));
  });

  test('approving an access request is a grant: a machine caller cannot approve its way past the rules', async () => {
    const approver = await cliClient('approver', [
      'gatehouse-admin/access-requests:read',
      'gatehouse-admin/access-requests:write',
    ]);
    const asked = ok(
      await gate.admin.post('/api/v1/access-requests', {
        clientId: target.clientId,
        scope: 'orders/write',
        reason: 'nightly export',
      }),
      201,
    );
    const session = await gate.bearer(approver.clientId, approver.secret, [
      'access-requests:read',
      'access-requests:write',
    ]);
    assertApiError(await session.post(`/api/v1/access-requests/${asked.id}/approve`, {}), 403, 'forbidden');
    const after = await gate.server.gatehouse.accessRequests.list(CLI_ACTOR);
    assert.equal(after.find((r) => r.id === asked.id)?.status, 'pending');
    assert.ok(!(await stored(target.clientId)).scopes.includes('orders/write'));
    assert.deepEqual(await events('access_request.approve', asked.id), []);
  });
});
