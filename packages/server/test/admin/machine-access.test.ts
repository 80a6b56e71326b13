import { CLI_ACTOR } from '../../src/services/actor.js';
import * as assert from 'node:assert/strict';
import { before, test } from 'node:test';
import type { Client, Team } from '@gatehouse/schemas';
import { basicAuth, postForm } from '../support/server.js';
import { type ApiSession, assertApiError, describeEachBackend, ok } from './harness.js';

const READ = ['clients:read', 'resource-servers:read', 'teams:read', 'audit:read'];

describeEachBackend('admin API machine access with Gatehouse tokens', (gate) => {
  let robot: { clientId: string; secret: string };
  let teamA: Team;
  let teamB: Team;
  let clientB: Client;

  before(async () => {
    // The CLI's service layer: a client no team owns, holding read scopes of gatehouse-admin only.
    const created = await gate.server.gatehouse.clients.create(
      {
        name: 'inventory robot',
        scopes: READ.map((s) => `gatehouse-admin/${s}`),
      },
      CLI_ACTOR,
    );
    assert.ok(created.secret);
    robot = { clientId: created.client.clientId, secret: created.secret.value };
    gate.secrets.push(robot.secret);
    teamA = await gate.team(gate.admin, 'robots-a');
    teamB = await gate.team(gate.admin, 'robots-b');
    clientB = (await gate.client(gate.admin, teamB.id, { name: 'b-service' })).client;
    await gate.sync();
  });

  test('a token with read scopes reads the API platform-wide', async () => {
    const session = await gate.bearer(robot.clientId, robot.secret, READ);
    const clients = ok(await session.get('/api/v1/clients')).clients as Client[];
    assert.ok(clients.some((c) => c.clientId === clientB.clientId));
    ok(await session.get(`/api/v1/clients/${clientB.clientId}`));
    ok(await session.get('/api/v1/resource-servers'));
    ok(await session.get('/api/v1/teams'));
    ok(await session.get('/api/v1/audit'));
  });

  test('each call needs its own scope: 403 naming the missing one', async () => {
    const session = await gate.bearer(robot.clientId, robot.secret, ['clients:read']);
    const create = await session.post('/api/v1/clients', { teamId: teamA.id, name: 'nope' });
    assertApiError(create, 403, 'forbidden');
    assert.match(create.body.message, /gatehouse-admin\/clients:write/);
    const audit = await session.get('/api/v1/audit');
    assertApiError(audit, 403, 'forbidden');
    assert.match(audit.body.message, /gatehouse-admin\/audit:read/);
    assertApiError(
      await session.patch(`/api/v1/clients/${clientB.clientId}`, { enabled: false }),
      403,
      'forbidden',
    );
    assert.equal(ok(await gate.admin.get<Client>(`/api/v1/clients/${clientB.clientId}`)).enabled, true);
    // Endpoints for people in the portal are not for tokens.
    assertApiError(await session.get('/api/v1/me'), 403, 'forbidden');
  });

  test('garbage, malformed, foreign-audience and revoked tokens get 401 with a Bearer challenge', async () => {
    const check = async (session: ApiSession) =>
      assertApiError(await session.get('/api/v1/clients'), 401, 'unauthenticated');
    await check(gate.session('not-a-token'));
    await check(gate.session('eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln'));
    const basic = gate.session();
    const answer = await basic.get('/api/v1/clients', { headers: basicAuth(robot.clientId, robot.secret) });
    assertApiError(answer, 401, 'unauthenticated');

    // A real token for another API is no admin token.
    const api = await gate.resourceServer(gate.admin, teamA.id, {
      identifier: 'orders',
      name: 'Orders',
      scopes: [{ name: 'read' }],
    });
    const caller = await gate.client(gate.admin, teamA.id, {
      name: 'orders caller',
      scopes: ['orders/read'],
    });
    const orders = await gate.token(caller.client.clientId, caller.secret, `${api.identifier}/read`);
    assert.equal(orders.status, 200, orders.text);
    await check(gate.session(String(orders.body?.access_token)));

    const session = await gate.bearer(robot.clientId, robot.secret, ['clients:read']);
    ok(await session.get('/api/v1/clients'));
    const revoked = await postForm(
      `${gate.url}/oauth2/revoke`,
      { token: session.bearer ?? '' },
      basicAuth(robot.clientId, robot.secret),
    );
    assert.equal(revoked.status, 200);
    await check(session);
  });

  test('an expired token gets 401', async () => {
    const session = await gate.bearer(robot.clientId, robot.secret, ['clients:read']);
    ok(await session.get('/api/v1/clients'));
    await gate.withClockAdvanced(3600_000 + 1000, async () => {
      assertApiError(await session.get('/api/v1/clients'), 401, 'unauthenticated');
    });
  });

  test('a team-owned client with clients:write acts only within its team, and is audited as a client', async () => {
    const { client, secret } = await gate.client(gate.admin, teamA.id, {
      name: 'team a deployer',
      scopes: ['gatehouse-admin/clients:read', 'gatehouse-admin/clients:write'],
    });
    const session = await gate.bearer(client.clientId, secret, ['clients:read', 'clients:write']);
    const made = ok(
      await session.post('/api/v1/clients', { teamId: teamA.id, name: 'made by deployer' }),
      201,
    );
    assert.equal(made.client.teamId, teamA.id);
    assertApiError(
      await session.post('/api/v1/clients', { teamId: teamB.id, name: 'elsewhere' }),
      403,
      'forbidden',
    );
    assertApiError(await session.get(`/api/v1/clients/${clientB.clientId}`), 403, 'forbidden');
    assertApiError(await session.del(`/api/v1/clients/${clientB.clientId}`), 403, 'forbidden');
    const listed = ok(await session.get('/api/v1/clients')).clients as Client[];
    assert.ok(listed.length >= 2);
    assert.ok(listed.every((c) => c.teamId === teamA.id));
    const noTeam = await session.post('/api/v1/clients', { teamId: '', name: 'no team' });
    assert.equal(noTeam.status, 422);
    // It cannot hand out Gatehouse's own scopes to escalate.
    const escalate = await session.post('/api/v1/clients', {
      teamId: teamA.id,
      name: 'escalate',
      scopes: ['gatehouse-admin/clients:write'],
    });
    assertApiError(escalate, 403, 'forbidden');

    const events = ok(
      await gate.admin.get(`/api/v1/audit?action=client.create&targetId=${made.client.clientId}`),
    ).events;
    assert.equal(events.length, 1);
    assert.deepEqual(events[0].actor, { type: 'client', id: client.clientId, name: 'team a deployer' });
  });

  test('a disabled client loses API access at once, even with an unexpired token', async () => {
    const session = await gate.bearer(robot.clientId, robot.secret, ['clients:read']);
    ok(await session.get('/api/v1/clients'));
    ok(await gate.admin.patch(`/api/v1/clients/${robot.clientId}`, { enabled: false }));
    assertApiError(await session.get('/api/v1/clients'), 401, 'unauthenticated');
    ok(await gate.admin.patch(`/api/v1/clients/${robot.clientId}`, { enabled: true }));
    ok(await session.get('/api/v1/clients'));
  });
});
