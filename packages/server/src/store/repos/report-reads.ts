import type { Db } from '../db.js';
import type { SecretRow } from './rows.js';

/** A permission as reports need it: when it was given, across every client at once. */
export interface HeldPermissionRow {
  client_id: string;
  resource_server_id: string;
  identifier: string;
  scope: string;
  created_at: number;
  expires_at: number | null;
}

/** Every permission that has not run out; one read for the whole report. */
export function listHeldPermissions(db: Db, now: number): Promise<HeldPermissionRow[]> {
  return db.all<HeldPermissionRow>(
    `SELECT g.client_id, g.resource_server_id, r.identifier, g.scope, g.created_at, g.expires_at
     FROM client_permissions g JOIN resource_servers r ON r.id = g.resource_server_id
     WHERE g.expires_at IS NULL OR g.expires_at > ?
     ORDER BY g.client_id, r.identifier, g.scope`,
    [now],
  );
}

/** Every secret that still authenticates: not revoked, not expired. Oldest first per client. */
export function listActiveSecrets(db: Db, now: number): Promise<SecretRow[]> {
  return db.all<SecretRow>(
    `SELECT * FROM client_secrets WHERE revoked_at IS NULL AND (expires_at IS NULL OR expires_at > ?)
     ORDER BY client_id, created_at, id`,
    [now],
  );
}

/** A scope a client holds through a role, and since when: the later of the role's assignment and the scope's addition. */
export interface HeldRoleScopeRow {
  client_id: string;
  role_id: string;
  role_name: string;
  resource_server_id: string;
  identifier: string;
  scope: string;
  assigned_at: number;
  added_at: number;
}

/** Every scope every client holds through a role; one read for the whole report. */
export function listHeldRoleScopes(db: Db): Promise<HeldRoleScopeRow[]> {
  return db.all<HeldRoleScopeRow>(
    `SELECT h.client_id, h.role_id, o.name AS role_name, s.resource_server_id, r.identifier, s.scope,
            h.created_at AS assigned_at, s.created_at AS added_at
       FROM client_roles h
       JOIN roles o ON o.id = h.role_id
       JOIN role_scopes s ON s.role_id = h.role_id
       JOIN resource_servers r ON r.id = s.resource_server_id
      ORDER BY h.client_id, r.identifier, s.scope, o.name`,
  );
}
