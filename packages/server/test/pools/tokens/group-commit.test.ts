import * as assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type OpenGatehouse, openGatehouse } from '../../../src/services/gatehouse.js';
import { GroupCommit } from '../../../src/services/pools/group-commit.js';
import { type Db, DurabilityUnconfirmed } from '../../../src/store/db.js';
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

describe('group commit when the disk does not confirm a commit', () => {
  test('every piece fails with the error and none runs again: a retry would find its work done', async () => {
    let runs = 0;
    const failure = new DurabilityUnconfirmed(new Error('EIO'));
    const db = {
      dialect: 'sqlite',
      transaction: async (work: (tx: Db) => Promise<unknown>) => {
        await work(db);
        throw failure;
      },
    } as unknown as Db;
    const writes = new GroupCommit(db);
    const piece = () =>
      writes.run(async () => {
        runs++;
        return true;
      });
    const results = await Promise.allSettled([piece(), piece(), piece()]);
    assert.deepEqual(
      results.map((r) => (r.status === 'rejected' ? r.reason : r.value)),
      [failure, failure, failure],
    );
    assert.equal(runs, 3);
  });
});
