import * as assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { migrate } from '../../src/store/migrations.js';
import { findPoolRefreshTokenWithUser } from '../../src/store/repos/pool-grant-reads.js';
import {
  consumePoolRefreshToken,
  findPoolRefreshToken,
  purgePoolRefreshTokens,
} from '../../src/store/repos/pool-refresh-tokens.js';
import { backendNames, createBackend, type TestBackend } from '../support/backends.js';
import { migrateTo, openRaw, versionsAfter } from './helpers.js';

const NOW = 1_800_000_000_000;
const DAY = 86_400_000;

for (const name of backendNames()) {
  describe(`migration 18: refresh token families (${name})`, () => {
    const backends: TestBackend[] = [];
    after(async () => {
      for (const backend of backends) await backend.cleanup();
    });

    test("a store at version 17 keeps every refresh token: the spent one, the current one and a revoked family's", async () => {
      const backend = await createBackend(name);
      backends.push(backend);
      const db = openRaw(backend);
      try {
        await migrateTo(db, 17);
        await db.run(
          "INSERT INTO user_pools (id, name, settings, created_at, updated_at) VALUES ('local_AbC123xyz', 'Shop', '{}', 1, 1)",
        );
        await db.run(
          `INSERT INTO pool_app_clients (client_id, pool_id, name, auth_method, redirect_uris, logout_uris, scopes, settings, created_at, updated_at)
           VALUES ('app1', 'local_AbC123xyz', 'web', 'client_secret_basic', '[]', '[]', '[]', '{}', 1, 1)`,
        );
        await db.run(
          `INSERT INTO pool_users (sub, pool_id, username, username_key, email, status, attributes, created_at, updated_at)
           VALUES ('sub-1', 'local_AbC123xyz', 'kim', 'kim', 'kim@example.com', 'CONFIRMED', '{}', 1, 1)`,
        );
        const token = (hash: string, family: string, used: number | null, revoked: number | null) =>
          db.run(
            `INSERT INTO pool_refresh_tokens (token_hash, family_id, pool_id, client_id, sub, scope, auth_time,
               session_id_hash, created_at, family_expires_at, idle_expires_at, used_at, revoked_at)
             VALUES (?, ?, 'local_AbC123xyz', 'app1', 'sub-1', 'openid email', ?, 'sess', ?, ?, ?, ?, ?)`,
            [hash, family, NOW - 2 * DAY, NOW - DAY, NOW + 29 * DAY, NOW + DAY, used, revoked],
          );
        await token('spent', 'fam-live', NOW - DAY + 5, null);
        await token('current', 'fam-live', null, null);
        await token('gone', 'fam-revoked', null, NOW - 10);
        assert.deepEqual(await migrate(db), { applied: versionsAfter(17) });

        const current = await findPoolRefreshTokenWithUser(db, { familyId: undefined, tokenHash: 'current' });
        assert.ok(current, 'an old token is found by its hash alone');
        assert.deepEqual(
          {
            family: current.row.family_id,
            scope: current.row.scope,
            session: current.row.session_id_hash,
            authTime: Number(current.row.auth_time),
            used: current.row.used_at,
            revoked: current.row.revoked_at,
            expires: Number(current.row.family_expires_at),
            idle: Number(current.row.idle_expires_at),
            user: current.user?.username,
          },
          {
            family: 'fam-live',
            scope: 'openid email',
            session: 'sess',
            authTime: NOW - 2 * DAY,
            used: null,
            revoked: null,
            expires: NOW + 29 * DAY,
            idle: NOW + DAY,
            user: 'kim',
          },
        );
        const spent = await findPoolRefreshToken(db, { familyId: undefined, tokenHash: 'spent' });
        assert.equal(
          Number(spent?.used_at),
          NOW - DAY + 5,
          'a spent token stays spent, so its reuse is seen',
        );
        const gone = await findPoolRefreshToken(db, { familyId: undefined, tokenHash: 'gone' });
        assert.equal(Number(gone?.revoked_at), NOW - 10);
        assert.equal(await consumePoolRefreshToken(db, 'fam-revoked', 'gone', NOW), false);
        assert.equal(await consumePoolRefreshToken(db, 'fam-live', 'current', NOW), true);

        // A family past its end goes, with its tokens and their old-style lookups.
        await purgePoolRefreshTokens(db, NOW + 30 * DAY);
        for (const table of [
          'pool_refresh_families',
          'pool_refresh_family_tokens',
          'pool_refresh_legacy_tokens',
        ]) {
          const row = await db.get<{ n: number }>(`SELECT COUNT(*) AS n FROM ${table}`);
          assert.equal(Number(row?.n), 0, table);
        }
      } finally {
        await db.close();
      }
    });
  });
}
