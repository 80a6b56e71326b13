import * as assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import type { Db } from '../../src/store/db.js';
import { migrate } from '../../src/store/migrations.js';
import { insertClient, insertPermission } from '../../src/store/repos/clients.js';
import { insertResourceServer } from '../../src/store/repos/resource-servers.js';
import {
  addClientRole,
  deleteRole,
  findRoleByName,
  insertRole,
  listClientRoles,
  listRoleHolders,
  listRolePermissions,
  listRoles,
  listRoleScopes,
  removeClientRole,
  setRoleScopes,
  teamHoldsApproved,
  updateRole,
} from '../../src/store/repos/roles.js';
import type { RoleRow } from '../../src/store/repos/rows.js';
import { backendNames, createBackend, type TestBackend } from '../support/backends.js';
import { clientRow, NOW, openRaw, resourceServerRow } from './helpers.js';

const role = (id: string, teamId: string | null, name: string): RoleRow => ({
  id,
  team_id: teamId,
  name,
  description: '',
  created_at: NOW,
  updated_at: NOW,
});

async function seed(db: Db): Promise<void> {
  for (const id of ['team_a', 'team_b']) {
    await db.run(
      'INSERT INTO teams (id, slug, name, description, created_at, updated_at) VALUES (?, ?, ?, ?, 1, 1)',
      [id, id, id, ''],
    );
  }
  const scopes = (rs: string, names: string[]) =>
    names.map((name) => ({ resource_server_id: rs, name, description: '' }));
  await insertResourceServer(
    db,
    resourceServerRow('rs_a', { team_id: 'team_a' }),
    scopes('rs_a', ['read', 'write']),
  );
  await insertResourceServer(db, resourceServerRow('rs_b', { team_id: 'team_b' }), scopes('rs_b', ['list']));
  await insertClient(db, clientRow('c1', { team_id: 'team_a' }));
  await insertClient(db, clientRow('c2', { team_id: 'team_a' }));
}

for (const name of backendNames()) {
  describe(`roles repository (${name})`, () => {
    const backends: TestBackend[] = [];
    after(async () => {
      for (const backend of backends) await backend.cleanup();
    });

    test('roles bundle scopes across APIs; holders see them; deletes cascade', async () => {
      const backend = await createBackend(name);
      backends.push(backend);
      const db = openRaw(backend);
      try {
        await migrate(db);
        await seed(db);
        await insertRole(db, role('role_1', 'team_a', 'ops'));
        await insertRole(db, role('role_2', 'team_b', 'ops'));
        await insertRole(db, role('role_3', null, 'ops'));
        await assert.rejects(insertRole(db, role('role_4', 'team_a', 'ops')), /unique/i);
        await assert.rejects(insertRole(db, role('role_5', null, 'ops')), /unique/i);
        assert.equal((await findRoleByName(db, 'team_a', 'ops'))?.id, 'role_1');
        assert.equal((await findRoleByName(db, null, 'ops'))?.id, 'role_3');
        assert.deepEqual(
          (await listRoles(db, 'team_b')).map((r) => r.id),
          ['role_2'],
        );
        assert.equal(await updateRole(db, 'role_1', { name: 'operators', description: 'd' }, NOW + 1), true);

        await setRoleScopes(
          db,
          'role_1',
          [
            { resourceServerId: 'rs_a', scope: 'read' },
            { resourceServerId: 'rs_b', scope: 'list' },
          ],
          NOW,
        );
        await setRoleScopes(
          db,
          'role_1',
          [
            { resourceServerId: 'rs_a', scope: 'write' },
            { resourceServerId: 'rs_b', scope: 'list' },
          ],
          NOW,
        );
        assert.deepEqual(
          (await listRoleScopes(db, 'role_1')).map((s) => `${s.identifier}/${s.scope}`),
          ['api-rs_a/write', 'api-rs_b/list'],
        );
        assert.equal(await addClientRole(db, 'c1', 'role_1', NOW), true);
        assert.equal(await addClientRole(db, 'c1', 'role_1', NOW), false);
        assert.deepEqual(
          (await listClientRoles(db, 'c1')).map((r) => r.name),
          ['operators'],
        );
        assert.deepEqual(
          (await listRoleHolders(db, 'role_1')).map((c) => c.client_id),
          ['c1'],
        );
        assert.deepEqual(
          (await listRolePermissions(db, 'c1')).map((p) => `${p.role_name}:${p.identifier}/${p.scope}`),
          ['operators:api-rs_a/write', 'operators:api-rs_b/list'],
        );

        // A scope deleted from its API leaves no role pointing at it.
        await db.run("DELETE FROM scopes WHERE resource_server_id = 'rs_a' AND name = 'write'");
        assert.deepEqual(
          (await listRoleScopes(db, 'role_1')).map((s) => s.scope),
          ['list'],
        );
        await db.run("DELETE FROM resource_servers WHERE id = 'rs_b'");
        assert.deepEqual(await listRoleScopes(db, 'role_1'), []);

        assert.equal(await removeClientRole(db, 'c1', 'role_1'), true);
        await addClientRole(db, 'c2', 'role_1', NOW);
        assert.equal(await deleteRole(db, 'role_1'), true);
        assert.deepEqual(await listClientRoles(db, 'c2'), []);
      } finally {
        await db.close();
      }
    });

    test('a team holds a scope of another API through an approved request its client still holds', async () => {
      const backend = await createBackend(name);
      backends.push(backend);
      const db = openRaw(backend);
      try {
        await migrate(db);
        await seed(db);
        const ref = { resourceServerId: 'rs_b', scope: 'list' };
        assert.equal(await teamHoldsApproved(db, 'team_a', ref, NOW), false);
        await db.run(
          `INSERT INTO access_requests (id, client_id, resource_server_id, scope, reason, status, requested_by_name, created_at)
           VALUES ('ar_1', 'c1', 'rs_b', 'list', 'r', 'approved', 'x', 1)`,
        );
        assert.equal(await teamHoldsApproved(db, 'team_a', ref, NOW), false, 'approved but no longer held');
        await insertPermission(db, 'c1', 'rs_b', 'list', NOW, NOW + 1000);
        assert.equal(await teamHoldsApproved(db, 'team_a', ref, NOW), true);
        assert.equal(await teamHoldsApproved(db, 'team_a', ref, NOW + 1000), false, 'expired');
        assert.equal(await teamHoldsApproved(db, 'team_b', ref, NOW), false);
      } finally {
        await db.close();
      }
    });
  });
}
