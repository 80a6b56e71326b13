import * as assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { migrate } from '../../src/store/migrations.js';
import {
  layeredRateLimits,
  setPlatformRateLimits,
  setTeamRateLimits,
} from '../../src/store/repos/rate-limits.js';
import { backendNames, createBackend, type TestBackend } from '../support/backends.js';
import { migrateTo, openRaw, versionsAfter } from './helpers.js';

for (const name of backendNames()) {
  describe(`migration 14: rate limits (${name})`, () => {
    const backends: TestBackend[] = [];
    after(async () => {
      for (const backend of backends) await backend.cleanup();
    });

    test('clients and teams from before have no limits; the layers read in one go', async () => {
      const backend = await createBackend(name);
      backends.push(backend);
      const db = openRaw(backend);
      try {
        await migrateTo(db, 12);
        await db.run(
          "INSERT INTO teams (id, slug, name, description, created_at, updated_at) VALUES ('team_1', 'orders', 'Orders', '', 1, 1)",
        );
        await db.run(
          `INSERT INTO clients (client_id, name, description, auth_method, enabled, created_at, updated_at, team_id)
           VALUES ('c1', 'one', '', 'client_secret_basic', 1, 1, 1, 'team_1')`,
        );
        assert.deepEqual(await migrate(db), { applied: versionsAfter(12) });
        assert.deepEqual(await layeredRateLimits(db, 'c1'), { client: null, team: null, platform: null });
        await setTeamRateLimits(db, 'team_1', '{"daily":3}', 2);
        await setPlatformRateLimits(db, '{"rate":5}');
        assert.deepEqual(await layeredRateLimits(db, 'c1'), {
          client: null,
          team: '{"daily":3}',
          platform: '{"rate":5}',
        });
        await setPlatformRateLimits(db, null);
        assert.equal((await layeredRateLimits(db, 'c1')).platform, null);
      } finally {
        await db.close();
      }
    });
  });
}
