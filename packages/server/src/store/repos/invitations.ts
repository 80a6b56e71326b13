import type { Db, SqlValue } from '../db.js';

export type InvitationStatus = 'pending' | 'accepted' | 'declined' | 'revoked' | 'expired';

export interface InvitationRow {
  id: string;
  team_id: string;
  /** Normalised (trimmed, lower case), the form account emails are stored in. */
  email: string;
  role: 'owner' | 'member';
  status: InvitationStatus;
  /** A user id or client id; null for the operator's CLI. */
  invited_by: string | null;
  /** A person's display name (never their email), or a client's name. */
  invited_by_name: string;
  decided_by: string | null;
  created_at: number;
  expires_at: number;
  decided_at: number | null;
}

export type InvitationWithTeam = InvitationRow & { team_slug: string; team_name: string };

export async function insertInvitation(db: Db, r: InvitationRow): Promise<void> {
  await db.run(
    `INSERT INTO team_invitations (id, team_id, email, role, status, invited_by, invited_by_name, decided_by, created_at, expires_at, decided_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [
      r.id,
      r.team_id,
      r.email,
      r.role,
      r.status,
      r.invited_by,
      r.invited_by_name,
      r.decided_by,
      r.created_at,
      r.expires_at,
      r.decided_at,
    ],
  );
}

export function findPendingInvitation(
  db: Db,
  teamId: string,
  email: string,
): Promise<InvitationRow | undefined> {
  return db.get<InvitationRow>(
    "SELECT * FROM team_invitations WHERE team_id = ? AND email = ? AND status = 'pending'",
    [teamId, email],
  );
}

export function findInvitation(db: Db, id: string): Promise<InvitationWithTeam | undefined> {
  return db.get<InvitationWithTeam>(
    `SELECT i.*, t.slug AS team_slug, t.name AS team_name FROM team_invitations i JOIN teams t ON t.id = i.team_id
     WHERE i.id = ?`,
    [id],
  );
}

/** A re-invitation starts the clock again, with the new role and the new inviter. */
export async function refreshInvitation(
  db: Db,
  id: string,
  fields: Pick<InvitationRow, 'role' | 'invited_by' | 'invited_by_name' | 'created_at' | 'expires_at'>,
): Promise<boolean> {
  const result = await db.run(
    `UPDATE team_invitations SET role = ?, invited_by = ?, invited_by_name = ?, created_at = ?, expires_at = ?
     WHERE id = ? AND status = 'pending'`,
    [fields.role, fields.invited_by, fields.invited_by_name, fields.created_at, fields.expires_at, id],
  );
  return result.changes === 1;
}

export function pendingInvitationsOfTeam(db: Db, teamId: string, now: number): Promise<InvitationRow[]> {
  return db.all<InvitationRow>(
    `SELECT * FROM team_invitations WHERE team_id = ? AND status = 'pending' AND expires_at > ?
     ORDER BY created_at DESC, id`,
    [teamId, now],
  );
}

export function pendingInvitationsFor(db: Db, email: string, now: number): Promise<InvitationWithTeam[]> {
  return db.all<InvitationWithTeam>(
    `SELECT i.*, t.slug AS team_slug, t.name AS team_name FROM team_invitations i JOIN teams t ON t.id = i.team_id
     WHERE i.email = ? AND i.status = 'pending' AND i.expires_at > ? ORDER BY i.created_at DESC, i.id`,
    [email, now],
  );
}

/**
 * Ends a pending invitation in one conditional statement, so two tabs (or two instances)
 * cannot both accept it: exactly one caller sees true. `email` pins the invitee; `liveAt`
 * refuses an invitation whose time is up even before housekeeping marks it; `overdueAt`
 * keeps housekeeping from expiring one that was just refreshed.
 */
export async function closeInvitation(
  db: Db,
  id: string,
  status: Exclude<InvitationStatus, 'pending'>,
  by: string | null,
  now: number,
  where: { email?: string; teamId?: string; liveAt?: number; overdueAt?: number } = {},
): Promise<boolean> {
  const conditions = ['id = ?', "status = 'pending'"];
  const params: SqlValue[] = [status, by, now, id];
  const add = (sql: string, value: SqlValue | undefined) => {
    if (value === undefined) return;
    conditions.push(sql);
    params.push(value);
  };
  add('email = ?', where.email);
  add('team_id = ?', where.teamId);
  add('expires_at > ?', where.liveAt);
  add('expires_at <= ?', where.overdueAt);
  const sql = `UPDATE team_invitations SET status = ?, decided_by = ?, decided_at = ? WHERE ${conditions.join(' AND ')}`;
  return (await db.run(sql, params)).changes === 1;
}

export function listOverdueInvitations(db: Db, now: number): Promise<InvitationWithTeam[]> {
  return db.all<InvitationWithTeam>(
    `SELECT i.*, t.slug AS team_slug, t.name AS team_name FROM team_invitations i JOIN teams t ON t.id = i.team_id
     WHERE i.status = 'pending' AND i.expires_at <= ? ORDER BY i.expires_at LIMIT 500`,
    [now],
  );
}
