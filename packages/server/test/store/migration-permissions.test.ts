import * as assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import type { Db } from '../../src/store/db.js';
import { migrate } from '../../src/store/migrations.js';
import { backendNames, createBackend, type TestBackend } from '../support/backends.js';
import { migrateTo, openRaw, tableNames, versionsAfter } from './helpers.js';

async function seedOldStore(db: Db): Promise<void> {
  await db.run(
    `INSERT INTO resource_servers (id, identifier, name, description, token_ttl, signing_alg, built_in, created_at, updated_at)
     VALUES ('rs_1', 'orders', 'Orders', '', 3600, 'ES256', 0, 1, 1)`,
  );
  await db.run(
    `INSERT INTO resource_servers (id, identifier, name, description, token_ttl, signing_alg, built_in, created_at, updated_at)
     VALUES ('rs_gh', 'gatehouse-admin', 'Gatehouse', '', 3600, 'ES256', 1, 1, 1)`,
  );
  await db.run(
    `INSERT INTO scopes (resource_server_id, name, description) VALUES ('rs_1', 'read', ''), ('rs_1', 'write', ''),
     ('rs_gh', 'clients:read', 'Read clients, grants and usage'), ('rs_gh', 'clients:write', 'Reworded here')`,
  );
  await db.run(
    `INSERT INTO clients (client_id, name, description, auth_method, enabled, created_at, updated_at)
     VALUES ('app', 'App', '', 'client_secret_basic', 1, 1, 1)`,
  );
  await db.run(
    `INSERT INTO client_grants (client_id, resource_server_id, scope, created_at, expires_at)
     VALUES ('app', 'rs_1', 'read', 10, NULL), ('app', 'rs_1', 'write', 11, 99000)`,
  );
  await db.run(
    `INSERT INTO access_requests (id, client_id, resource_server_id, scope, reason, grant_ttl, status, requested_by_name, grant_expires_at, created_at)
     VALUES ('ar_1', 'app', 'rs_1', 'write', 'why', 3600, 'approved', 'Amy', 99000, 5)`,
  );
}

for (const name of backendNames()) {
  describe(`migration 7: grants become permissions (${name})`, () => {
    const backends: TestBackend[] = [];
    after(async () => {
      for (const backend of backends) await backend.cleanup();
    });

    test('existing grants and access-request lifetimes are carried over under the new names', async () => {
      const backend = await createBackend(name);
      backends.push(backend);
      const db = openRaw(backend);
      try {
        await migrateTo(db, 6);
        await seedOldStore(db);
        assert.deepEqual(await migrate(db), { applied: versionsAfter(6) });

        const tables = await tableNames(db);
        assert.ok(tables.includes('client_permissions'));
        assert.ok(!tables.includes('client_grants'));
        assert.deepEqual(
          await db.all(
            'SELECT client_id, resource_server_id, scope, created_at, expires_at FROM client_permissions ORDER BY scope',
          ),
          [
            { client_id: 'app', resource_server_id: 'rs_1', scope: 'read', created_at: 10, expires_at: null },
            {
              client_id: 'app',
              resource_server_id: 'rs_1',
              scope: 'write',
              created_at: 11,
              expires_at: 99000,
            },
          ],
        );
        assert.deepEqual(
          await db.all('SELECT id, permission_ttl, permission_expires_at FROM access_requests'),
          [{ id: 'ar_1', permission_ttl: 3600, permission_expires_at: 99000 }],
        );
        assert.deepEqual(
          await db.all(
            `SELECT name, description FROM scopes WHERE resource_server_id = 'rs_gh' ORDER BY name`,
          ),
          [
            { name: 'clients:read', description: 'Read clients, permissions and usage' },
            { name: 'clients:write', description: 'Reworded here' },
          ],
        );
        // The table keeps its rules: a permission on a scope that is gone goes with it.
        await db.run(`DELETE FROM scopes WHERE resource_server_id = 'rs_1' AND name = 'write'`);
        assert.deepEqual(await db.all('SELECT scope FROM client_permissions'), [{ scope: 'read' }]);
      } finally {
        await db.close();
      }
    });
  });
}
