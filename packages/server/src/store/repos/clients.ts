import type { Db } from '../db.js';
import { recordChange } from './changes.js';
import type { ClientRow, PermissionRow, SecretRow } from './rows.js';

export async function insertClient(db: Db, row: ClientRow): Promise<void> {
  await db.run(
    `INSERT INTO clients (client_id, name, description, auth_method, token_ttl, enabled, jwks, jwks_uri, grant_types, team_id, created_at, updated_at, last_used_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [
      row.client_id,
      row.name,
      row.description,
      row.auth_method,
      row.token_ttl,
      row.enabled,
      row.jwks,
      row.jwks_uri,
      row.grant_types,
      row.team_id,
      row.created_at,
      row.updated_at,
      row.last_used_at,
    ],
  );
}

export function findClient(db: Db, clientId: string): Promise<ClientRow | undefined> {
  return db.get<ClientRow>('SELECT * FROM clients WHERE client_id = ?', [clientId]);
}

export function listClients(db: Db): Promise<ClientRow[]> {
  return db.all<ClientRow>('SELECT * FROM clients ORDER BY created_at, client_id');
}

export async function setClientEnabled(
  db: Db,
  clientId: string,
  enabled: boolean,
  now: number,
): Promise<boolean> {
  const { changes } = await db.run('UPDATE clients SET enabled = ?, updated_at = ? WHERE client_id = ?', [
    enabled ? 1 : 0,
    now,
    clientId,
  ]);
  return changes > 0;
}

export async function updateClient(
  db: Db,
  clientId: string,
  fields: Pick<
    ClientRow,
    'name' | 'description' | 'token_ttl' | 'jwks' | 'jwks_uri' | 'grant_types' | 'updated_at'
  >,
): Promise<void> {
  await db.run(
    'UPDATE clients SET name = ?, description = ?, token_ttl = ?, jwks = ?, jwks_uri = ?, grant_types = ?, updated_at = ? WHERE client_id = ?',
    [
      fields.name,
      fields.description,
      fields.token_ttl,
      fields.jwks,
      fields.jwks_uri,
      fields.grant_types,
      fields.updated_at,
      clientId,
    ],
  );
}

export async function deleteClient(db: Db, clientId: string): Promise<boolean> {
  return (await db.run('DELETE FROM clients WHERE client_id = ?', [clientId])).changes > 0;
}

/** Records when clients last got a token; written in batches, never on the token path. */
export async function touchClients(db: Db, lastUsed: ReadonlyMap<string, number>): Promise<void> {
  // One transaction per chunk: one commit (one fsync) instead of one per client, and sorted ids
  // so two instances flushing at once take row locks in the same order.
  const entries = [...lastUsed].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  for (let i = 0; i < entries.length; i += TOUCH_CHUNK) {
    await db.transaction(async (tx) => {
      for (const [clientId, at] of entries.slice(i, i + TOUCH_CHUNK)) {
        await tx.run(
          'UPDATE clients SET last_used_at = ? WHERE client_id = ? AND (last_used_at IS NULL OR last_used_at < ?)',
          [at, clientId, at],
        );
      }
    });
  }
}

/** Like touchClients, for the secrets that authenticated: secret id → when it last did. */
export async function touchSecrets(db: Db, lastUsed: ReadonlyMap<string, number>): Promise<void> {
  const entries = [...lastUsed].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  for (let i = 0; i < entries.length; i += TOUCH_CHUNK) {
    await db.transaction(async (tx) => {
      for (const [secretId, at] of entries.slice(i, i + TOUCH_CHUNK)) {
        await tx.run(
          'UPDATE client_secrets SET last_used_at = ? WHERE id = ? AND (last_used_at IS NULL OR last_used_at < ?)',
          [at, secretId, at],
        );
      }
    });
  }
}

/** Between chunks the event loop serves requests: a flush of many clients never stalls tokens for long. */
const TOUCH_CHUNK = 500;

export async function insertPermission(
  db: Db,
  clientId: string,
  resourceServerId: string,
  scope: string,
  now: number,
  expiresAt: number | null = null,
): Promise<void> {
  // A permission given again replaces the old one's expiry: the newest decision wins.
  await db.run(
    `INSERT INTO client_permissions (client_id, resource_server_id, scope, created_at, expires_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (client_id, resource_server_id, scope) DO UPDATE SET expires_at = excluded.expires_at, created_at = excluded.created_at`,
    [clientId, resourceServerId, scope, now, expiresAt],
  );
}

export async function deletePermission(
  db: Db,
  clientId: string,
  resourceServerId: string,
  scope: string,
): Promise<boolean> {
  const { changes } = await db.run(
    'DELETE FROM client_permissions WHERE client_id = ? AND resource_server_id = ? AND scope = ?',
    [clientId, resourceServerId, scope],
  );
  return changes > 0;
}

const PERMISSIONS = `SELECT g.client_id, g.resource_server_id, r.identifier, g.scope, g.expires_at
  FROM client_permissions g JOIN resource_servers r ON r.id = g.resource_server_id`;

export function listPermissions(db: Db, clientId: string): Promise<PermissionRow[]> {
  return db.all<PermissionRow>(`${PERMISSIONS} WHERE g.client_id = ? ORDER BY r.identifier, g.scope`, [
    clientId,
  ]);
}

export async function insertSecret(db: Db, row: SecretRow): Promise<void> {
  await db.run(
    'INSERT INTO client_secrets (id, client_id, hash, hint, created_at, expires_at, revoked_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
    [row.id, row.client_id, row.hash, row.hint, row.created_at, row.expires_at, row.revoked_at],
  );
}

export function listSecrets(db: Db, clientId: string): Promise<SecretRow[]> {
  return db.all<SecretRow>('SELECT * FROM client_secrets WHERE client_id = ? ORDER BY created_at, id', [
    clientId,
  ]);
}

export async function revokeSecret(
  db: Db,
  clientId: string,
  secretId: string,
  now: number,
): Promise<boolean> {
  const { changes } = await db.run(
    'UPDATE client_secrets SET revoked_at = ? WHERE client_id = ? AND id = ? AND revoked_at IS NULL',
    [now, clientId, secretId],
  );
  return changes > 0;
}

/** Remembers a deleted client so that verifiers keep refusing its still-unexpired tokens. */
export async function insertDeletedClient(db: Db, clientId: string, now: number): Promise<void> {
  await db.run('INSERT INTO deleted_clients (client_id, deleted_at) VALUES (?, ?)', [clientId, now]);
}

/** Clients whose tokens must be refused: disabled ones, and ones deleted since `deletedSince`. */
export async function listBlockedClientIds(db: Db, deletedSince: number): Promise<string[]> {
  const rows = await db.all<{ client_id: string }>(
    `SELECT client_id FROM clients WHERE enabled = 0
     UNION SELECT client_id FROM deleted_clients WHERE deleted_at >= ?`,
    [deletedSince],
  );
  return rows.map((r) => r.client_id);
}

/** Whether one client's tokens must be refused (disabled, or deleted since `deletedSince`). */
export async function isClientBlocked(db: Db, clientId: string, deletedSince: number): Promise<boolean> {
  const row = await db.get<{ n: number }>(
    `SELECT COUNT(*) AS n FROM (
       SELECT client_id FROM clients WHERE client_id = ? AND enabled = 0
       UNION ALL SELECT client_id FROM deleted_clients WHERE client_id = ? AND deleted_at >= ?
     ) AS blocked`,
    [clientId, clientId, deletedSince],
  );
  return Number(row?.n ?? 0) > 0;
}

/**
 * Forgets clients deleted before `before`, whose tokens have all expired. Each one forgotten is
 * a change, so verifiers that were told it is blocked hear that it no longer is.
 */
export async function purgeDeletedClients(db: Db, before: number, now: number): Promise<void> {
  await db.transaction(async (tx) => {
    const rows = await tx.all<{ client_id: string }>(
      'DELETE FROM deleted_clients WHERE deleted_at < ? RETURNING client_id',
      [before],
    );
    for (const row of rows) await recordChange(tx, 'client', row.client_id, now);
  });
}
