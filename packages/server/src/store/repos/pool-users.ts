import type { Db } from '../db.js';

export interface PoolUserRow {
  sub: string;
  pool_id: string;
  username: string;
  /** Lower-cased: usernames are unique in a pool without case. */
  username_key: string;
  email: string | null;
  email_key: string | null;
  email_verified: number;
  status: string;
  enabled: number;
  password_hash: string | null;
  /** JSON object of standard claims and custom:* attributes, all strings. */
  attributes: string;
  created_at: number;
  updated_at: number;
  password_changed_at: number | null;
  /**
   * The SRP salt and verifier of the current password, sealed (srp-verifiers.ts); null when the
   * password was set before SRP was, or there is none. Optional for rows built in code.
   */
  srp_verifier?: string | null;
}

export async function insertPoolUser(db: Db, row: PoolUserRow): Promise<void> {
  await db.run(
    `INSERT INTO pool_users (sub, pool_id, username, username_key, email, email_key, email_verified, status, enabled,
       password_hash, attributes, created_at, updated_at, password_changed_at, srp_verifier)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [
      row.sub,
      row.pool_id,
      row.username,
      row.username_key,
      row.email,
      row.email_key,
      row.email_verified,
      row.status,
      row.enabled,
      row.password_hash,
      row.attributes,
      row.created_at,
      row.updated_at,
      row.password_changed_at,
      row.srp_verifier ?? null,
    ],
  );
}

export function findPoolUser(db: Db, poolId: string, sub: string): Promise<PoolUserRow | undefined> {
  return db.get<PoolUserRow>('SELECT * FROM pool_users WHERE pool_id = ? AND sub = ?', [poolId, sub]);
}

export function findPoolUserByUsername(
  db: Db,
  poolId: string,
  usernameKey: string,
): Promise<PoolUserRow | undefined> {
  return db.get<PoolUserRow>('SELECT * FROM pool_users WHERE pool_id = ? AND username_key = ?', [
    poolId,
    usernameKey,
  ]);
}

/** Users with this email; more than one only in pools where people sign in with a username. */
export function findPoolUsersByEmail(db: Db, poolId: string, emailKey: string): Promise<PoolUserRow[]> {
  return db.all<PoolUserRow>(
    'SELECT * FROM pool_users WHERE pool_id = ? AND email_key = ? ORDER BY created_at, sub',
    [poolId, emailKey],
  );
}

/** `%`, `_` and `\` in a search are themselves, not patterns. */
const likePrefix = (prefix: string): string => `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** A page of the pool's users, by username; `prefix` (lower-cased) matches usernames or emails. */
export function listPoolUsers(
  db: Db,
  poolId: string,
  options: { prefix?: string | undefined; limit: number },
): Promise<PoolUserRow[]> {
  if (options.prefix === undefined || options.prefix === '') {
    return db.all<PoolUserRow>('SELECT * FROM pool_users WHERE pool_id = ? ORDER BY username_key LIMIT ?', [
      poolId,
      options.limit,
    ]);
  }
  const pattern = likePrefix(options.prefix);
  return db.all<PoolUserRow>(
    `SELECT * FROM pool_users WHERE pool_id = ?
       AND (username_key LIKE ? ESCAPE '\\' OR email_key LIKE ? ESCAPE '\\')
     ORDER BY username_key LIMIT ?`,
    [poolId, pattern, pattern, options.limit],
  );
}

export async function setPoolUserStatus(db: Db, sub: string, status: string, now: number): Promise<void> {
  await db.run('UPDATE pool_users SET status = ?, updated_at = ? WHERE sub = ?', [status, now, sub]);
}

/** Only an UNCONFIRMED user is confirmed; false when the user was not (any more) unconfirmed. */
export async function confirmPoolUser(
  db: Db,
  sub: string,
  now: number,
  emailVerified: boolean,
): Promise<boolean> {
  const { changes } = await db.run(
    `UPDATE pool_users SET status = 'CONFIRMED', updated_at = ?,
       email_verified = CASE WHEN ? = 1 AND email IS NOT NULL THEN 1 ELSE email_verified END
     WHERE sub = ? AND status = 'UNCONFIRMED'`,
    [now, emailVerified ? 1 : 0, sub],
  );
  return changes > 0;
}

export async function setPoolUserEnabled(db: Db, sub: string, enabled: boolean, now: number): Promise<void> {
  await db.run('UPDATE pool_users SET enabled = ?, updated_at = ? WHERE sub = ?', [
    enabled ? 1 : 0,
    now,
    sub,
  ]);
}

/**
 * A new password. The SRP verifier is always replaced with it (cleared when none is given), so
 * no path that changes a password can leave the old password's verifier behind.
 */
export async function setPoolUserPassword(
  db: Db,
  sub: string,
  change: { hash: string; status: string; now: number; srpVerifier?: string | null | undefined },
): Promise<void> {
  await db.run(
    `UPDATE pool_users SET password_hash = ?, srp_verifier = ?, status = ?, password_changed_at = ?, updated_at = ?
     WHERE sub = ?`,
    [change.hash, change.srpVerifier ?? null, change.status, change.now, change.now, sub],
  );
}

export async function updatePoolUserProfile(
  db: Db,
  row: Pick<PoolUserRow, 'sub' | 'email' | 'email_key' | 'email_verified' | 'attributes' | 'updated_at'>,
): Promise<void> {
  await db.run(
    'UPDATE pool_users SET email = ?, email_key = ?, email_verified = ?, attributes = ?, updated_at = ? WHERE sub = ?',
    [row.email, row.email_key, row.email_verified, row.attributes, row.updated_at, row.sub],
  );
}

/** Codes, memberships, sessions and grants go with the user (foreign keys cascade). */
export async function deletePoolUser(db: Db, poolId: string, sub: string): Promise<boolean> {
  return (await db.run('DELETE FROM pool_users WHERE pool_id = ? AND sub = ?', [poolId, sub])).changes > 0;
}
