import type { Db } from '../db.js';

export interface UserPoolRow {
  id: string;
  team_id: string | null;
  name: string;
  /** JSON PoolSettings. */
  settings: string;
  created_at: number;
  updated_at: number;
}

export async function insertUserPool(db: Db, row: UserPoolRow): Promise<void> {
  await db.run(
    'INSERT INTO user_pools (id, team_id, name, settings, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)',
    [row.id, row.team_id, row.name, row.settings, row.created_at, row.updated_at],
  );
}

export function findUserPool(db: Db, id: string): Promise<UserPoolRow | undefined> {
  return db.get<UserPoolRow>('SELECT * FROM user_pools WHERE id = ?', [id]);
}

export function listUserPools(db: Db): Promise<UserPoolRow[]> {
  return db.all<UserPoolRow>('SELECT * FROM user_pools ORDER BY name, id');
}

export async function updateUserPool(
  db: Db,
  id: string,
  change: Pick<UserPoolRow, 'name' | 'settings' | 'updated_at'>,
): Promise<void> {
  await db.run('UPDATE user_pools SET name = ?, settings = ?, updated_at = ? WHERE id = ?', [
    change.name,
    change.settings,
    change.updated_at,
    id,
  ]);
}

/** Its clients, users, groups and everything they hold go with it (foreign keys cascade). */
export async function deleteUserPool(db: Db, id: string): Promise<boolean> {
  return (await db.run('DELETE FROM user_pools WHERE id = ?', [id])).changes > 0;
}

/**
 * Takes the pool's row lock until the transaction ends (a no-op write: PostgreSQL locks the
 * row, SQLite's transactions hold the write lock already), so checks that span rows, such
 * as an email being unique in the pool, cannot race. False when the pool is gone.
 */
export async function lockUserPool(db: Db, id: string): Promise<boolean> {
  return (await db.run('UPDATE user_pools SET updated_at = updated_at WHERE id = ?', [id])).changes > 0;
}
