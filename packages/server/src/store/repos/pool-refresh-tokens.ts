import type { Db } from '../db.js';

export interface PoolRefreshTokenRow {
  /** SHA-256 of the token. */
  token_hash: string;
  /** Every token rotated from one sign-in shares it; reuse of any old member revokes them all. */
  family_id: string;
  pool_id: string;
  client_id: string;
  sub: string;
  scope: string;
  auth_time: number;
  session_id_hash: string | null;
  created_at: number;
  family_expires_at: number;
  idle_expires_at: number;
  used_at: number | null;
  revoked_at: number | null;
}

export async function insertPoolRefreshToken(db: Db, t: PoolRefreshTokenRow): Promise<void> {
  await db.run(
    `INSERT INTO pool_refresh_tokens (token_hash, family_id, pool_id, client_id, sub, scope, auth_time, session_id_hash,
       created_at, family_expires_at, idle_expires_at, used_at, revoked_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [
      t.token_hash,
      t.family_id,
      t.pool_id,
      t.client_id,
      t.sub,
      t.scope,
      t.auth_time,
      t.session_id_hash,
      t.created_at,
      t.family_expires_at,
      t.idle_expires_at,
      t.used_at,
      t.revoked_at,
    ],
  );
}

export function findPoolRefreshToken(db: Db, tokenHash: string): Promise<PoolRefreshTokenRow | undefined> {
  return db.get<PoolRefreshTokenRow>('SELECT * FROM pool_refresh_tokens WHERE token_hash = ?', [tokenHash]);
}

/**
 * Spends a token for rotation in one conditional statement: true for exactly one caller. A
 * false answer for a token that exists means it was used or revoked: the caller revokes its family.
 */
export async function consumePoolRefreshToken(db: Db, tokenHash: string, now: number): Promise<boolean> {
  const { changes } = await db.run(
    `UPDATE pool_refresh_tokens SET used_at = ?
     WHERE token_hash = ? AND used_at IS NULL AND revoked_at IS NULL AND family_expires_at > ? AND idle_expires_at > ?`,
    [now, tokenHash, now, now],
  );
  return changes > 0;
}

/**
 * With rotation off the same token stays in use: each use moves its idle end, while it is
 * still live. False when it was revoked or expired meanwhile.
 */
export async function touchPoolRefreshToken(
  db: Db,
  tokenHash: string,
  idleExpiresAt: number,
  now: number,
): Promise<boolean> {
  const { changes } = await db.run(
    `UPDATE pool_refresh_tokens SET idle_expires_at = ?
     WHERE token_hash = ? AND used_at IS NULL AND revoked_at IS NULL AND family_expires_at > ? AND idle_expires_at > ?`,
    [idleExpiresAt, tokenHash, now, now],
  );
  return changes > 0;
}

/** Revokes every token of the family not yet revoked; returns how many. */
export async function revokePoolRefreshFamily(db: Db, familyId: string, now: number): Promise<number> {
  const { changes } = await db.run(
    'UPDATE pool_refresh_tokens SET revoked_at = ? WHERE family_id = ? AND revoked_at IS NULL',
    [now, familyId],
  );
  return changes;
}

/** True while some token of the family is unrevoked and the family has not reached its end. */
export async function isPoolRefreshFamilyLive(
  db: Db,
  poolId: string,
  familyId: string,
  now: number,
): Promise<boolean> {
  const row = await db.get<{ one: number }>(
    `SELECT 1 AS one FROM pool_refresh_tokens
     WHERE family_id = ? AND pool_id = ? AND revoked_at IS NULL AND family_expires_at > ? LIMIT 1`,
    [familyId, poolId, now],
  );
  return row !== undefined;
}

/** Global sign-out: every refresh token of the user in the pool; returns how many. */
export async function revokePoolRefreshTokensOf(
  db: Db,
  poolId: string,
  sub: string,
  now: number,
): Promise<number> {
  const { changes } = await db.run(
    'UPDATE pool_refresh_tokens SET revoked_at = ? WHERE pool_id = ? AND sub = ? AND revoked_at IS NULL',
    [now, poolId, sub],
  );
  return changes;
}

/** Whole families past their absolute end; until then a used member is kept to recognise its reuse. */
export async function purgePoolRefreshTokens(db: Db, now: number): Promise<void> {
  await db.run('DELETE FROM pool_refresh_tokens WHERE family_expires_at <= ?', [now]);
}
