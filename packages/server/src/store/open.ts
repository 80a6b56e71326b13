import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Db } from './db.js';
import { migrate } from './migrations.js';
import { SqliteDb } from './sqlite.js';

export interface StoreLocation {
  /** PostgreSQL connection string; when absent, the embedded SQLite file in `dataDir` is used. */
  databaseUrl?: string | undefined;
  dataDir: string;
}

export const SQLITE_FILE = 'gatehouse.db';

/**
 * Which stores an opener accepts: `any` opens or creates (`serve`), `existing` refuses to make
 * one (every other command, so a mistyped `--data` cannot quietly start afresh), `new` refuses
 * to touch one that is there (`init`).
 */
export type StoreMode = 'any' | 'existing' | 'new';

export function describeStore(location: StoreLocation): string {
  if (location.databaseUrl) {
    const url = new URL(location.databaseUrl);
    return `PostgreSQL ${url.host}${url.pathname}`;
  }
  return `SQLite ${join(location.dataDir, SQLITE_FILE)}`;
}

/** The store is not where the command looked; `where` is describeStore's words, never a URL's secrets. */
export class StoreMissingError extends Error {
  override name = 'StoreMissingError';
  constructor(readonly where: string) {
    super(`no Gatehouse store at ${where}`);
  }
}

/** `init` found a store where it would have made one, and left it alone. */
export class StoreExistsError extends Error {
  override name = 'StoreExistsError';
  constructor(readonly where: string) {
    super(`a Gatehouse store already exists at ${where}`);
  }
}

/** Whether the schema table is there: a database without it has never been a Gatehouse store. */
async function hasSchema(db: Db): Promise<boolean> {
  const row =
    db.dialect === 'postgres'
      ? await db.get<{ t: string | null }>("SELECT to_regclass('schema_migrations')::text AS t")
      : await db.get<{ t: string | null }>(
          "SELECT name AS t FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'",
        );
  return typeof row?.t === 'string';
}

/**
 * Whether a Gatehouse store is at `location`, without creating anything: no SQLite file, data
 * directory or PostgreSQL table is made by asking. An unreachable PostgreSQL throws.
 */
export async function storeExists(location: StoreLocation): Promise<boolean> {
  if (!location.databaseUrl && !existsSync(join(location.dataDir, SQLITE_FILE))) return false;
  const db = await connect(location);
  try {
    return await hasSchema(db);
  } finally {
    await db.close().catch(() => undefined);
  }
}

/** Refuses, by `mode`, a store that is missing or one that is already there. */
export async function checkStoreMode(location: StoreLocation, mode: StoreMode): Promise<void> {
  if (mode === 'any') return;
  const exists = await storeExists(location);
  // The absolute path: a relative --data is exactly what a person may have mistyped.
  const where = describeStore({ ...location, dataDir: resolve(location.dataDir) });
  if (mode === 'existing' && !exists) throw new StoreMissingError(where);
  if (mode === 'new' && exists) throw new StoreExistsError(where);
}

async function connect(location: StoreLocation): Promise<Db> {
  // The PostgreSQL driver loads only when used: the embedded store and its CLI start faster.
  return location.databaseUrl
    ? (await import('./postgres.js')).openPostgres(location.databaseUrl)
    : new SqliteDb(join(location.dataDir, SQLITE_FILE));
}

/** Opens the store and brings its schema up to date. */
export async function openStore(location: StoreLocation): Promise<Db> {
  const db = await connect(location);
  try {
    await migrate(db);
  } catch (error) {
    await db.close().catch(() => undefined);
    throw error;
  }
  return db;
}
