import type { Db } from '../db.js';
import { putSetting } from './settings.js';

/*
 * Changes to portal accounts that guard access: passwords, the disabled flag, deletion. Each
 * is one statement; the rule that one enabled admin always remains is held by `lockAccounts`.
 */

/**
 * Serialises transactions that could remove the last enabled admin. Writing one settings row
 * takes its row lock on PostgreSQL (SQLite runs one writer at a time anyway), so two admins
 * disabling each other at once cannot both see "another admin remains".
 */
export async function lockAccounts(tx: Db, now: number): Promise<void> {
  await putSetting(tx, 'account_guard', String(now));
}

export async function countEnabledAdmins(db: Db): Promise<number> {
  const row = await db.get<{ n: number }>(
    'SELECT COUNT(*) AS n FROM users WHERE is_admin = 1 AND disabled_at IS NULL',
  );
  return Number(row?.n ?? 0);
}

/** A new password also clears the lockout: the admin who set it vouches for the person. */
export async function setPasswordHash(db: Db, id: string, hash: string, now: number): Promise<boolean> {
  const result = await db.run(
    'UPDATE users SET password_hash = ?, failed_attempts = 0, locked_until = NULL, updated_at = ? WHERE id = ?',
    [hash, now, id],
  );
  return result.changes > 0;
}

export async function setDisabledAt(
  db: Db,
  id: string,
  disabledAt: number | null,
  now: number,
): Promise<void> {
  await db.run('UPDATE users SET disabled_at = ?, updated_at = ? WHERE id = ?', [disabledAt, now, id]);
}

/** Removes the account with its sessions and memberships; audit rows carry their own copy of who it was. */
export async function deleteUserRow(db: Db, id: string): Promise<void> {
  await db.run('DELETE FROM sessions WHERE user_id = ?', [id]);
  await db.run('DELETE FROM team_members WHERE user_id = ?', [id]);
  await db.run('DELETE FROM users WHERE id = ?', [id]);
}
