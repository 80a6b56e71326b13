import * as assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { after, before, beforeEach, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import type BetterSqlite3 from 'better-sqlite3';
import { type Db, UniqueViolation } from '../../src/store/db.js';
import { openStore, SQLITE_FILE } from '../../src/store/open.js';
import { WalSync } from '../../src/store/wal-sync.js';
import { backendNames, createBackend, type TestBackend } from '../support/backends.js';
import { DIST_SRC, killAll, lastJsonLine, runModule, sleep } from './helpers.js';

/** The driver, resolved here: a `-e` child resolves bare names from its working directory. */
const BETTER_SQLITE3 = pathToFileURL(createRequire(import.meta.url).resolve('better-sqlite3')).href;

interface Item {
  id: string;
  n: number;
  at: number | null;
  note: string | null;
}

const ITEMS = 'CREATE TABLE items (id TEXT PRIMARY KEY, n INTEGER NOT NULL, at BIGINT, note TEXT)';
// Epoch milliseconds past 2^31 and past 2^32: the values BIGINT columns really hold.
const JAN_2026 = 1_767_225_600_123;
const YEAR_2100 = 4_102_444_800_000;

function insertItem(db: Db, id: string, n = 0, at: number | null = null, note: string | null = null) {
  return db.run('INSERT INTO items (id, n, at, note) VALUES (?, ?, ?, ?)', [id, n, at, note]);
}

async function ids(db: Db): Promise<string[]> {
  return (await db.all<{ id: string }>('SELECT id FROM items ORDER BY id')).map((r) => r.id);
}

for (const name of backendNames()) {
  describe(`Db contract (${name})`, () => {
    let backend: TestBackend;
    let db: Db;

    before(async () => {
      backend = await createBackend(name);
      db = await openStore(backend);
      await db.exec(ITEMS);
    });
    after(async () => {
      killAll();
      await db?.close();
      await backend?.cleanup();
    });
    beforeEach(async () => {
      await db.run('DELETE FROM items');
    });

    test('reports its dialect', () => {
      assert.equal(db.dialect, name);
    });

    test('run, get and all bind ? parameters in order', async () => {
      assert.deepEqual(await insertItem(db, 'a', 1, JAN_2026, 'first'), { changes: 1 });
      assert.deepEqual(await insertItem(db, 'b', 2, null, null), { changes: 1 });
      assert.deepEqual(await insertItem(db, 'c', 3, YEAR_2100, "it's ? not a placeholder"), { changes: 1 });

      assert.deepEqual(await db.get<Item>('SELECT * FROM items WHERE id = ?', ['a']), {
        id: 'a',
        n: 1,
        at: JAN_2026,
        note: 'first',
      });
      assert.equal(await db.get('SELECT * FROM items WHERE id = ?', ['missing']), undefined);
      const rows = await db.all<Item>('SELECT * FROM items WHERE n >= ? AND n <= ? ORDER BY n DESC', [2, 3]);
      assert.deepEqual(
        rows.map((r) => r.id),
        ['c', 'b'],
      );
      assert.equal(rows[0]?.note, "it's ? not a placeholder", 'a ? inside a bound value is just text');
      assert.equal(rows[1]?.at, null);
      assert.deepEqual(await db.all('SELECT * FROM items WHERE id = ?', ['missing']), []);
      // Without parameters at all.
      assert.equal((await db.all('SELECT id FROM items')).length, 3);
    });

    test('rows gives each row as its values in the order the SELECT names them, in and out of a transaction', async () => {
      await insertItem(db, 'a', 1, JAN_2026, 'first');
      await insertItem(db, 'b', 2, null, null);
      const sql = 'SELECT note, id, at, n FROM items WHERE n >= ? ORDER BY n';
      const expected = [
        ['first', 'a', JAN_2026, 1],
        [null, 'b', null, 2],
      ];
      assert.deepEqual(await db.rows(sql, [0]), expected);
      // The same text through all() still gives keyed objects: the two do not share a statement.
      assert.deepEqual(await db.all(sql, [0]), [
        { note: 'first', id: 'a', at: JAN_2026, n: 1 },
        { note: null, id: 'b', at: null, n: 2 },
      ]);
      assert.deepEqual(await db.transaction((tx) => tx.rows(sql, [2])), [expected[1]]);
      assert.deepEqual(await db.rows(sql, [3]), []);
    });

    test('run reports how many rows changed', async () => {
      for (const id of ['a', 'b', 'c', 'd']) await insertItem(db, id, id === 'd' ? 9 : 1);
      assert.deepEqual(await db.run('UPDATE items SET n = ? WHERE n = ?', [5, 1]), { changes: 3 });
      assert.deepEqual(await db.run('UPDATE items SET n = ? WHERE id = ?', [5, 'nobody']), { changes: 0 });
      assert.deepEqual(await db.run('DELETE FROM items WHERE n = ?', [9]), { changes: 1 });
      assert.deepEqual(await db.run('DELETE FROM items WHERE n = ?', [9]), { changes: 0 });
      assert.deepEqual(await db.run('DELETE FROM items'), { changes: 3 });
    });

    test('BIGINT timestamps and aggregates come back as numbers', async () => {
      await insertItem(db, 'a', 1, JAN_2026);
      await insertItem(db, 'b', 0, YEAR_2100);
      const row = await db.get<Item>('SELECT * FROM items WHERE id = ?', ['b']);
      assert.equal(typeof row?.at, 'number');
      assert.equal(row?.at, YEAR_2100);
      assert.equal(typeof row?.n, 'number');
      const agg = await db.get<{ newest: number; count: number }>(
        'SELECT MAX(at) AS newest, COUNT(*) AS count FROM items',
      );
      assert.deepEqual(agg, { newest: YEAR_2100, count: 2 });
      // A bound BIGINT parameter compares as a number too.
      const later = await db.all<{ id: string }>('SELECT id FROM items WHERE at > ?', [JAN_2026]);
      assert.deepEqual(
        later.map((r) => r.id),
        ['b'],
      );
    });

    test('a transaction commits every statement and returns its result', async () => {
      const result = await db.transaction(async (tx) => {
        await insertItem(tx, 'a');
        await sleep(5);
        await insertItem(tx, 'b');
        const inside = await tx.get<{ n: number }>('SELECT COUNT(*) AS n FROM items');
        return inside?.n;
      });
      assert.equal(result, 2, 'a transaction reads its own writes');
      assert.deepEqual(await ids(db), ['a', 'b']);
    });

    test('an error inside a transaction rolls back every statement and reaches the caller', async () => {
      await insertItem(db, 'kept');
      const boom = new Error('boom');
      await assert.rejects(
        db.transaction(async (tx) => {
          await insertItem(tx, 'a');
          await tx.run('UPDATE items SET n = ? WHERE id = ?', [7, 'kept']);
          await tx.run('DELETE FROM items WHERE id = ?', ['kept']);
          await sleep(5);
          await insertItem(tx, 'b');
          throw boom;
        }),
        (error) => error === boom,
      );
      assert.deepEqual(await ids(db), ['kept']);
      assert.equal((await db.get<Item>('SELECT * FROM items WHERE id = ?', ['kept']))?.n, 0);
      // The store is usable afterwards, inside and outside transactions.
      await db.transaction((tx) => insertItem(tx, 'after'));
      assert.deepEqual(await ids(db), ['after', 'kept']);
    });

    test('a failing statement inside a transaction rolls back the statements before it', async () => {
      await insertItem(db, 'dup');
      await assert.rejects(
        db.transaction(async (tx) => {
          await insertItem(tx, 'a');
          await insertItem(tx, 'dup');
        }),
        UniqueViolation,
      );
      assert.deepEqual(await ids(db), ['dup']);
    });

    test('a duplicate primary key throws UniqueViolation with the driver error as its cause', async () => {
      await insertItem(db, 'a');
      await assert.rejects(insertItem(db, 'a'), (error: unknown) => {
        assert.ok(error instanceof UniqueViolation);
        assert.equal(error.name, 'UniqueViolation');
        assert.ok(error.cause instanceof Error, 'the driver error is kept as cause');
        return true;
      });
      // Other failures are not dressed up as UniqueViolation.
      await assert.rejects(db.run('INSERT INTO items (id) VALUES (?)', ['no-n']), (error: unknown) => {
        assert.ok(!(error instanceof UniqueViolation));
        return true;
      });
      await assert.rejects(db.get('SELECT * FROM no_such_table'), (error: unknown) => {
        assert.ok(!(error instanceof UniqueViolation));
        return true;
      });
    });

    test('a nested transaction joins the outer one', async () => {
      await assert.rejects(
        db.transaction(async (tx) => {
          await insertItem(tx, 'outer');
          await tx.transaction((inner) => insertItem(inner, 'inner'));
          throw new Error('outer fails');
        }),
        /outer fails/,
      );
      assert.deepEqual(await ids(db), []);
    });

    test('concurrent transactions and plain statements interleave safely; each transaction lands or vanishes whole', async () => {
      const TRANSACTIONS = 40;
      const PLAIN_PER_TRANSACTION = 2;
      const failed = new Set<number>();
      const jobs: Promise<unknown>[] = [];
      const unexpected: unknown[] = [];
      for (let i = 0; i < TRANSACTIONS; i++) {
        const shouldFail = i % 4 === 1;
        if (shouldFail) failed.add(i);
        jobs.push(
          db
            .transaction(async (tx) => {
              await insertItem(tx, `t${i}-a`, i);
              await sleep(i % 3);
              await insertItem(tx, `t${i}-b`, i);
              await new Promise((resolve) => setImmediate(resolve));
              const mine = await tx.all<Item>('SELECT * FROM items WHERE n = ? AND id LIKE ?', [
                i,
                `t${i}-%`,
              ]);
              assert.equal(mine.length, 2, 'a transaction sees exactly its own rows');
              if (shouldFail) throw new Error(`planned failure ${i}`);
              await insertItem(tx, `t${i}-c`, i);
            })
            .catch((error: unknown) => {
              if (!(shouldFail && error instanceof Error && error.message === `planned failure ${i}`)) {
                unexpected.push(error);
              }
            }),
        );
        // Plain statements between the transactions: writes, reads and updates.
        for (let j = 0; j < PLAIN_PER_TRANSACTION; j++) {
          const id = `p${i}-${j}`;
          jobs.push(
            insertItem(db, id, -1)
              .then(() => db.get('SELECT * FROM items WHERE id = ?', [id]))
              .then((row) => assert.ok(row, `plain insert ${id} is visible at once`))
              .catch((error: unknown) => unexpected.push(error)),
          );
        }
      }
      await Promise.all(jobs);
      assert.deepEqual(unexpected, [], 'no statement failed unexpectedly');

      const present = new Set(await ids(db));
      for (let i = 0; i < TRANSACTIONS; i++) {
        const rows = ['a', 'b', 'c'].map((s) => present.has(`t${i}-${s}`));
        assert.deepEqual(
          rows,
          failed.has(i) ? [false, false, false] : [true, true, true],
          `transaction ${i}`,
        );
      }
      const plain = [...present].filter((id) => id.startsWith('p'));
      assert.equal(plain.length, TRANSACTIONS * PLAIN_PER_TRANSACTION);
    });

    test('a transaction that waits for the disk off the event loop commits like any other', async () => {
      const result = await db.transaction(
        async (tx) => {
          await insertItem(tx, 'synced-1');
          await insertItem(tx, 'synced-2');
          return 'done';
        },
        { syncOffLoop: true },
      );
      assert.equal(result, 'done');
      assert.deepEqual(await ids(db), ['synced-1', 'synced-2']);
      if (name === 'sqlite') {
        // Only that commit skipped SQLite's own fsync; every other write still waits for it.
        const mode = await db.get<{ synchronous: number }>('PRAGMA synchronous');
        assert.equal(mode?.synchronous, 2);
        // Visible to another connection: committed, not merely queued.
        const { default: Database } = (await import(BETTER_SQLITE3)) as { default: typeof BetterSqlite3 };
        const other = new Database(join(backend.dataDir, SQLITE_FILE), { readonly: true });
        try {
          assert.equal((other.prepare('SELECT COUNT(*) AS n FROM items').get() as { n: number }).n, 2);
        } finally {
          other.close();
        }
      }
    });

    if (name === 'sqlite') {
      test('SQLite: a log that cannot be flushed fails the wait, so no caller answers as if it were durable', async () => {
        const sync = new WalSync(join(backend.dataDir, 'missing', SQLITE_FILE));
        try {
          await assert.rejects(sync.sync(), /fsync of the write-ahead log failed/);
          // The thread stays usable: the next wait is answered too, not left hanging.
          await assert.rejects(sync.sync(), /fsync of the write-ahead log failed/);
        } finally {
          await sync.close();
        }
      });

      test('SQLite: a transaction that cannot begin (store locked by another process) leaves the store usable', async () => {
        // Runs in a child: if the transaction gate stayed shut, the next statement would spin
        // forever on the microtask queue, starving timers, so only an outside watchdog can tell.
        const source = `
const { SqliteDb } = await import(new URL('store/sqlite.js', process.env.DIST_SRC).href);
const { default: Database } = await import(process.env.BETTER_SQLITE3);
const db = new SqliteDb(process.env.DB_PATH);
db.db.pragma('busy_timeout = 50');
const other = new Database(process.env.DB_PATH);
other.exec('BEGIN IMMEDIATE');
let began;
try {
  await db.transaction(async (tx) => tx.run('INSERT INTO items (id, n) VALUES (?, ?)', ['locked', 1]));
  began = true;
} catch (error) {
  began = \`\${error.name} \${error.cause?.code}\`;
}
other.exec('ROLLBACK');
other.close();
const row = await db.get('SELECT COUNT(*) AS n FROM items');
await db.transaction(async (tx) => tx.run('INSERT INTO items (id, n) VALUES (?, ?)', ['later', 1]));
const later = await db.get('SELECT id FROM items WHERE id = ?', ['later']);
await db.close();
console.log(JSON.stringify({ began, count: row.n, later: later?.id ?? null }));
`;
        const result = await runModule(
          source,
          { DIST_SRC: DIST_SRC.href, BETTER_SQLITE3, DB_PATH: join(backend.dataDir, SQLITE_FILE) },
          5_000,
        );
        assert.equal(result.timedOut, false, 'the store hung after a transaction failed to begin');
        assert.equal(result.code, 0, result.stderr);
        const out = lastJsonLine<{ began: unknown; count: number; later: string | null }>(result.stdout);
        // A lock held past the busy timeout is an outage, for callers to answer 503 and retry.
        assert.equal(out.began, 'StoreUnreachable SQLITE_BUSY');
        assert.equal(out.later, 'later');
        await db.run('DELETE FROM items');
      });
    }
  });
}
