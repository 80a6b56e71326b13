import * as assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { migrate } from '../../src/store/migrations.js';
import { purgeSpentSrpBlocks, spendSrpBlock } from '../../src/store/repos/pool-srp.js';
import { backendNames, createBackend, type TestBackend } from '../support/backends.js';
import { migrateTo, openRaw, versionsAfter } from './helpers.js';

for (const name of backendNames()) {
  describe(`migration 12: SRP verifiers (${name})`, () => {
    const backends: TestBackend[] = [];
    after(async () => {
      for (const backend of backends) await backend.cleanup();
    });

    test('users from before have no verifier; a spent SECRET_BLOCK is recorded once', async () => {
      const backend = await createBackend(name);
      backends.push(backend);
      const db = openRaw(backend);
      try {
        await migrateTo(db, 11);
        await db.run(
          "INSERT INTO user_pools (id, team_id, name, settings, created_at, updated_at) VALUES ('local_AbC123xyz', NULL, 'Shop', '{}', 1, 1)",
        );
        await db.run(
          `INSERT INTO pool_users (sub, pool_id, username, username_key, status, attributes, password_hash, created_at, updated_at)
           VALUES ('sub-1', 'local_AbC123xyz', 'Kim', 'kim', 'CONFIRMED', '{}', '$argon2id$x', 1, 1)`,
        );
        assert.deepEqual(await migrate(db), { applied: versionsAfter(11) });
        const row = await db.get<{ srp_verifier: string | null }>('SELECT srp_verifier FROM pool_users');
        assert.equal(row?.srp_verifier, null);
        assert.equal(await spendSrpBlock(db, 'block-1', 100), true);
        assert.equal(await spendSrpBlock(db, 'block-1', 100), false);
        await purgeSpentSrpBlocks(db, 100);
        assert.equal(await spendSrpBlock(db, 'block-1', 200), true);
      } finally {
        await db.close();
      }
    });
  });
}
