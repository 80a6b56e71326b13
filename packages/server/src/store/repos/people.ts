import type { Db } from '../db.js';

export interface UserRow {
  id: string;
  email: string;
  name: string;
  password_hash: string | null;
  is_admin: number;
  source: 'local' | 'sso';
  sso_subject: string | null;
  failed_attempts: number;
  locked_until: number | null;
  created_at: number;
  updated_at: number;
  last_sign_in_at: number | null;
  /** Set while the account may not sign in; its sessions were ended when it was set. */
  disabled_at: number | null;
}

export interface TeamRow {
  id: string;
  slug: string;
  name: string;
  description: string;
  created_at: number;
  updated_at: number;
}

export interface MembershipRow {
  team_id: string;
  user_id: string;
  role: 'owner' | 'member';
  created_at: number;
}

export async function insertUser(db: Db, u: UserRow): Promise<void> {
  await db.run(
    `INSERT INTO users (id, email, name, password_hash, is_admin, source, sso_subject, failed_attempts, locked_until, created_at, updated_at, last_sign_in_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [
      u.id,
      u.email,
      u.name,
      u.password_hash,
      u.is_admin,
      u.source,
      u.sso_subject,
      u.failed_attempts,
      u.locked_until,
      u.created_at,
      u.updated_at,
      u.last_sign_in_at,
    ],
  );
}

export function findUserById(db: Db, id: string): Promise<UserRow | undefined> {
  return db.get<UserRow>('SELECT * FROM users WHERE id = ?', [id]);
}

export function findUserByEmail(db: Db, email: string): Promise<UserRow | undefined> {
  return db.get<UserRow>('SELECT * FROM users WHERE email = ?', [email.toLowerCase()]);
}

export function findUserBySubject(db: Db, subject: string): Promise<UserRow | undefined> {
  return db.get<UserRow>('SELECT * FROM users WHERE sso_subject = ?', [subject]);
}

export function listUsers(db: Db): Promise<UserRow[]> {
  return db.all<UserRow>('SELECT * FROM users ORDER BY email');
}

export async function countUsers(db: Db): Promise<number> {
  return Number((await db.get<{ n: number }>('SELECT COUNT(*) AS n FROM users'))?.n ?? 0);
}

export async function recordSignIn(db: Db, id: string, now: number): Promise<void> {
  await db.run(
    'UPDATE users SET failed_attempts = 0, locked_until = NULL, last_sign_in_at = ?, updated_at = ? WHERE id = ?',
    [now, now, id],
  );
}

export async function updateSsoUser(
  db: Db,
  id: string,
  fields: { email: string; name: string; isAdmin: boolean; subject: string },
  now: number,
): Promise<void> {
  await db.run(
    'UPDATE users SET email = ?, name = ?, is_admin = ?, sso_subject = ?, source = ?, updated_at = ? WHERE id = ?',
    [fields.email, fields.name, fields.isAdmin ? 1 : 0, fields.subject, 'sso', now, id],
  );
}

export async function insertTeam(db: Db, t: TeamRow): Promise<void> {
  await db.run(
    'INSERT INTO teams (id, slug, name, description, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)',
    [t.id, t.slug, t.name, t.description, t.created_at, t.updated_at],
  );
}

export function findTeam(db: Db, idOrSlug: string): Promise<TeamRow | undefined> {
  return db.get<TeamRow>('SELECT * FROM teams WHERE id = ? OR slug = ?', [idOrSlug, idOrSlug]);
}

export function listTeams(db: Db): Promise<TeamRow[]> {
  return db.all<TeamRow>('SELECT * FROM teams ORDER BY name');
}

export function membershipsOf(db: Db, userId: string): Promise<MembershipRow[]> {
  return db.all<MembershipRow>('SELECT * FROM team_members WHERE user_id = ?', [userId]);
}

export function membersOf(
  db: Db,
  teamId: string,
): Promise<(UserRow & { role: MembershipRow['role']; since: number })[]> {
  return db.all<UserRow & { role: MembershipRow['role']; since: number }>(
    `SELECT u.*, m.role, m.created_at AS since FROM team_members m JOIN users u ON u.id = m.user_id
     WHERE m.team_id = ? ORDER BY u.name`,
    [teamId],
  );
}

export async function upsertMembership(db: Db, m: MembershipRow): Promise<void> {
  await db.run(
    `INSERT INTO team_members (team_id, user_id, role, created_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (team_id, user_id) DO UPDATE SET role = excluded.role`,
    [m.team_id, m.user_id, m.role, m.created_at],
  );
}

export async function deleteMembership(db: Db, teamId: string, userId: string): Promise<boolean> {
  return (
    (await db.run('DELETE FROM team_members WHERE team_id = ? AND user_id = ?', [teamId, userId])).changes > 0
  );
}

export function memberByEmail(db: Db, teamId: string, email: string): Promise<MembershipRow | undefined> {
  return db.get<MembershipRow>(
    'SELECT m.* FROM team_members m JOIN users u ON u.id = m.user_id WHERE m.team_id = ? AND u.email = ?',
    [teamId, email.toLowerCase()],
  );
}

/** Which of `userIds` belong to at least one of `teamIds`. */
export async function usersInTeams(
  db: Db,
  userIds: readonly string[],
  teamIds: readonly string[],
): Promise<Set<string>> {
  if (userIds.length === 0 || teamIds.length === 0) return new Set();
  const rows = await db.all<{ user_id: string }>(
    `SELECT DISTINCT user_id FROM team_members WHERE user_id IN (${userIds.map(() => '?').join(', ')})
     AND team_id IN (${teamIds.map(() => '?').join(', ')})`,
    [...userIds, ...teamIds],
  );
  return new Set(rows.map((r) => r.user_id));
}

/** Display names by user id, for answers that may name people but not show their emails. */
export async function userNames(db: Db, userIds: readonly string[]): Promise<Map<string, string>> {
  if (userIds.length === 0) return new Map();
  const rows = await db.all<{ id: string; name: string }>(
    `SELECT id, name FROM users WHERE id IN (${userIds.map(() => '?').join(', ')})`,
    [...userIds],
  );
  return new Map(rows.map((r) => [r.id, r.name]));
}
