import type { Db, Dialect } from './db.js';
import { MIGRATIONS, type Migration } from './migrations/index.js';

export { MIGRATIONS, type Migration } from './migrations/index.js';

// The runner; each migration is a file of its own in migrations/, listed in order in its index.ts.

const SEQ: Record<Dialect, string> = {
  sqlite: 'INTEGER PRIMARY KEY AUTOINCREMENT',
  postgres: 'BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY',
};

/** A table stored in its primary key's order (SQLite's rowid tables keep a separate index). */
const CLUSTERED: Record<Dialect, string> = { sqlite: ' WITHOUT ROWID', postgres: '' };

export function migrationSql(migration: Migration, dialect: Dialect): string {
  return migration.sql.replaceAll('{{seq}}', SEQ[dialect]).replaceAll('{{clustered}}', CLUSTERED[dialect]);
}

const LOCK_KEY = 7_746_500_011; // any constant; names Gatehouse's migration lock in pg_locks

/**
 * Brings the schema up to date. Several instances starting together on one PostgreSQL
 * take turns through an advisory lock; SQLite's write lock does the same for processes.
 */
export async function migrate(db: Db): Promise<{ applied: number[] }> {
  const applied: number[] = [];
  await db.transaction(async (tx) => {
    if (tx.dialect === 'postgres') await tx.run('SELECT pg_advisory_xact_lock(?)', [LOCK_KEY]);
    await tx.exec(
      'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)',
    );
  });
  for (const migration of MIGRATIONS) {
    await db.transaction(async (tx) => {
      if (tx.dialect === 'postgres') await tx.run('SELECT pg_advisory_xact_lock(?)', [LOCK_KEY]);
      const done = await tx.get('SELECT version FROM schema_migrations WHERE version = ?', [
        migration.version,
      ]);
      if (done) return;
      await tx.exec(migrationSql(migration, tx.dialect));
      await tx.run('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)', [
        migration.version,
        migration.name,
        Date.now(),
      ]);
      applied.push(migration.version);
    });
  }
  const newest = await db.get<{ v: number | null }>('SELECT MAX(version) AS v FROM schema_migrations');
  const known = MIGRATIONS.at(-1)?.version ?? 0;
  if ((newest?.v ?? 0) > known) {
    throw new Error(
      `the database schema is version ${newest?.v}, newer than this Gatehouse knows (${known}); upgrade Gatehouse`,
    );
  }
  return { applied };
}
