import type { Db } from '../db.js';

export interface AccessKeyRow {
  id: string;
  /** Null: a platform admin's key. */
  team_id: string | null;
  name: string;
  description: string;
  /** The secret sealed under the master key (crypto/envelope.ts). */
  secret_enc: string;
  enabled: number;
  created_at: number;
  updated_at: number;
  last_used_at: number | null;
}

export async function insertAccessKey(db: Db, row: AccessKeyRow): Promise<void> {
  await db.run(
    `INSERT INTO access_keys (id, team_id, name, description, secret_enc, enabled, created_at, updated_at, last_used_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [
      row.id,
      row.team_id,
      row.name,
      row.description,
      row.secret_enc,
      row.enabled,
      row.created_at,
      row.updated_at,
      row.last_used_at,
    ],
  );
}

export function findAccessKey(db: Db, id: string): Promise<AccessKeyRow | undefined> {
  return db.get<AccessKeyRow>('SELECT * FROM access_keys WHERE id = ?', [id]);
}

export function listAccessKeys(db: Db): Promise<AccessKeyRow[]> {
  return db.all<AccessKeyRow>('SELECT * FROM access_keys ORDER BY created_at, id');
}

export async function updateAccessKey(
  db: Db,
  row: Pick<AccessKeyRow, 'id' | 'name' | 'description' | 'enabled' | 'updated_at'>,
): Promise<void> {
  await db.run('UPDATE access_keys SET name = ?, description = ?, enabled = ?, updated_at = ? WHERE id = ?', [
    row.name,
    row.description,
    row.enabled,
    row.updated_at,
    row.id,
  ]);
}

export async function deleteAccessKey(db: Db, id: string): Promise<boolean> {
  return (await db.run('DELETE FROM access_keys WHERE id = ?', [id])).changes > 0;
}

/** Only ever moves forward, so instances writing late never turn the clock back. */
export async function touchAccessKey(db: Db, id: string, at: number): Promise<void> {
  await db.run(
    'UPDATE access_keys SET last_used_at = ? WHERE id = ? AND (last_used_at IS NULL OR last_used_at < ?)',
    [at, id, at],
  );
}
