import { join } from 'node:path';
import type { Db } from './db.js';
import { migrate } from './migrations.js';
import { SqliteDb } from './sqlite.js';

export interface StoreLocation {
  /** PostgreSQL connection string; when absent, the embedded SQLite file in `dataDir` is used. */
  databaseUrl?: string | undefined;
  dataDir: string;
}

export const SQLITE_FILE = 'gatehouse.db';

export function describeStore(location: StoreLocation): string {
  if (location.databaseUrl) {
    const url = new URL(location.databaseUrl);
    return `PostgreSQL ${url.host}${url.pathname}`;
  }
  return `SQLite ${join(location.dataDir, SQLITE_FILE)}`;
}

/** Opens the store and brings its schema up to date. */
export async function openStore(location: StoreLocation): Promise<Db> {
  // The PostgreSQL driver loads only when used: the embedded store and its CLI start faster.
  const db = location.databaseUrl
    ? (await import('./postgres.js')).openPostgres(location.databaseUrl)
    : new SqliteDb(join(location.dataDir, SQLITE_FILE));
  try {
    await migrate(db);
  } catch (error) {
    await db.close().catch(() => undefined);
    throw error;
  }
  return db;
}
