import * as assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { migrate } from '../../src/store/migrations.js';
import { backendNames, createBackend, type TestBackend } from '../support/backends.js';
import { migrateTo, openRaw, versionsAfter } from './helpers.js';

for (const name of backendNames()) {
  describe(`migration 8: clients carry their grant types (${name})`, () => {
    const backends: TestBackend[] = [];
    after(async () => {
      for (const backend of backends) await backend.cleanup();
    });

    test('clients registered before it may use client_credentials, as they always could', async () => {
      const backend = await createBackend(name);
      backends.push(backend);
      const db = openRaw(backend);
      try {
        await migrateTo(db, 7);
        await db.run(
          `INSERT INTO clients (client_id, name, description, auth_method, enabled, created_at, updated_at)
           VALUES ('basic', 'Basic', '', 'client_secret_basic', 1, 1, 1), ('keyed', 'Keyed', '', 'private_key_jwt', 0, 1, 1)`,
        );
        assert.deepEqual(await migrate(db), { applied: versionsAfter(7) });
        assert.deepEqual(await db.all('SELECT client_id, grant_types FROM clients ORDER BY client_id'), [
          { client_id: 'basic', grant_types: '["client_credentials"]' },
          { client_id: 'keyed', grant_types: '["client_credentials"]' },
        ]);
      } finally {
        await db.close();
      }
    });
  });
}
