import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { ScopeTally } from '../../src/services/scope-tally.js';
import { UsageBuffer } from '../../src/services/usage-buffer.js';
import type { Db, SqlValue } from '../../src/store/db.js';

/** A store that records scope_usage writes, and fails the transactions it is told to. */
function recordingDb(failing: () => boolean) {
  const rows: SqlValue[][] = [];
  const db = {
    run: async (sql: string, params: SqlValue[] = []) => {
      if (sql.includes('scope_usage')) rows.push(params);
      return { changes: 1 };
    },
    get: async () => undefined,
    all: async () => [],
    transaction: async <T>(fn: (tx: Db) => Promise<T>) => {
      if (failing()) throw new Error('store unreachable');
      return fn(db as unknown as Db);
    },
  };
  return { db: db as unknown as Db, rows };
}

test('scopes are counted per client, resource and scope in memory; the flush writes one row each', async () => {
  const { db, rows } = recordingDb(() => false);
  const buffer = new UsageBuffer(db);
  const both = ['read', 'write'] as const;
  for (let i = 0; i < 100; i++) buffer.note('c1', 1_000 + i, 'rs1', i % 2 === 0 ? both : ['read']);
  buffer.note('c2', 5_000, 'rs1', ['read']);
  assert.equal(rows.length, 0, 'nothing reaches the store on the token path');
  await buffer.flush();
  assert.deepEqual(rows, [
    ['c1', 'rs1', 'read', 1_099, 100],
    ['c1', 'rs1', 'write', 1_098, 50],
    ['c2', 'rs1', 'read', 5_000, 1],
  ]);
  await buffer.flush();
  assert.equal(rows.length, 3, 'nothing new to write');
});

test('counts that fail to save are kept, and added to what comes after, for the next flush', async () => {
  let fail = true;
  const { db, rows } = recordingDb(() => fail);
  // The tally alone: through UsageBuffer, the daily counts' write would fail first.
  const tally = new ScopeTally(db);
  tally.note('c1', 'rs1', ['read'], 1_000);
  tally.note('c1', 'rs1', ['read'], 2_000);
  await assert.rejects(tally.flush(), /store unreachable/);
  tally.note('c1', 'rs1', ['read'], 1_500);
  fail = false;
  await tally.flush();
  assert.deepEqual(
    rows.filter((r) => r[0] === 'c1'),
    [['c1', 'rs1', 'read', 2_000, 3]],
  );
});

test('a client noted without scopes (no resource) counts for last use only', async () => {
  const { db, rows } = recordingDb(() => false);
  const buffer = new UsageBuffer(db);
  buffer.note('c1', 1_000);
  await buffer.flush();
  assert.equal(rows.length, 0);
});
