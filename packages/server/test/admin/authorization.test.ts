import * as assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { before, test } from 'node:test';
import type { Client, ResourceServer, Team } from '@gatehouse/schemas';
import { type ApiSession, assertApiError, describeEachBackend, ok } from './harness.js';

const publicJwk = () => ({
  ...generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ format: 'jwk' }),
  kid: 'k1',
  alg: 'ES256',
});

describeEachBackend('admin API authorization between teams', (gate) => {
  let alice: ApiSession; // owner of A
  let amy: ApiSession; // member of A
  let bob: ApiSession; // owner of B
  let teamA: Team;
  let teamB: Team;
  let apiA: ResourceServer;
  let apiB: ResourceServer;
  let clientA: Client;
  let clientB: Client;
  let secretIdB: string;

  before(async () => {
    alice = await gate.user('alice@example.com');
    amy = await gate.user('amy@example.com');
    bob = await gate.user('bob@example.com');
    await gate.user('bert@example.com');
    teamA = await gate.team(alice, 'team-a');
    teamB = await gate.team(bob, 'team-b');
    await gate.addMember(alice, teamA.id, 'amy@example.com');
    await gate.addMember(bob, teamB.id, 'bert@example.com');
    apiA = await gate.resourceServer(alice, teamA.id, {
      identifier: 'a-api',
      name: 'A',
      scopes: [{ name: 'read' }],
    });
    apiB = await gate.resourceServer(bob, teamB.id, {
      identifier: 'b-api',
      name: 'B',
      description: 'Team B API',
      scopes: [{ name: 'read', description: 'Read B' }, { name: 'write' }],
      tokenTtl: 600,
    });
    clientA = (await gate.client(amy, teamA.id, { name: 'a-client', scopes: ['a-api/read'] })).client;
    const b = await gate.client(bob, teamB.id, { name: 'b-client', scopes: ['b-api/read'] });
    clientB = b.client;
    secretIdB = b.secretId;
  });

  test("a member of A can neither read nor change B's clients, secrets, grants or keys", async () => {
    const c = `/api/v1/clients/${clientB.clientId}`;
    const attempts = [
      amy.get(c),
      amy.get(`${c}/usage`),
      amy.patch(c, { name: 'taken over' }),
      amy.patch(c, { enabled: false }),
      amy.del(c),
      amy.post(`${c}/secrets`, {}),
      amy.del(`${c}/secrets/${secretIdB}`),
      amy.post(`${c}/permissions`, { scopes: ['b-api/write'] }),
      amy.del(`${c}/permissions?scope=b-api/read`),
      amy.put(`${c}/keys`, { jwks: { keys: [publicJwk()] } }),
    ];
    for (const answer of await Promise.all(attempts)) assertApiError(answer, 403, 'forbidden');

    const after = ok(await gate.admin.get<Client>(c));
    assert.equal(after.name, 'b-client');
    assert.equal(after.enabled, true);
    assert.deepEqual(after.scopes, ['b-api/read']);
    assert.deepEqual(
      after.secrets.map((s) => [s.id, s.revokedAt]),
      [[secretIdB, null]],
    );
    assert.equal(after.jwks, null);
  });

  test("a member of A can neither read nor change B's resource server and scopes", async () => {
    const r = `/api/v1/resource-servers/${apiB.id}`;
    const attempts = [
      amy.get(r),
      amy.del(r),
      amy.del(`${r}?force=true`),
      amy.post(`${r}/scopes`, { name: 'admin' }),
      amy.del(`${r}/scopes/read`),
    ];
    for (const answer of await Promise.all(attempts)) assertApiError(answer, 403, 'forbidden');
    const after = ok(await gate.admin.get<ResourceServer>(r));
    assert.deepEqual(after, apiB);
  });

  test('a member of A cannot create resource servers or clients in team B', async () => {
    const rs = await amy.post('/api/v1/resource-servers', {
      teamId: teamB.id,
      identifier: 'sneaky',
      name: 'S',
    });
    assertApiError(rs, 403, 'forbidden');
    const client = await amy.post('/api/v1/clients', { teamId: teamB.id, name: 'sneaky' });
    assertApiError(client, 403, 'forbidden');
    const catalogue = ok(await gate.admin.get('/api/v1/catalogue?q=sneaky')).resourceServers;
    assert.deepEqual(catalogue, []);
    const clients = ok(await gate.admin.get(`/api/v1/clients?team=${teamB.id}`)).clients;
    assert.deepEqual(
      clients.map((x: Client) => x.name),
      ['b-client'],
    );
  });

  test("B's scopes need an access request; A's own API is fine", async () => {
    const refused = await amy.post('/api/v1/clients', {
      teamId: teamA.id,
      name: 'greedy',
      scopes: ['b-api/read'],
    });
    assertApiError(refused, 403, 'forbidden');
    assert.match(refused.body.message, /access request/);
    const grant = await amy.post(`/api/v1/clients/${clientA.clientId}/permissions`, {
      scopes: ['b-api/write'],
    });
    assertApiError(grant, 403, 'forbidden');
    assert.match(grant.body.message, /access request/);
    assert.deepEqual(ok(await amy.get<Client>(`/api/v1/clients/${clientA.clientId}`)).scopes, ['a-api/read']);

    const { client } = await gate.client(amy, teamA.id, { name: 'modest', scopes: ['a-api/read'] });
    assert.deepEqual(client.scopes, ['a-api/read']);
    assert.equal(client.teamId, teamA.id);
    // Gatehouse's own API is not for teams to hand out either.
    const admin = await amy.post('/api/v1/clients', {
      teamId: teamA.id,
      name: 'escalate',
      scopes: ['gatehouse-admin/clients:write'],
    });
    assertApiError(admin, 403, 'forbidden');
  });

  test('only owners manage membership; the last owner can neither leave nor step down', async () => {
    const byMember = await amy.post(`/api/v1/teams/${teamA.id}/invitations`, { email: 'bert@example.com' });
    assertApiError(byMember, 403, 'forbidden');
    const promote = await amy.patch(`/api/v1/teams/${teamA.id}/members/${amy.userId}`, { role: 'owner' });
    assertApiError(promote, 403, 'forbidden');
    const evict = await amy.del(`/api/v1/teams/${teamA.id}/members/${alice.userId}`);
    assertApiError(evict, 403, 'forbidden');

    const added = await gate.addMember(alice, teamA.id, 'bert@example.com');
    assert.equal(added.role, 'member');
    assertApiError(await alice.del(`/api/v1/teams/${teamA.id}/members/${alice.userId}`), 409, 'conflict');
    const demote = await alice.patch(`/api/v1/teams/${teamA.id}/members/${alice.userId}`, { role: 'member' });
    assertApiError(demote, 409, 'conflict');

    // A member may leave on their own.
    const bert = await gate.signIn('bert@example.com');
    assert.equal((await bert.del(`/api/v1/teams/${teamA.id}/members/${bert.userId}`)).status, 204);
    const members = ok(await alice.get(`/api/v1/teams/${teamA.id}`)).members;
    assert.deepEqual(members.map((m: { email: string; role: string }) => `${m.email}:${m.role}`).sort(), [
      'alice@example.com:owner',
      'amy@example.com:member',
    ]);
  });

  test('the catalogue shows every team its names and scopes, and no settings', async () => {
    const entries = ok(await amy.get('/api/v1/catalogue')).resourceServers;
    const b = entries.find((e: { identifier: string }) => e.identifier === 'b-api');
    assert.deepEqual(b, {
      id: apiB.id,
      identifier: 'b-api',
      name: 'B',
      description: 'Team B API',
      team: { id: teamB.id, name: 'Team team-b' },
      scopes: [
        { name: 'read', description: 'Read B' },
        { name: 'write', description: '' },
      ],
    });
    assert.ok(!entries.some((e: { identifier: string }) => e.identifier === 'gatehouse-admin'));
    const adminView = ok(await gate.admin.get('/api/v1/catalogue')).resourceServers;
    assert.ok(adminView.some((e: { identifier: string }) => e.identifier === 'gatehouse-admin'));
    const search = ok(await amy.get('/api/v1/catalogue?q=TEAM%20TEAM-B')).resourceServers;
    assert.deepEqual(
      search.map((e: { identifier: string }) => e.identifier),
      ['b-api'],
    );
  });

  test("lists show a member only their team's objects; admins see everything", async () => {
    const mine = ok(await amy.get('/api/v1/clients')).clients as Client[];
    assert.ok(mine.length > 0);
    assert.ok(mine.every((c) => c.teamId === teamA.id));
    const apis = ok(await amy.get('/api/v1/resource-servers')).resourceServers as ResourceServer[];
    assert.deepEqual(
      apis.map((r) => r.identifier),
      [apiA.identifier],
    );
    assert.deepEqual(ok(await amy.get(`/api/v1/clients?team=${teamB.id}`)).clients, []);

    const all = ok(await gate.admin.get('/api/v1/clients')).clients as Client[];
    assert.ok(all.some((c) => c.clientId === clientA.clientId));
    assert.ok(all.some((c) => c.clientId === clientB.clientId));
    const allApis = ok(await gate.admin.get('/api/v1/resource-servers')).resourceServers as ResourceServer[];
    assert.deepEqual(allApis.map((r) => r.identifier).sort(), ['a-api', 'b-api', 'gatehouse-admin']);
    ok(await gate.admin.get(`/api/v1/clients/${clientB.clientId}`));

    const teams = ok(await amy.get('/api/v1/teams')).teams as Team[];
    assert.deepEqual(teams.map((t) => [t.slug, t.myRole]).sort(), [
      ['team-a', 'member'],
      ['team-b', null],
    ]);
  });

  test('user accounts are for platform admins only', async () => {
    assertApiError(await amy.get('/api/v1/users'), 403, 'forbidden');
    const create = await amy.post('/api/v1/users', {
      email: 'x@example.com',
      name: 'X',
      password: 'long enough pass',
    });
    assertApiError(create, 403, 'forbidden');
    assert.ok(
      !ok(await gate.admin.get('/api/v1/users')).users.some(
        (u: { email: string }) => u.email === 'x@example.com',
      ),
    );
  });

  test('without a session or token every endpoint answers 401 with a Bearer challenge', async () => {
    const anonymous = gate.session();
    for (const [method, path] of [
      ['GET', '/api/v1/me'],
      ['GET', '/api/v1/clients'],
      ['GET', `/api/v1/clients/${clientA.clientId}`],
      ['POST', '/api/v1/teams'],
      ['DELETE', `/api/v1/resource-servers/${apiA.id}`],
      ['GET', '/api/v1/catalogue'],
      ['GET', '/api/v1/audit'],
    ] as const) {
      assertApiError(
        await anonymous.send(method, path, { body: method === 'GET' ? undefined : {} }),
        401,
        'unauthenticated',
      );
    }
    anonymous.cookie = 'forged-session-value-that-is-long-enough';
    assertApiError(await anonymous.get('/api/v1/me'), 401, 'unauthenticated');
  });
});
