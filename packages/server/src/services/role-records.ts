import type { Role, RoleRef } from '@gatehouse/schemas';
import type { Db } from '../store/db.js';
import {
  findRole,
  findRoleByName,
  findRolesByName,
  listRoleHolders,
  listRoleScopes,
} from '../store/repos/roles.js';
import type { RoleRow } from '../store/repos/rows.js';
import type { Actor } from './actor.js';
import { isMember } from './authz.js';
import { NotFoundError } from './errors.js';
import { AmbiguousRoleError } from './role-rules.js';
import { requireTeam } from './teams.js';
import { iso } from './views.js';

/** A role as the audit log names it. */
export const roleTarget = (row: RoleRow) => ({
  type: 'role',
  id: row.id,
  name: row.name,
  teamId: row.team_id,
});

export const roleRef = (row: RoleRow): RoleRef => ({ id: row.id, name: row.name, teamId: row.team_id });

/** The role as the API answers it, read through `db` so that a transaction sees its own writes. */
export async function readRole(db: Db, row: RoleRow): Promise<Role> {
  // One after the other: inside a transaction, PostgreSQL takes one query at a time.
  const scopes = await listRoleScopes(db, row.id);
  const holders = await listRoleHolders(db, row.id);
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    teamId: row.team_id,
    scopes: scopes.map((s) => `${s.identifier}/${s.scope}`).sort(),
    holders: holders.map((c) => ({ clientId: c.client_id, name: c.name })),
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}

/**
 * A role by id (`role_…`) or by name: within `team` (id or slug) when given, else the one
 * role of that name the actor can see. Roles of other teams are reported as missing.
 */
export async function findRoleFor(db: Db, ref: string, actor: Actor, team?: string | null): Promise<RoleRow> {
  const missing = () => new NotFoundError(`no role "${ref}"${team ? ` in team "${team}"` : ''}`);
  if (ref.startsWith('role_')) {
    const row = await findRole(db, ref);
    if (!row || !isMember(actor, row.team_id)) throw missing();
    return row;
  }
  if (team !== undefined) {
    const teamId = team === null ? null : (await requireTeam(db, team)).id;
    const row = await findRoleByName(db, teamId, ref);
    if (!row || !isMember(actor, row.team_id)) throw missing();
    return row;
  }
  const rows = (await findRolesByName(db, ref)).filter((r) => isMember(actor, r.team_id));
  const [only] = rows;
  if (!only) throw missing();
  if (rows.length > 1)
    throw new AmbiguousRoleError(
      ref,
      rows.map((r) => r.team_id),
    );
  return only;
}
