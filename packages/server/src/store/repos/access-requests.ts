import type { Db } from '../db.js';

export interface AccessRequestRow {
  id: string;
  client_id: string;
  resource_server_id: string;
  scope: string;
  reason: string;
  permission_ttl: number | null;
  status: 'pending' | 'approved' | 'denied' | 'cancelled' | 'expired';
  requested_by: string | null;
  requested_by_name: string;
  decided_by: string | null;
  decided_by_name: string | null;
  comment: string | null;
  permission_expires_at: number | null;
  created_at: number;
  decided_at: number | null;
}

/** A request joined with what the inbox and outbox show about both sides. */
export interface AccessRequestDetailRow extends AccessRequestRow {
  client_name: string;
  client_team_id: string | null;
  client_team_name: string | null;
  rs_identifier: string;
  rs_name: string;
  rs_team_id: string | null;
  rs_team_name: string | null;
  requester_email: string | null;
  decider_email: string | null;
  requester_name: string | null;
  decider_name: string | null;
}

export async function insertAccessRequest(db: Db, r: AccessRequestRow): Promise<void> {
  await db.run(
    `INSERT INTO access_requests (id, client_id, resource_server_id, scope, reason, permission_ttl, status, requested_by, requested_by_name, decided_by, decided_by_name, comment, permission_expires_at, created_at, decided_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [
      r.id,
      r.client_id,
      r.resource_server_id,
      r.scope,
      r.reason,
      r.permission_ttl,
      r.status,
      r.requested_by,
      r.requested_by_name,
      r.decided_by,
      r.decided_by_name,
      r.comment,
      r.permission_expires_at,
      r.created_at,
      r.decided_at,
    ],
  );
}

const DETAIL = `SELECT a.*, c.name AS client_name, c.team_id AS client_team_id, ct.name AS client_team_name,
    r.identifier AS rs_identifier, r.name AS rs_name, r.team_id AS rs_team_id, rt.name AS rs_team_name,
    ru.email AS requester_email, du.email AS decider_email, ru.name AS requester_name, du.name AS decider_name
  FROM access_requests a
  JOIN clients c ON c.client_id = a.client_id
  JOIN resource_servers r ON r.id = a.resource_server_id
  LEFT JOIN teams ct ON ct.id = c.team_id
  LEFT JOIN teams rt ON rt.id = r.team_id
  LEFT JOIN users ru ON ru.id = a.requested_by
  LEFT JOIN users du ON du.id = a.decided_by`;

export function findAccessRequest(db: Db, id: string): Promise<AccessRequestDetailRow | undefined> {
  return db.get<AccessRequestDetailRow>(`${DETAIL} WHERE a.id = ?`, [id]);
}

export function listAccessRequests(db: Db): Promise<AccessRequestDetailRow[]> {
  return db.all<AccessRequestDetailRow>(`${DETAIL} ORDER BY a.created_at DESC, a.id`);
}

export function findPendingRequest(
  db: Db,
  clientId: string,
  resourceServerId: string,
  scope: string,
): Promise<AccessRequestRow | undefined> {
  return db.get<AccessRequestRow>(
    `SELECT * FROM access_requests WHERE client_id = ? AND resource_server_id = ? AND scope = ? AND status = 'pending'`,
    [clientId, resourceServerId, scope],
  );
}

export async function decideAccessRequest(
  db: Db,
  id: string,
  fields: {
    status: AccessRequestRow['status'];
    decidedBy: string | null;
    decidedByName: string;
    comment: string | null;
    permissionExpiresAt: number | null;
    at: number;
  },
): Promise<boolean> {
  const { changes } = await db.run(
    `UPDATE access_requests SET status = ?, decided_by = ?, decided_by_name = ?, comment = ?, permission_expires_at = ?, decided_at = ?
     WHERE id = ? AND status = 'pending'`,
    [
      fields.status,
      fields.decidedBy,
      fields.decidedByName,
      fields.comment,
      fields.permissionExpiresAt,
      fields.at,
      id,
    ],
  );
  return changes > 0;
}

export interface ExpiredPermissionRow {
  client_id: string;
  resource_server_id: string;
  scope: string;
  identifier: string;
  team_id: string | null;
  client_name: string;
}

export function listExpiredPermissions(db: Db, now: number): Promise<ExpiredPermissionRow[]> {
  return db.all<ExpiredPermissionRow>(
    `SELECT g.client_id, g.resource_server_id, g.scope, r.identifier, c.team_id, c.name AS client_name
     FROM client_permissions g JOIN resource_servers r ON r.id = g.resource_server_id JOIN clients c ON c.client_id = g.client_id
     WHERE g.expires_at IS NOT NULL AND g.expires_at <= ?`,
    [now],
  );
}

/** Approved requests whose permission has run out read as expired, so both sides see why the scope went. */
export async function markPermissionExpired(db: Db, g: ExpiredPermissionRow, now: number): Promise<void> {
  await db.run(
    `UPDATE access_requests SET status = 'expired' WHERE client_id = ? AND resource_server_id = ? AND scope = ?
     AND status = 'approved' AND permission_expires_at IS NOT NULL AND permission_expires_at <= ?`,
    [g.client_id, g.resource_server_id, g.scope, now],
  );
}
