import type { Db, SqlValue } from '../db.js';

export interface SessionRow {
  id_hash: string;
  user_id: string;
  csrf_token: string;
  created_at: number;
  last_seen_at: number;
  expires_at: number;
  ip: string | null;
  user_agent: string | null;
}

export async function insertSession(db: Db, s: SessionRow): Promise<void> {
  await db.run(
    'INSERT INTO sessions (id_hash, user_id, csrf_token, created_at, last_seen_at, expires_at, ip, user_agent) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    [s.id_hash, s.user_id, s.csrf_token, s.created_at, s.last_seen_at, s.expires_at, s.ip, s.user_agent],
  );
}

export function findSession(db: Db, idHash: string): Promise<SessionRow | undefined> {
  return db.get<SessionRow>('SELECT * FROM sessions WHERE id_hash = ?', [idHash]);
}

export async function touchSession(db: Db, idHash: string, now: number): Promise<void> {
  await db.run('UPDATE sessions SET last_seen_at = ? WHERE id_hash = ?', [now, idHash]);
}

export async function deleteSession(db: Db, idHash: string): Promise<void> {
  await db.run('DELETE FROM sessions WHERE id_hash = ?', [idHash]);
}

/** Sessions neither idle past `idleBefore` nor expired at `now`: who is signed in to the portal. */
export async function countActiveSessions(db: Db, idleBefore: number, now: number): Promise<number> {
  const row = await db.get<{ n: number | string }>(
    'SELECT COUNT(*) AS n FROM sessions WHERE last_seen_at >= ? AND expires_at > ?',
    [idleBefore, now],
  );
  // PostgreSQL answers COUNT(*) as a bigint, which the driver hands over as text.
  return Number(row?.n ?? 0);
}

export function sessionsOf(db: Db, userId: string): Promise<SessionRow[]> {
  return db.all<SessionRow>('SELECT * FROM sessions WHERE user_id = ? ORDER BY created_at DESC, id_hash', [
    userId,
  ]);
}

/**
 * Ends a person's sessions: every one, or the one whose hash starts with `prefix` (the id the
 * admin API shows), keeping `keep` (the hash of the session asking). Returns how many ended.
 */
export async function deleteSessionsOf(
  db: Db,
  userId: string,
  only: { prefix?: string; keep?: string } = {},
): Promise<number> {
  let sql = 'DELETE FROM sessions WHERE user_id = ?';
  const params: SqlValue[] = [userId];
  if (only.prefix !== undefined) {
    sql += ' AND substr(id_hash, 1, ?) = ?';
    params.push(only.prefix.length, only.prefix);
  }
  if (only.keep !== undefined) {
    sql += ' AND id_hash <> ?';
    params.push(only.keep);
  }
  return (await db.run(sql, params)).changes;
}

export async function purgeSessions(db: Db, idleBefore: number, now: number): Promise<void> {
  await db.run('DELETE FROM sessions WHERE last_seen_at < ? OR expires_at < ?', [idleBefore, now]);
}

export interface SsoLoginRow {
  state_hash: string;
  nonce: string;
  code_verifier: string;
  return_to: string;
  created_at: number;
}

export async function insertSsoLogin(db: Db, row: SsoLoginRow): Promise<void> {
  await db.run(
    'INSERT INTO sso_logins (state_hash, nonce, code_verifier, return_to, created_at) VALUES (?, ?, ?, ?, ?)',
    [row.state_hash, row.nonce, row.code_verifier, row.return_to, row.created_at],
  );
}

/** Reads and deletes in one go: a login's state can be used once. */
export async function takeSsoLogin(db: Db, stateHash: string): Promise<SsoLoginRow | undefined> {
  return db.transaction(async (tx) => {
    const row = await tx.get<SsoLoginRow>('SELECT * FROM sso_logins WHERE state_hash = ?', [stateHash]);
    if (row) await tx.run('DELETE FROM sso_logins WHERE state_hash = ?', [stateHash]);
    return row;
  });
}

export async function purgeSsoLogins(db: Db, before: number): Promise<void> {
  await db.run('DELETE FROM sso_logins WHERE created_at < ?', [before]);
}
