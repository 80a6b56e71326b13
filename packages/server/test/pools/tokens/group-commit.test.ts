import * as assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type OpenGatehouse, openGatehouse } from '../../../src/services/gatehouse.js';
import { GroupCommit } from '../../../src/services/pools/group-commit.js';
import { backendNames, createBackend, type TestBackend } from '../../support/backends.js';

for (const name of backendNames()) {
  describe(`group commit [${name}]`, () => {
    let backend: TestBackend;
    let gatehouse: OpenGatehouse;
    before(async () => {
      backend = await createBackend(name);
      gatehouse = await openGatehouse(backend.config());
      await gatehouse.db.exec('CREATE TABLE group_commit_test (k TEXT PRIMARY KEY)');
    });
    after(async () => {
      await gatehouse.close();
      await backend.cleanup();
    });

    test(`work submitted together commits together; a failing piece fails alone`, async () => {
      const writes = new GroupCommit(gatehouse.db);
      const insert = (k: string) =>
        writes.run(async (tx) => (await tx.run('INSERT INTO group_commit_test (k) VALUES (?)', [k])).changes);
      const results = await Promise.allSettled([insert('a'), insert('b'), insert('a'), insert('c')]);
      assert.deepEqual(
        results.map((r) => r.status),
        ['fulfilled', 'fulfilled', 'rejected', 'fulfilled'],
      );
      const rows = await gatehouse.db.all<{ k: string }>('SELECT k FROM group_commit_test ORDER BY k');
      assert.deepEqual(
        rows.map((r) => r.k),
        ['a', 'b', 'c'],
      );
    });
  });
}
