import type { Db } from '../db.js';
import type { TeamRow } from './people.js';

export async function updateTeam(
  db: Db,
  t: Pick<TeamRow, 'id' | 'name' | 'description' | 'updated_at'>,
): Promise<void> {
  await db.run('UPDATE teams SET name = ?, description = ?, updated_at = ? WHERE id = ?', [
    t.name,
    t.description,
    t.updated_at,
    t.id,
  ]);
}

/** Memberships and invitations go with the team (ON DELETE CASCADE); audit events stay. */
export async function deleteTeam(db: Db, id: string): Promise<void> {
  await db.run('DELETE FROM teams WHERE id = ?', [id]);
}

/**
 * Holds the team row until the transaction ends. On PostgreSQL a concurrent insert of an API or
 * client for the team waits on this lock and then fails its foreign key, instead of landing
 * after the emptiness check and being orphaned by ON DELETE SET NULL. SQLite's single writer
 * gives the same order.
 */
export async function lockTeam(db: Db, id: string): Promise<void> {
  if (db.dialect === 'postgres') await db.run('SELECT id FROM teams WHERE id = ? FOR UPDATE', [id]);
}

/** What a team still owns, by kind: the names people know them by. */
export interface TeamHoldings {
  resourceServers: string[];
  clients: string[];
  userPools: string[];
  accessKeys: string[];
}

export async function teamHoldings(db: Db, teamId: string): Promise<TeamHoldings> {
  const names = async (sql: string) => (await db.all<{ n: string }>(sql, [teamId])).map((row) => row.n);
  // One after another: inside a transaction the connection runs one statement at a time anyway.
  return {
    resourceServers: await names(
      'SELECT identifier AS n FROM resource_servers WHERE team_id = ? ORDER BY identifier',
    ),
    clients: await names('SELECT client_id AS n FROM clients WHERE team_id = ? ORDER BY client_id'),
    userPools: await names('SELECT id AS n FROM user_pools WHERE team_id = ? ORDER BY id'),
    accessKeys: await names('SELECT id AS n FROM access_keys WHERE team_id = ? ORDER BY id'),
  };
}
