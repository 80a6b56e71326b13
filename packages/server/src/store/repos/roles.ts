import type { Db } from '../db.js';
import type { ClientRow, RolePermissionRow, RoleRow, RoleScopeRow } from './rows.js';

/**
 * Roles, their scopes and their holders. Every function takes the caller's `Db`, so one
 * transaction can write a whole configuration; none records a change or an audit entry, which
 * the services do (services/roles.ts).
 */

export async function insertRole(db: Db, row: RoleRow): Promise<void> {
  await db.run(
    'INSERT INTO roles (id, team_id, name, description, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)',
    [row.id, row.team_id, row.name, row.description, row.created_at, row.updated_at],
  );
}

/** Name and description; the owning team stays. */
export async function updateRole(
  db: Db,
  id: string,
  change: { name: string; description: string },
  now: number,
): Promise<boolean> {
  const { changes } = await db.run(
    'UPDATE roles SET name = ?, description = ?, updated_at = ? WHERE id = ?',
    [change.name, change.description, now, id],
  );
  return changes > 0;
}

/** Its scopes and its holders go with it (ON DELETE CASCADE). */
export async function deleteRole(db: Db, id: string): Promise<boolean> {
  const { changes } = await db.run('DELETE FROM roles WHERE id = ?', [id]);
  return changes > 0;
}

export function findRole(db: Db, id: string): Promise<RoleRow | undefined> {
  return db.get<RoleRow>('SELECT * FROM roles WHERE id = ?', [id]);
}

/** `teamId` null: the platform's roles, which no team owns. */
export function findRoleByName(db: Db, teamId: string | null, name: string): Promise<RoleRow | undefined> {
  return teamId === null
    ? db.get<RoleRow>('SELECT * FROM roles WHERE team_id IS NULL AND name = ?', [name])
    : db.get<RoleRow>('SELECT * FROM roles WHERE team_id = ? AND name = ?', [teamId, name]);
}

/** Every role with this name, whatever its team: a name given without a team resolves when it is unique. */
export function findRolesByName(db: Db, name: string): Promise<RoleRow[]> {
  return db.all<RoleRow>('SELECT * FROM roles WHERE name = ? ORDER BY id', [name]);
}

/** All roles, or one team's (`teamId` null: the platform's own). */
export function listRoles(db: Db, teamId?: string | null): Promise<RoleRow[]> {
  if (teamId === undefined) return db.all<RoleRow>('SELECT * FROM roles ORDER BY name, id');
  return teamId === null
    ? db.all<RoleRow>('SELECT * FROM roles WHERE team_id IS NULL ORDER BY name, id')
    : db.all<RoleRow>('SELECT * FROM roles WHERE team_id = ? ORDER BY name, id', [teamId]);
}

const ROLE_SCOPES = `SELECT s.role_id, s.resource_server_id, r.identifier, s.scope
  FROM role_scopes s JOIN resource_servers r ON r.id = s.resource_server_id`;

/** One role's scopes, or every role's when `roleId` is omitted. */
export function listRoleScopes(db: Db, roleId?: string): Promise<RoleScopeRow[]> {
  return roleId === undefined
    ? db.all<RoleScopeRow>(`${ROLE_SCOPES} ORDER BY s.role_id, r.identifier, s.scope`)
    : db.all<RoleScopeRow>(`${ROLE_SCOPES} WHERE s.role_id = ? ORDER BY r.identifier, s.scope`, [roleId]);
}

export interface RoleScopeRef {
  resourceServerId: string;
  scope: string;
}

export async function addRoleScope(db: Db, roleId: string, ref: RoleScopeRef, now: number): Promise<boolean> {
  const { changes } = await db.run(
    `INSERT INTO role_scopes (role_id, resource_server_id, scope, created_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (role_id, resource_server_id, scope) DO NOTHING`,
    [roleId, ref.resourceServerId, ref.scope, now],
  );
  return changes > 0;
}

