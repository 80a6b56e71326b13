import * as assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { migrate } from '../../src/store/migrations.js';
import { latestChange } from '../../src/store/repos/changes.js';
import {
  getClientClaims,
  getResourceServerClaims,
  setClientClaims,
  setResourceServerClaims,
} from '../../src/store/repos/custom-claims.js';
import {
  deleteTokenHook,
  getTokenHook,
  listTokenHooks,
  putTokenHook,
} from '../../src/store/repos/token-hooks.js';
import { backendNames, createBackend, type TestBackend } from '../support/backends.js';
import { migrateTo, openRaw, versionsAfter } from './helpers.js';

for (const name of backendNames()) {
  describe(`migration 16: custom claims (${name})`, () => {
    const backends: TestBackend[] = [];
    after(async () => {
      for (const backend of backends) await backend.cleanup();
    });

    test('entities from before have no claims; claims and hooks round-trip and record changes', async () => {
      const backend = await createBackend(name);
      backends.push(backend);
      const db = openRaw(backend);
      try {
        await migrateTo(db, 14);
        await db.run(
          `INSERT INTO clients (client_id, name, description, auth_method, enabled, created_at, updated_at)
           VALUES ('c1', 'one', '', 'client_secret_basic', 1, 1, 1)`,
        );
        await db.run(
          `INSERT INTO resource_servers (id, identifier, name, description, token_ttl, signing_alg, built_in, created_at, updated_at)
           VALUES ('rs_1', 'https://orders.example', 'Orders', '', 3600, 'ES256', 0, 1, 1)`,
        );
        assert.deepEqual(await migrate(db), { applied: versionsAfter(14) });
        assert.equal(await getClientClaims(db, 'c1'), null);
        assert.equal(await getResourceServerClaims(db, 'rs_1'), null);

        const before = await latestChange(db);
        const claims = { tenant: 'acme', tier: 3, beta: true, regions: ['eu', 'us'], meta: { a: 1 } };
        await db.transaction(async (tx) => {
          assert.equal(await setClientClaims(tx, 'c1', claims, 5), true);
          assert.equal(await setResourceServerClaims(tx, 'rs_1', { api: 'orders' }, 5), true);
        });
        assert.deepEqual(await getClientClaims(db, 'c1'), claims);
        assert.deepEqual(await getResourceServerClaims(db, 'rs_1'), { api: 'orders' });
        assert.equal(await latestChange(db), before + 2);
        assert.equal(await db.transaction((tx) => setClientClaims(tx, 'nobody', claims, 6)), false);
        await db.transaction((tx) => setClientClaims(tx, 'c1', {}, 7));
        assert.equal(await getClientClaims(db, 'c1'), null);
        await db.transaction((tx) => setResourceServerClaims(tx, 'rs_1', null, 7));
        assert.equal(await getResourceServerClaims(db, 'rs_1'), null);

        const hook = {
          resource_server_id: 'rs_1',
          url: 'https://hooks.example/claims',
          secret: 'v1.sealed',
          timeout_ms: 300,
          fail_mode: 'closed' as const,
          created_at: 8,
          updated_at: 8,
        };
        await db.transaction((tx) => putTokenHook(tx, hook));
        await db.transaction((tx) =>
          putTokenHook(tx, { ...hook, timeout_ms: 500, fail_mode: 'open', created_at: 9, updated_at: 9 }),
        );
        const stored = await getTokenHook(db, 'rs_1');
        assert.equal(Number(stored?.timeout_ms), 500);
        assert.equal(stored?.fail_mode, 'open');
        assert.equal(Number(stored?.created_at), 8, 'replacing keeps the creation time');
        assert.equal((await listTokenHooks(db)).length, 1);
        assert.equal(await db.transaction((tx) => deleteTokenHook(tx, 'rs_1', 10)), true);
        assert.equal(await db.transaction((tx) => deleteTokenHook(tx, 'rs_1', 10)), false);
        await db.transaction((tx) => putTokenHook(tx, hook));
        await db.run("DELETE FROM resource_servers WHERE id = 'rs_1'");
        assert.equal(await getTokenHook(db, 'rs_1'), undefined, 'the hook goes with its resource server');
      } finally {
        await db.close();
      }
    });
  });
}
