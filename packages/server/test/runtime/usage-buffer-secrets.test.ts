import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { UsageBuffer } from '../../src/services/usage-buffer.js';
import type { Db } from '../../src/store/db.js';

/** A store that records every statement, to show what reaches it and when. */
function recordingDb(): { db: Db; statements: string[] } {
  const statements: string[] = [];
  const db = {
    run: async (sql: string) => {
      statements.push(sql);
      return { changes: 1 };
    },
    get: async () => undefined,
    all: async () => [],
    transaction: async <T>(fn: (tx: Db) => Promise<T>) => fn(db as unknown as Db),
  };
  return { db: db as unknown as Db, statements };
}

test('noting a secret use writes nothing; the flush writes each secret once, with its latest time', async () => {
  const { db, statements } = recordingDb();
  const buffer = new UsageBuffer(db);
  for (let i = 0; i < 1000; i++) buffer.noteSecret(i % 2 === 0 ? 'sec_a' : 'sec_b', 1_000 + i);
  assert.equal(statements.length, 0);
  await buffer.flush();
  const secretWrites = statements.filter((s) => s.includes('client_secrets'));
  assert.equal(secretWrites.length, 2);
  await buffer.flush();
  assert.equal(statements.filter((s) => s.includes('client_secrets')).length, 2, 'nothing new to write');
});
