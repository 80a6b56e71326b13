import * as assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { migrate } from '../../src/store/migrations.js';
import { UniqueViolation } from '../../src/store/db.js';
import { backendNames, createBackend, type TestBackend } from '../support/backends.js';
import { migrateTo, openRaw, versionsAfter } from './helpers.js';

for (const name of backendNames()) {
  describe(`migration 9: user pools (${name})`, () => {
    const backends: TestBackend[] = [];
    after(async () => {
      for (const backend of backends) await backend.cleanup();
    });

    test('a store at version 8 gains the pool tables; a deleted team leaves its pools to platform admins', async () => {
      const backend = await createBackend(name);
      backends.push(backend);
      const db = openRaw(backend);
      try {
        await migrateTo(db, 8);
        await db.run(
          "INSERT INTO teams (id, slug, name, description, created_at, updated_at) VALUES ('team_1', 'orders', 'Orders', '', 1, 1)",
        );
        assert.deepEqual(await migrate(db), { applied: versionsAfter(8) });
        await db.run(
          "INSERT INTO user_pools (id, team_id, name, settings, created_at, updated_at) VALUES ('local_AbC123xyz', 'team_1', 'Shop', '{}', 1, 1)",
        );
        const user = (sub: string, username: string) =>
          db.run(
            `INSERT INTO pool_users (sub, pool_id, username, username_key, status, attributes, created_at, updated_at)
             VALUES (?, 'local_AbC123xyz', ?, ?, 'CONFIRMED', '{}', 1, 1)`,
            [sub, username, username.toLowerCase()],
          );
        await user('sub-1', 'Kim');
        await assert.rejects(user('sub-2', 'KIM'.toLowerCase()), UniqueViolation);
        const row = await db.get<{ email_verified: number; enabled: number; password_hash: string | null }>(
          "SELECT email_verified, enabled, password_hash FROM pool_users WHERE sub = 'sub-1'",
        );
        assert.deepEqual({ ...row }, { email_verified: 0, enabled: 1, password_hash: null });
        await db.run("DELETE FROM teams WHERE id = 'team_1'");
        assert.equal(
          (await db.get<{ team_id: string | null }>('SELECT team_id FROM user_pools'))?.team_id,
          null,
        );
        await db.run("DELETE FROM user_pools WHERE id = 'local_AbC123xyz'");
        assert.equal(Number((await db.get<{ n: number }>('SELECT COUNT(*) AS n FROM pool_users'))?.n), 0);
      } finally {
        await db.close();
      }
    });
  });
}
