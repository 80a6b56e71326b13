import type { Db } from '../db.js';

/**
 * One sign-in's refresh tokens: what they share, and the revocation that ends them all. Reuse
 * of any rotated-away member revokes the family (RFC 9700 §4.14.2).
 */
export interface PoolRefreshFamilyRow {
  family_id: string;
  pool_id: string;
  client_id: string;
  sub: string;
  scope: string;
  auth_time: number;
  session_id_hash: string | null;
  created_at: number;
  family_expires_at: number;
  revoked_at: number | null;
}

/** One token of a family: only its SHA-256 is stored. */
export interface PoolRefreshTokenEntry {
  family_id: string;
  token_hash: string;
  created_at: number;
  idle_expires_at: number;
  used_at: number | null;
}

/** A token as the grant reads it: its own columns over its family's (created_at is the token's). */
export type PoolRefreshTokenRow = PoolRefreshFamilyRow & PoolRefreshTokenEntry;

/** Where a presented token is stored: its family when the token names it, and its hash. */
export interface RefreshTokenRef {
  /** Undefined for a token issued before families were named in tokens. */
  familyId: string | undefined;
  tokenHash: string;
}

/** The token's columns over its family's, as PoolRefreshTokenRow names them. */
export const REFRESH_TOKEN_COLUMNS = `f.family_id, f.pool_id, f.client_id, f.sub, f.scope, f.auth_time,
  f.session_id_hash, f.family_expires_at, f.revoked_at, t.token_hash, t.created_at, t.idle_expires_at, t.used_at`;

const BY_FAMILY = `pool_refresh_family_tokens t JOIN pool_refresh_families f ON f.family_id = t.family_id
  WHERE t.family_id = ? AND t.token_hash = ?`;
const BY_HASH_ALONE = `pool_refresh_legacy_tokens l
  JOIN pool_refresh_family_tokens t ON t.family_id = l.family_id AND t.token_hash = l.token_hash
  JOIN pool_refresh_families f ON f.family_id = t.family_id
  WHERE l.token_hash = ?`;

/**
 * The FROM and WHERE that find a token by reference (the same text each time, so the prepared
 * statement is found at once). A token without a family is looked up in the legacy table, the
 * only place its family is written.
 */
export function refreshTokenSource(ref: RefreshTokenRef): { sql: string; params: string[] } {
  return ref.familyId !== undefined
    ? { sql: BY_FAMILY, params: [ref.familyId, ref.tokenHash] }
    : { sql: BY_HASH_ALONE, params: [ref.tokenHash] };
}

/** Every form refreshTokenSource gives, for statements built once from it. */
export const REFRESH_TOKEN_SOURCES = [BY_FAMILY, BY_HASH_ALONE] as const;

export async function insertPoolRefreshFamily(
  db: Db,
  family: PoolRefreshFamilyRow,
  first: PoolRefreshTokenEntry,
): Promise<void> {
  await db.run(
    `INSERT INTO pool_refresh_families (family_id, pool_id, client_id, sub, scope, auth_time, session_id_hash,
       created_at, family_expires_at, revoked_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [
      family.family_id,
      family.pool_id,
      family.client_id,
      family.sub,
      family.scope,
      family.auth_time,
      family.session_id_hash,
      family.created_at,
      family.family_expires_at,
      family.revoked_at,
    ],
  );
  await insertPoolRefreshToken(db, first);
}

/** A family's next token (rotation). */
export async function insertPoolRefreshToken(db: Db, t: PoolRefreshTokenEntry): Promise<void> {
  await db.run(
    `INSERT INTO pool_refresh_family_tokens (family_id, token_hash, created_at, idle_expires_at, used_at)
     VALUES (?, ?, ?, ?, ?)`,
    [t.family_id, t.token_hash, t.created_at, t.idle_expires_at, t.used_at],
  );
}

export function findPoolRefreshToken(db: Db, ref: RefreshTokenRef): Promise<PoolRefreshTokenRow | undefined> {
  const source = refreshTokenSource(ref);
  return db.get<PoolRefreshTokenRow>(`SELECT ${REFRESH_TOKEN_COLUMNS} FROM ${source.sql}`, source.params);
}

/** The family is neither revoked nor past its end: checked in the same statement as each write. */
const FAMILY_LIVE = `EXISTS (SELECT 1 FROM pool_refresh_families f
  WHERE f.family_id = pool_refresh_family_tokens.family_id AND f.revoked_at IS NULL AND f.family_expires_at > ?)`;

/**
 * Spends a token for rotation in one conditional statement: true for exactly one caller. A
 * false answer for a token that exists means it was used or revoked: the caller revokes its family.
 */
export async function consumePoolRefreshToken(
  db: Db,
  familyId: string,
  tokenHash: string,
  now: number,
): Promise<boolean> {
  const { changes } = await db.run(
    `UPDATE pool_refresh_family_tokens SET used_at = ?
     WHERE family_id = ? AND token_hash = ? AND used_at IS NULL AND idle_expires_at > ? AND ${FAMILY_LIVE}`,
    [now, familyId, tokenHash, now, now],
  );
  return changes > 0;
}

/**
 * With rotation off the same token stays in use: each use moves its idle end, while it is
 * still live. False when it was revoked or expired meanwhile.
 */
export async function touchPoolRefreshToken(
  db: Db,
  familyId: string,
  tokenHash: string,
  idleExpiresAt: number,
  now: number,
): Promise<boolean> {
  const { changes } = await db.run(
    `UPDATE pool_refresh_family_tokens SET idle_expires_at = ?
     WHERE family_id = ? AND token_hash = ? AND used_at IS NULL AND idle_expires_at > ? AND ${FAMILY_LIVE}`,
    [idleExpiresAt, familyId, tokenHash, now, now],
  );
  return changes > 0;
}

/** Revokes the family, and with it every token of it; 1 when it was live, else 0. */
export async function revokePoolRefreshFamily(db: Db, familyId: string, now: number): Promise<number> {
  const { changes } = await db.run(
    'UPDATE pool_refresh_families SET revoked_at = ? WHERE family_id = ? AND revoked_at IS NULL',
    [now, familyId],
  );
  return changes;
}

/** True while the family is unrevoked and has not reached its end. */
export async function isPoolRefreshFamilyLive(
  db: Db,
  poolId: string,
  familyId: string,
  now: number,
): Promise<boolean> {
  const row = await db.get<{ one: number }>(
    `SELECT 1 AS one FROM pool_refresh_families
     WHERE family_id = ? AND pool_id = ? AND revoked_at IS NULL AND family_expires_at > ?`,
    [familyId, poolId, now],
  );
  return row !== undefined;
}

/**
 * Global sign-out: every refresh family of the user in the pool (one per sign-in, each with its
 * one usable token); returns how many were still live.
 */
export async function revokePoolRefreshTokensOf(
  db: Db,
  poolId: string,
  sub: string,
  now: number,
): Promise<number> {
  const { changes } = await db.run(
    `UPDATE pool_refresh_families SET revoked_at = ?
     WHERE sub = ? AND pool_id = ? AND revoked_at IS NULL AND family_expires_at > ?`,
    [now, sub, poolId, now],
  );
  return changes;
}

/**
 * Whole families past their absolute end, with their tokens; until then a used member is kept to
 * recognise its reuse.
 */
export async function purgePoolRefreshTokens(db: Db, now: number): Promise<void> {
  await db.run('DELETE FROM pool_refresh_families WHERE family_expires_at <= ?', [now]);
}
