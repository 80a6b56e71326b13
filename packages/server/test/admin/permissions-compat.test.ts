import * as assert from 'node:assert/strict';
import { before, test } from 'node:test';
import type { Client, Team } from '@gatehouse/schemas';
import { type ApiSession, describeEachBackend, ok } from './harness.js';

describeEachBackend('admin API: the previous release names of permissions', (gate) => {
  let admin: ApiSession;
  let team: Team;

  before(async () => {
    admin = gate.admin;
    team = await gate.team(admin, 'compat');
    await gate.resourceServer(admin, team.id, {
      identifier: 'compat-api',
      name: 'Compat',
      scopes: [{ name: 'read' }, { name: 'write' }],
    });
  });

  test('answers carry permissions, and the same list under the deprecated name grants', async () => {
    const { client } = await gate.client(admin, team.id, { name: 'compat', scopes: ['compat-api/read'] });
    const read = ok(await admin.get<Client>(`/api/v1/clients/${client.clientId}`));
    assert.deepEqual(read.permissions, [{ scope: 'compat-api/read', expiresAt: null }]);
    assert.deepEqual(read.grants, read.permissions);
  });

  test('the old …/grants paths still add and remove permissions', async () => {
    const { client } = await gate.client(admin, team.id, { name: 'old-paths' });
    const old = `/api/v1/clients/${client.clientId}/grants`;
    const added = ok(await admin.post<Client>(old, { scopes: ['compat-api/write'], expiresIn: 7200 }));
    assert.deepEqual(
      added.permissions.map((p) => p.scope),
      ['compat-api/write'],
    );
    assert.notEqual(added.permissions[0]?.expiresAt, null);
    const removed = ok(await admin.del<Client>(`${old}?scope=${encodeURIComponent('compat-api/write')}`));
    assert.deepEqual(removed.permissions, []);
    assert.deepEqual(removed.grants, []);
  });
});
