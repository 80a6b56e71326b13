import type { Db } from '../db.js';
import type { ChangeKind, ChangeRow } from './rows.js';

/**
 * Every write that the token path caches records a change in the same transaction; every
 * instance polls the log and drops what changed. On PostgreSQL the table lock makes sequence
 * numbers commit in order, so a poller that has seen N can never later find an N-1 appear.
 */
export async function recordChange(db: Db, kind: ChangeKind, entityId: string, now: number): Promise<void> {
  if (db.dialect === 'postgres') await db.exec('LOCK TABLE changes IN EXCLUSIVE MODE');
  await db.run('INSERT INTO changes (kind, entity_id, at) VALUES (?, ?, ?)', [kind, entityId, now]);
}

export function changesSince(db: Db, seq: number, limit = 1000): Promise<ChangeRow[]> {
  return db.all<ChangeRow>('SELECT * FROM changes WHERE seq > ? ORDER BY seq LIMIT ?', [seq, limit]);
}

export async function latestChange(db: Db): Promise<number> {
  const row = await db.get<{ seq: number | null }>('SELECT MAX(seq) AS seq FROM changes');
  return Number(row?.seq ?? 0);
}

export async function purgeChanges(db: Db, before: number): Promise<void> {
  await db.run('DELETE FROM changes WHERE at < ?', [before]);
}
