import type { Db } from '../db.js';

export interface PoolGroupRow {
  pool_id: string;
  name: string;
  description: string;
  precedence: number | null;
  created_at: number;
}

export async function insertPoolGroup(db: Db, row: PoolGroupRow): Promise<void> {
  await db.run(
    'INSERT INTO pool_groups (pool_id, name, description, precedence, created_at) VALUES (?, ?, ?, ?, ?)',
    [row.pool_id, row.name, row.description, row.precedence, row.created_at],
  );
}

export function findPoolGroup(db: Db, poolId: string, name: string): Promise<PoolGroupRow | undefined> {
  return db.get<PoolGroupRow>('SELECT * FROM pool_groups WHERE pool_id = ? AND name = ?', [poolId, name]);
}

export function listPoolGroups(db: Db, poolId: string): Promise<PoolGroupRow[]> {
  return db.all<PoolGroupRow>('SELECT * FROM pool_groups WHERE pool_id = ? ORDER BY name', [poolId]);
}

/** Its memberships go with it (foreign keys cascade). */
export async function deletePoolGroup(db: Db, poolId: string, name: string): Promise<boolean> {
  return (await db.run('DELETE FROM pool_groups WHERE pool_id = ? AND name = ?', [poolId, name])).changes > 0;
}

/** False when the user was in the group already. */
export async function addPoolGroupMember(
  db: Db,
  poolId: string,
  group: string,
  sub: string,
): Promise<boolean> {
  const { changes } = await db.run(
    'INSERT INTO pool_group_members (pool_id, group_name, sub) VALUES (?, ?, ?) ON CONFLICT DO NOTHING',
    [poolId, group, sub],
  );
  return changes > 0;
}

export async function removePoolGroupMember(
  db: Db,
  poolId: string,
  group: string,
  sub: string,
): Promise<boolean> {
  const { changes } = await db.run(
    'DELETE FROM pool_group_members WHERE pool_id = ? AND group_name = ? AND sub = ?',
    [poolId, group, sub],
  );
  return changes > 0;
}

/** A user's groups, by precedence (lowest first, Cognito's order), then name. */
export async function groupsOfUser(db: Db, sub: string): Promise<string[]> {
  const rows = await db.all<{ name: string }>(
    `SELECT g.name FROM pool_group_members m
       JOIN pool_groups g ON g.pool_id = m.pool_id AND g.name = m.group_name
     WHERE m.sub = ?
     ORDER BY CASE WHEN g.precedence IS NULL THEN 1 ELSE 0 END, g.precedence, g.name`,
    [sub],
  );
  return rows.map((r) => r.name);
}

/** The groups of each of `subs` (at most a page of users), in the same order as groupsOfUser. */
export async function groupsOfUsers(db: Db, subs: readonly string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>(subs.map((sub) => [sub, []]));
  if (subs.length === 0) return out;
  const rows = await db.all<{ sub: string; name: string }>(
    `SELECT m.sub, g.name FROM pool_group_members m
       JOIN pool_groups g ON g.pool_id = m.pool_id AND g.name = m.group_name
     WHERE m.sub IN (${subs.map(() => '?').join(', ')})
     ORDER BY CASE WHEN g.precedence IS NULL THEN 1 ELSE 0 END, g.precedence, g.name`,
    subs,
  );
  for (const row of rows) out.get(row.sub)?.push(row.name);
  return out;
}

export async function membersOfPoolGroup(db: Db, poolId: string, group: string): Promise<string[]> {
  const rows = await db.all<{ sub: string }>(
    'SELECT sub FROM pool_group_members WHERE pool_id = ? AND group_name = ? ORDER BY sub',
    [poolId, group],
  );
  return rows.map((r) => r.sub);
}
