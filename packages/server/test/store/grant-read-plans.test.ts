import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import type { Db, SqlValue } from '../../src/store/db.js';
import { MIGRATIONS, migrationSql } from '../../src/store/migrations.js';
import {
  findPoolAuthCodeWithUser,
  findPoolRefreshTokenWithUser,
} from '../../src/store/repos/pool-grant-reads.js';

/**
 * The token path's reads run on every redemption and refresh: each table must be reached through
 * an index on the values at hand. A pool's group memberships were once walked in full for each.
 */
test("the grant reads reach every row through an index: no scan of a pool's memberships", async () => {
  const sqlite = new Database(':memory:');
  for (const migration of MIGRATIONS) sqlite.exec(migrationSql(migration, 'sqlite'));
  const plans: string[][] = [];
  const explaining = {
    dialect: 'sqlite',
    rows: async (sql: string, params: readonly SqlValue[] = []) => {
      const rows = sqlite.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[];
      plans.push(rows.map((r) => r.detail));
      return [];
    },
  } as unknown as Db;
  await findPoolRefreshTokenWithUser(explaining, { familyId: 'f', tokenHash: 'h' });
  await findPoolRefreshTokenWithUser(explaining, { familyId: undefined, tokenHash: 'h' });
  await findPoolAuthCodeWithUser(explaining, 'c');
  assert.equal(plans.length, 3);
  for (const plan of plans) {
    for (const step of plan) {
      assert.doesNotMatch(step, /^SCAN /, plan.join('\n'));
      if (step.startsWith('SEARCH ')) assert.match(step, /\(\w+=\?/, plan.join('\n'));
    }
    assert.ok(
      plan.includes('SEARCH m USING INDEX pool_group_members_by_sub (sub=?) LEFT-JOIN'),
      plan.join('\n'),
    );
  }
  sqlite.close();
});
