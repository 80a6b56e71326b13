import type { Db } from '../db.js';

export interface AppClientRow {
  client_id: string;
  pool_id: string;
  name: string;
  /** The secret sealed under the master key (crypto/envelope.ts); null for a public client. */
  secret_enc: string | null;
  auth_method: string;
  /** JSON string arrays. */
  redirect_uris: string;
  logout_uris: string;
  scopes: string;
  /** JSON array of AppClientOAuthFlow. */
  oauth_flows: string;
  /** JSON AppClientSettings. */
  settings: string;
  created_at: number;
  updated_at: number;
}

export async function insertAppClient(db: Db, row: AppClientRow): Promise<void> {
  await db.run(
    `INSERT INTO pool_app_clients (client_id, pool_id, name, secret_enc, auth_method, redirect_uris, logout_uris, scopes, oauth_flows, settings, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [
      row.client_id,
      row.pool_id,
      row.name,
      row.secret_enc,
      row.auth_method,
      row.redirect_uris,
      row.logout_uris,
      row.scopes,
      row.oauth_flows,
      row.settings,
      row.created_at,
      row.updated_at,
    ],
  );
}

export function findAppClient(db: Db, clientId: string): Promise<AppClientRow | undefined> {
  return db.get<AppClientRow>('SELECT * FROM pool_app_clients WHERE client_id = ?', [clientId]);
}

export function listAppClients(db: Db, poolId: string): Promise<AppClientRow[]> {
  return db.all<AppClientRow>('SELECT * FROM pool_app_clients WHERE pool_id = ? ORDER BY name, client_id', [
    poolId,
  ]);
}

export async function updateAppClient(
  db: Db,
  row: Omit<AppClientRow, 'pool_id' | 'created_at'>,
): Promise<void> {
  await db.run(
    `UPDATE pool_app_clients SET name = ?, secret_enc = ?, auth_method = ?, redirect_uris = ?, logout_uris = ?,
       scopes = ?, oauth_flows = ?, settings = ?, updated_at = ? WHERE client_id = ?`,
    [
      row.name,
      row.secret_enc,
      row.auth_method,
      row.redirect_uris,
      row.logout_uris,
      row.scopes,
      row.oauth_flows,
      row.settings,
      row.updated_at,
      row.client_id,
    ],
  );
}

/** Its auth codes and refresh tokens go with it (foreign keys cascade). */
export async function deleteAppClient(db: Db, clientId: string): Promise<boolean> {
  return (await db.run('DELETE FROM pool_app_clients WHERE client_id = ?', [clientId])).changes > 0;
}
