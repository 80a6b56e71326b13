import { CLI_ACTOR } from '../../src/services/actor.js';
import * as assert from 'node:assert/strict';
import { before, test } from 'node:test';
import type { AppClient, PoolUser, Team, UserPool } from '@gatehouse/schemas';
import { type ApiSession, assertApiError, describeEachBackend, ok } from './harness.js';

describeEachBackend('admin API: user pools belong to their team', (gate) => {
  let amy: ApiSession; // team A
  let bob: ApiSession; // team B
  let teamB: Team;
  let poolB: UserPool;
  let clientB: AppClient;
  let userB: PoolUser;

  before(async () => {
    amy = await gate.user('amy@example.com');
    bob = await gate.user('bob@example.com');
    await gate.team(amy, 'team-a');
    teamB = await gate.team(bob, 'team-b');
    poolB = ok(
      await bob.post<UserPool>('/api/v1/user-pools', {
        name: 'B people',
        teamId: teamB.id,
        selfSignUp: true,
      }),
      201,
    );
    const p = `/api/v1/user-pools/${poolB.id}`;
    clientB = ok(
      await bob.post<AppClient>(`${p}/clients`, {
        name: 'b-app',
        redirectUris: ['https://b.example.com/cb'],
      }),
      201,
    );
    const signUp = { username: 'bea', email: 'bea@example.com', password: 'a long enough password 1' };
    userB = ok(await bob.post<{ user: PoolUser }>(`${p}/sign-ups`, signUp), 201).user;
    ok(await bob.post(`${p}/groups`, { name: 'staff' }), 201);
  });

  test("a member of another team can neither read nor change B's pool or anything in it", async () => {
    const p = `/api/v1/user-pools/${poolB.id}`;
    const c = `${p}/clients/${clientB.clientId}`;
    const u = `${p}/users/${userB.username}`;
    const attempts = [
      amy.get(p),
      amy.patch(p, { name: 'taken over' }),
      amy.del(p),
      amy.get(`${p}/clients`),
      amy.post(`${p}/clients`, { name: 'mine', redirectUris: ['https://a.example.com/cb'] }),
      amy.get(c),
      amy.patch(c, { name: 'mine' }),
      amy.del(c),
      amy.post(`${c}/secret`),
      amy.get(`${p}/users`),
      amy.post(`${p}/users`, { username: 'intruder' }),
      amy.get(u),
      amy.patch(u, { emailVerified: true }),
      amy.del(u),
      amy.post(`${u}/confirm`),
      amy.post(`${u}/disable`),
      amy.post(`${u}/enable`),
      amy.put(`${u}/password`, { password: 'a long enough password 1' }),
      amy.post(`${u}/sign-out`),
      amy.post(`${u}/confirmation-code`),
      amy.post(`${p}/sign-ups`, {
        username: 'sneaky',
        email: 's@example.com',
        password: 'a long enough password 1',
      }),
      amy.get(`${u}/sessions`),
      amy.del(`${u}/sessions/nope`),
      amy.get(`${p}/groups`),
      amy.post(`${p}/groups`, { name: 'admins' }),
      amy.del(`${p}/groups/staff`),
      amy.put(`${p}/groups/staff/members/bea`),
      amy.del(`${p}/groups/staff/members/bea`),
    ];
    for (const answer of await Promise.all(attempts)) assertApiError(answer, 403, 'forbidden');

    const after = ok(await gate.admin.get<PoolUser>(u));
    assert.equal(after.status, 'UNCONFIRMED');
    assert.equal(after.enabled, true);
    assert.deepEqual(after.groups, []);
    assert.equal(ok(await gate.admin.get<UserPool>(p)).name, 'B people');
    assert.equal(ok(await gate.admin.get<AppClient>(c)).name, 'b-app');
  });

  test("another team's pools are not in its list; a platform admin sees every pool", async () => {
    assert.deepEqual(ok(await amy.get('/api/v1/user-pools')).userPools, []);
    const all = ok(await gate.admin.get('/api/v1/user-pools')).userPools as UserPool[];
    assert.ok(all.some((p) => p.id === poolB.id));
    assert.deepEqual(
      (ok(await gate.admin.get(`/api/v1/user-pools?team=${teamB.id}`)).userPools as UserPool[]).map(
        (p) => p.id,
      ),
      [poolB.id],
    );
  });

  test('nobody creates a pool for a team they are not in', async () => {
    assertApiError(
      await amy.post('/api/v1/user-pools', { name: 'B too', teamId: teamB.id }),
      403,
      'forbidden',
    );
  });

  test('machine callers need the user-pools scopes, read and write apart', async () => {
    const created = await gate.server.gatehouse.clients.create(
      { name: 'pool robot', scopes: ['gatehouse-admin/user-pools:read'] },
      CLI_ACTOR,
    );
    assert.ok(created.secret);
    gate.secrets.push(created.secret.value);
    await gate.sync();
    const robot = await gate.bearer(created.client.clientId, created.secret.value, ['user-pools:read']);
    ok(await robot.get(`/api/v1/user-pools/${poolB.id}/users`));
    const write = await robot.post(`/api/v1/user-pools/${poolB.id}/users/bea/confirm`);
    assertApiError(write, 403, 'forbidden');
    assert.match(write.body.message, /gatehouse-admin\/user-pools:write/);
    assertApiError(await gate.session().get('/api/v1/user-pools'), 401, 'unauthenticated');
  });
});