export async function removeRoleScope(db: Db, roleId: string, ref: RoleScopeRef): Promise<boolean> {
  const { changes } = await db.run(
    'DELETE FROM role_scopes WHERE role_id = ? AND resource_server_id = ? AND scope = ?',
    [roleId, ref.resourceServerId, ref.scope],
  );
  return changes > 0;
}

/** Makes the role's scopes exactly `scopes`: what is missing is added, what is not listed removed. */
export async function setRoleScopes(
  db: Db,
  roleId: string,
  scopes: readonly RoleScopeRef[],
  now: number,
): Promise<void> {
  const wanted = new Set(scopes.map((s) => `${s.resourceServerId} ${s.scope}`));
  for (const s of await listRoleScopes(db, roleId)) {
    if (!wanted.has(`${s.resource_server_id} ${s.scope}`)) {
      await removeRoleScope(db, roleId, { resourceServerId: s.resource_server_id, scope: s.scope });
    }
  }
  for (const s of scopes) await addRoleScope(db, roleId, s, now);
}

export async function addClientRole(db: Db, clientId: string, roleId: string, now: number): Promise<boolean> {
  const { changes } = await db.run(
    `INSERT INTO client_roles (client_id, role_id, created_at) VALUES (?, ?, ?)
     ON CONFLICT (client_id, role_id) DO NOTHING`,
    [clientId, roleId, now],
  );
  return changes > 0;
}

export async function removeClientRole(db: Db, clientId: string, roleId: string): Promise<boolean> {
  const { changes } = await db.run('DELETE FROM client_roles WHERE client_id = ? AND role_id = ?', [
    clientId,
    roleId,
  ]);
  return changes > 0;
}

/** The roles a client holds, by name. */
export function listClientRoles(db: Db, clientId: string): Promise<RoleRow[]> {
  return db.all<RoleRow>(
    `SELECT r.* FROM roles r JOIN client_roles c ON c.role_id = r.id WHERE c.client_id = ? ORDER BY r.name, r.id`,
    [clientId],
  );
}

/** The clients holding a role, by name. */
export function listRoleHolders(db: Db, roleId: string): Promise<ClientRow[]> {
  return db.all<ClientRow>(
    `SELECT c.* FROM clients c JOIN client_roles h ON h.client_id = c.client_id WHERE h.role_id = ?
     ORDER BY c.name, c.client_id`,
    [roleId],
  );
}

/** Every scope a client holds through its roles, one row per role and scope. */
export function listRolePermissions(db: Db, clientId: string): Promise<RolePermissionRow[]> {
  return db.all<RolePermissionRow>(
    `SELECT h.client_id, s.role_id, o.name AS role_name, s.resource_server_id, r.identifier, s.scope
       FROM client_roles h
       JOIN roles o ON o.id = h.role_id
       JOIN role_scopes s ON s.role_id = h.role_id
       JOIN resource_servers r ON r.id = s.resource_server_id
      WHERE h.client_id = ?
      ORDER BY r.identifier, s.scope, o.name`,
    [clientId],
  );
}

/**
 * Whether one of the team's clients holds the scope, unexpired, through an access request the
 * API's owners approved: the team has been allowed it, so its roles may bundle it.
 */
export async function teamHoldsApproved(
  db: Db,
  teamId: string,
  ref: RoleScopeRef,
  now: number,
): Promise<boolean> {
  const row = await db.get<{ n: number }>(
    `SELECT 1 AS n FROM access_requests a
       JOIN clients c ON c.client_id = a.client_id
       JOIN client_permissions p ON p.client_id = a.client_id
        AND p.resource_server_id = a.resource_server_id AND p.scope = a.scope
      WHERE c.team_id = ? AND a.resource_server_id = ? AND a.scope = ? AND a.status = 'approved'
        AND (p.expires_at IS NULL OR p.expires_at > ?)
      LIMIT 1`,
    [teamId, ref.resourceServerId, ref.scope, now],
  );
  return row !== undefined;
}

/** Marks the role changed, when its scopes changed. */
export async function touchRole(db: Db, id: string, now: number): Promise<void> {
  await db.run('UPDATE roles SET updated_at = ? WHERE id = ?', [now, id]);
}
