import * as assert from 'node:assert/strict';
import { before, test } from 'node:test';
import type { AccessKey, CreatedAccessKey, Team } from '@gatehouse/schemas';
import { type ApiSession, assertApiError, describeEachBackend, ok } from '../admin/harness.js';

describeEachBackend('admin API: access keys for the Cognito wire', (gate) => {
  let owner: ApiSession;
  let member: ApiSession;
  let stranger: ApiSession;
  let team: Team;
  let key: CreatedAccessKey;

  before(async () => {
    owner = await gate.user('kim@example.com');
    stranger = await gate.user('sam@example.com');
    team = await gate.team(owner, 'orders');
    await gate.team(stranger, 'elsewhere');
    member = await gate.user('lee@example.com');
    await gate.addMember(owner, team.id, 'lee@example.com');
  });

  test("a team's owner creates a key; its secret shows in that answer and nowhere else", async () => {
    key = ok(
      await owner.post<CreatedAccessKey>('/api/v1/access-keys', {
        team: 'orders',
        name: 'ci',
        description: 'deploys',
      }),
      201,
    );
    assert.match(key.accessKeyId, /^GHAK[A-Z2-7]{16}$/);
    assert.match(key.secretAccessKey, /^[A-Za-z0-9+/]{40}$/);
    assert.equal(key.teamId, team.id);
    assert.equal(key.platformAdmin, false);
    assert.equal(key.enabled, true);
    assert.equal(key.lastUsedAt, null);
    const listed = ok(await owner.get<{ accessKeys: AccessKey[] }>('/api/v1/access-keys')).accessKeys;
    assert.deepEqual(
      listed.map((k) => k.accessKeyId),
      [key.accessKeyId],
    );
    const shown = ok(await member.get(`/api/v1/access-keys/${key.accessKeyId}`));
    assert.equal(shown.secretAccessKey, undefined);
    const audit = ok(await gate.admin.get('/api/v1/audit?action=access_key.create'));
    assert.equal(audit.events[0].target.id, key.accessKeyId);
    assert.ok(!JSON.stringify(audit).includes(key.secretAccessKey), 'the secret reached the audit log');
  });

  test("members see their team's keys but only owners make or change them; other teams see nothing", async () => {
    assertApiError(await member.post('/api/v1/access-keys', { team: team.id }), 403, 'forbidden');
    assertApiError(
      await member.patch(`/api/v1/access-keys/${key.accessKeyId}`, { enabled: false }),
      403,
      'forbidden',
    );
    assertApiError(await stranger.get(`/api/v1/access-keys/${key.accessKeyId}`), 404, 'not_found');
    assertApiError(await stranger.del(`/api/v1/access-keys/${key.accessKeyId}`), 404, 'not_found');
    assertApiError(await stranger.post('/api/v1/access-keys', { team: team.id }), 403, 'forbidden');
    assert.deepEqual(ok(await stranger.get('/api/v1/access-keys')).accessKeys, []);
  });

  test("only platform admins make a platform admin's key, and name a team or the platform, not both", async () => {
    assertApiError(await owner.post('/api/v1/access-keys', { platformAdmin: true }), 403, 'forbidden');
    assertApiError(await gate.admin.post('/api/v1/access-keys', {}), 422, 'validation_failed');
    assertApiError(
      await gate.admin.post('/api/v1/access-keys', { team: team.id, platformAdmin: true }),
      422,
      'validation_failed',
    );
    const platform = ok(
      await gate.admin.post<CreatedAccessKey>('/api/v1/access-keys', { platformAdmin: true }),
      201,
    );
    assert.equal(platform.teamId, null);
    assert.equal(platform.platformAdmin, true);
    assertApiError(await owner.get(`/api/v1/access-keys/${platform.accessKeyId}`), 404, 'not_found');
    const all = ok(await gate.admin.get<{ accessKeys: AccessKey[] }>('/api/v1/access-keys')).accessKeys;
    assert.deepEqual(all.map((k) => k.accessKeyId).sort(), [key.accessKeyId, platform.accessKeyId].sort());
  });

  test('an owner disables, renames and deletes a key; each change is audited', async () => {
    const disabled = ok(
      await owner.patch<AccessKey>(`/api/v1/access-keys/${key.accessKeyId}`, {
        enabled: false,
        name: 'old ci',
      }),
    );
    assert.equal(disabled.enabled, false);
    assert.equal(disabled.name, 'old ci');
    ok(await owner.del(`/api/v1/access-keys/${key.accessKeyId}`), 204);
    assertApiError(await owner.get(`/api/v1/access-keys/${key.accessKeyId}`), 404, 'not_found');
    const audit = ok(await gate.admin.get(`/api/v1/audit?targetId=${key.accessKeyId}`));
    assert.deepEqual(audit.events.map((e: { action: string }) => e.action).sort(), [
      'access_key.create',
      'access_key.delete',
      'access_key.update',
    ]);
  });

  test('a machine client cannot make keys, whatever scopes it holds: it is never an owner', async () => {
    const scopes = ['access-keys:write', 'access-keys:read'];
    const { client, secret } = await gate.client(gate.admin, team.id, {
      name: 'key-maker',
      scopes: scopes.map((s) => `gatehouse-admin/${s}`),
    });
    const bearer = await gate.bearer(client.clientId, secret, scopes);
    assertApiError(await bearer.post('/api/v1/access-keys', { team: team.id }), 403, 'forbidden');
    ok(await bearer.get('/api/v1/access-keys'));
  });
});
