import type { Db, SqlValue } from '../db.js';

export interface AuditRow {
  seq: number;
  at: number;
  actor_type: string;
  actor_id: string | null;
  actor_name: string;
  action: string;
  target_type: string;
  target_id: string;
  target_name: string | null;
  team_id: string | null;
  before_json: string | null;
  after_json: string | null;
  ip: string | null;
  user_agent: string | null;
}

export type NewAuditRow = Omit<AuditRow, 'seq'>;

export async function insertAuditEvent(db: Db, row: NewAuditRow): Promise<void> {
  await db.run(
    `INSERT INTO audit_events (at, actor_type, actor_id, actor_name, action, target_type, target_id, target_name, team_id, before_json, after_json, ip, user_agent)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [
      row.at,
      row.actor_type,
      row.actor_id,
      row.actor_name,
      row.action,
      row.target_type,
      row.target_id,
      row.target_name,
      row.team_id,
      row.before_json,
      row.after_json,
      row.ip,
      row.user_agent,
    ],
  );
}

export interface AuditQuery {
  actor?: string | undefined;
  action?: string | undefined;
  targetType?: string | undefined;
  targetId?: string | undefined;
  teamIds?: readonly string[] | undefined;
  /** Only events about something a team owns. */
  teamOwned?: boolean | undefined;
  since?: number | undefined;
  until?: number | undefined;
  /** Newest first; events older than this sequence number. */
  before?: number | undefined;
  limit: number;
}

export function queryAuditEvents(db: Db, q: AuditQuery): Promise<AuditRow[]> {
  const where: string[] = [];
  const params: SqlValue[] = [];
  if (q.actor) {
    where.push('(actor_id = ? OR actor_name = ?)');
    params.push(q.actor, q.actor);
  }
  if (q.action) {
    // "client" matches every client.* action; "client.create" matches itself.
    where.push("(action = ? OR action LIKE ? ESCAPE '!')");
    params.push(q.action, `${q.action.replace(/[!%_]/g, '!$&')}.%`);
  }
  if (q.targetType) {
    where.push('target_type = ?');
    params.push(q.targetType);
  }
  if (q.targetId) {
    where.push('target_id = ?');
    params.push(q.targetId);
  }
  if (q.teamIds) {
    if (q.teamIds.length === 0) return Promise.resolve([]);
    where.push(`team_id IN (${q.teamIds.map(() => '?').join(', ')})`);
    params.push(...q.teamIds);
  }
  if (q.teamOwned) where.push('team_id IS NOT NULL');
  if (q.since !== undefined) {
    where.push('at >= ?');
    params.push(q.since);
  }
  if (q.until !== undefined) {
    where.push('at < ?');
    params.push(q.until);
  }
  if (q.before !== undefined) {
    where.push('seq < ?');
    params.push(q.before);
  }
  params.push(q.limit);
  return db.all<AuditRow>(
    `SELECT * FROM audit_events ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY seq DESC LIMIT ?`,
    params,
  );
}
