import type { Db } from '../db.js';

export interface PoolSessionRow {
  /** SHA-256 of the cookie's value: the store never holds a value that could be replayed. */
  id_hash: string;
  pool_id: string;
  sub: string;
  auth_time: number;
  created_at: number;
  last_seen_at: number;
  /** The absolute end; the idle end is last_seen_at plus the pool's idle lifetime. */
  expires_at: number;
  ip: string | null;
  user_agent: string | null;
}

export async function insertPoolSession(db: Db, s: PoolSessionRow): Promise<void> {
  await db.run(
    `INSERT INTO pool_sessions (id_hash, pool_id, sub, auth_time, created_at, last_seen_at, expires_at, ip, user_agent)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [
      s.id_hash,
      s.pool_id,
      s.sub,
      s.auth_time,
      s.created_at,
      s.last_seen_at,
      s.expires_at,
      s.ip,
      s.user_agent,
    ],
  );
}

export function findPoolSession(db: Db, idHash: string): Promise<PoolSessionRow | undefined> {
  return db.get<PoolSessionRow>('SELECT * FROM pool_sessions WHERE id_hash = ?', [idHash]);
}

export async function touchPoolSession(db: Db, idHash: string, now: number): Promise<void> {
  await db.run('UPDATE pool_sessions SET last_seen_at = ? WHERE id_hash = ? AND last_seen_at < ?', [
    now,
    idHash,
    now,
  ]);
}

export async function deletePoolSession(db: Db, idHash: string): Promise<boolean> {
  return (await db.run('DELETE FROM pool_sessions WHERE id_hash = ?', [idHash])).changes > 0;
}

export function listPoolSessionsOf(db: Db, poolId: string, sub: string): Promise<PoolSessionRow[]> {
  return db.all<PoolSessionRow>(
    'SELECT * FROM pool_sessions WHERE pool_id = ? AND sub = ? ORDER BY created_at DESC, id_hash',
    [poolId, sub],
  );
}

/** Ends every session of the user: global sign-out, a new password, a disabled user. */
export async function deletePoolSessionsOf(db: Db, poolId: string, sub: string): Promise<number> {
  return (await db.run('DELETE FROM pool_sessions WHERE pool_id = ? AND sub = ?', [poolId, sub])).changes;
}

/** Past their absolute end; a session idle past its pool's limit is refused when read, and goes then. */
export async function purgePoolSessions(db: Db, now: number): Promise<void> {
  await db.run('DELETE FROM pool_sessions WHERE expires_at <= ?', [now]);
}
