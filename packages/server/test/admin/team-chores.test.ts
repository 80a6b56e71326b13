// Renaming a team, and deleting one that owns nothing, over the admin API.
import * as assert from 'node:assert/strict';
import { before, test } from 'node:test';
import type { AuditEventView, Team, TeamDetail, UserPool } from '@gatehouse/schemas';
import { type ApiSession, assertApiError, describeEachBackend, ok } from './harness.js';

describeEachBackend('admin API: renaming and deleting teams', (gate) => {
  let owner: ApiSession;
  let member: ApiSession;
  let outsider: ApiSession;
  let team: Team;

  const audit = async (action: string): Promise<AuditEventView[]> =>
    (ok(await gate.admin.get(`/api/v1/audit?limit=1000`)).events as AuditEventView[]).filter(
      (e) => e.action === action,
    );

  before(async () => {
    owner = await gate.user('owner@example.com');
    member = await gate.user('member@example.com');
    outsider = await gate.user('outsider@example.com');
    team = await gate.team(owner, 'orders-team');
    await gate.addMember(owner, team.id, 'member@example.com');
  });

  test('an owner renames a team: the name and description change, the slug stays, and it is audited', async () => {
    const renamed = ok(
      await owner.patch<Team>(`/api/v1/teams/${team.id}`, {
        name: 'Orders and billing',
        description: 'Money',
      }),
    );
    assert.deepEqual(renamed, { ...team, name: 'Orders and billing', description: 'Money' });
    assert.equal(ok(await owner.get<TeamDetail>('/api/v1/teams/orders-team')).name, 'Orders and billing');
    const [event] = await audit('team.update');
    assert.ok(event);
    assert.equal(event.target.id, team.id);
    assert.equal(event.actor.id, owner.userId);
    assert.deepEqual(event.before, { name: 'Team orders-team', description: '' });
    assert.deepEqual(event.after, { name: 'Orders and billing', description: 'Money' });
  });

  test('members who are not owners and outsiders may not rename; bad bodies and the slug are refused', async () => {
    assertApiError(await member.patch(`/api/v1/teams/${team.id}`, { name: 'Mine' }), 403, 'forbidden');
    assertApiError(await outsider.patch(`/api/v1/teams/${team.id}`, { name: 'Mine' }), 403, 'forbidden');
    assertApiError(
      await owner.patch(`/api/v1/teams/${team.id}`, { slug: 'new-slug' }),
      422,
      'validation_failed',
    );
    assertApiError(await owner.patch(`/api/v1/teams/${team.id}`, { name: ' ' }), 422, 'validation_failed');
    assertApiError(await owner.patch(`/api/v1/teams/${team.id}`, {}), 422, 'validation_failed');
    assertApiError(await owner.patch('/api/v1/teams/no-such-team', { name: 'X' }), 404, 'not_found');
    assert.equal(ok(await owner.get<TeamDetail>(`/api/v1/teams/${team.id}`)).name, 'Orders and billing');
  });

  test('a team that owns something is not deleted: 409 names what it still owns', async () => {
    const api = await gate.resourceServer(owner, team.id, { identifier: 'orders', name: 'Orders' });
    const { client } = await gate.client(owner, team.id, { name: 'checkout' });
    const pool = ok(
      await owner.post<UserPool>('/api/v1/user-pools', { name: 'Shoppers', teamId: team.id }),
      201,
    );
    const refused = await owner.del(`/api/v1/teams/${team.id}`);
    assertApiError(refused, 409, 'conflict');
    const message = String(refused.body.message);
    assert.match(message, /still owns 1 API \(orders\), 1 client \(/);
    assert.ok(message.includes(client.clientId), message);
    assert.ok(message.includes(`1 user pool (${pool.id})`), message);
    assert.ok(ok(await owner.get(`/api/v1/teams/${team.id}`)));
    ok(await owner.del(`/api/v1/resource-servers/${api.id}`), 204);
    ok(await owner.del(`/api/v1/clients/${client.clientId}`), 204);
    ok(await owner.del(`/api/v1/user-pools/${pool.id}`), 204);
  });

  test('only an owner (or a platform admin) deletes an empty team; members and invitations go with it, the audit stays', async () => {
    assertApiError(await member.del(`/api/v1/teams/${team.id}`), 403, 'forbidden');
    assertApiError(await outsider.del(`/api/v1/teams/${team.id}`), 403, 'forbidden');
    ok(await owner.post(`/api/v1/teams/${team.id}/invitations`, { email: 'later@example.com' }), 201);
    ok(await owner.del(`/api/v1/teams/${team.id}`), 204);
    assertApiError(await owner.get(`/api/v1/teams/${team.id}`), 404, 'not_found');
    assertApiError(await owner.del(`/api/v1/teams/${team.id}`), 404, 'not_found');
    const teams = ok(await member.get('/api/v1/teams')).teams as Team[];
    assert.equal(
      teams.some((t) => t.id === team.id),
      false,
    );
    const [event] = await audit('team.delete');
    assert.ok(event);
    assert.equal(event.target.id, team.id);
    assert.equal(event.after, null);
    assert.equal((event.before as { slug: string }).slug, 'orders-team');
    assert.equal((event.before as { members: unknown[] }).members.length, 2);
    assert.ok(
      (await audit('team.create')).some((e) => e.target.id === team.id),
      'the history stays',
    );

    const admins = await gate.team(owner, 'short-lived');
    ok(await gate.admin.del(`/api/v1/teams/${admins.id}`), 204);
  });
});
