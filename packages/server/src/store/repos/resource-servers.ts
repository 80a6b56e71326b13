import type { Db } from '../db.js';
import type { ResourceServerRow, ScopeRow } from './rows.js';

export async function insertResourceServer(
  db: Db,
  row: ResourceServerRow,
  scopes: ScopeRow[],
): Promise<void> {
  await db.run(
    `INSERT INTO resource_servers (id, identifier, name, description, token_ttl, signing_alg, token_profile, built_in, team_id, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [
      row.id,
      row.identifier,
      row.name,
      row.description,
      row.token_ttl,
      row.signing_alg,
      row.token_profile,
      row.built_in,
      row.team_id,
      row.created_at,
      row.updated_at,
    ],
  );
  for (const scope of scopes) await insertScope(db, scope);
}

/** The settings a resource server may change; its identifier and owner stay. */
export async function updateResourceServer(db: Db, row: ResourceServerRow): Promise<void> {
  await db.run(
    `UPDATE resource_servers SET name = ?, description = ?, token_ttl = ?, signing_alg = ?, token_profile = ?,
       team_id = ?, updated_at = ? WHERE id = ?`,
    [
      row.name,
      row.description,
      row.token_ttl,
      row.signing_alg,
      row.token_profile,
      row.team_id,
      row.updated_at,
      row.id,
    ],
  );
}

export async function insertScope(db: Db, scope: ScopeRow): Promise<void> {
  await db.run('INSERT INTO scopes (resource_server_id, name, description) VALUES (?, ?, ?)', [
    scope.resource_server_id,
    scope.name,
    scope.description,
  ]);
}

/** Several instances may start at once and add the same built-in scope; one wins, none fails. */
export async function insertScopeIfMissing(db: Db, scope: ScopeRow): Promise<void> {
  await db.run(
    'INSERT INTO scopes (resource_server_id, name, description) VALUES (?, ?, ?) ON CONFLICT DO NOTHING',
    [scope.resource_server_id, scope.name, scope.description],
  );
}

export async function deleteScope(db: Db, resourceServerId: string, name: string): Promise<number> {
  const { changes } = await db.run('DELETE FROM scopes WHERE resource_server_id = ? AND name = ?', [
    resourceServerId,
    name,
  ]);
  return changes;
}

/**
 * By id or identifier. An identifier stored before ids' shapes were reserved could equal another
 * API's id: the id wins, so an id always names the API it was given to.
 */
export function findResourceServer(db: Db, idOrIdentifier: string): Promise<ResourceServerRow | undefined> {
  return db.get<ResourceServerRow>(
    'SELECT * FROM resource_servers WHERE id = ? OR identifier = ? ORDER BY CASE WHEN id = ? THEN 0 ELSE 1 END LIMIT 1',
    [idOrIdentifier, idOrIdentifier, idOrIdentifier],
  );
}

export function listResourceServers(db: Db): Promise<ResourceServerRow[]> {
  return db.all<ResourceServerRow>('SELECT * FROM resource_servers ORDER BY identifier');
}

export function listScopes(db: Db, resourceServerId?: string): Promise<ScopeRow[]> {
  return resourceServerId === undefined
    ? db.all<ScopeRow>('SELECT * FROM scopes ORDER BY resource_server_id, name')
    : db.all<ScopeRow>('SELECT * FROM scopes WHERE resource_server_id = ? ORDER BY name', [resourceServerId]);
}

export async function deleteResourceServer(db: Db, id: string): Promise<boolean> {
  return (await db.run('DELETE FROM resource_servers WHERE id = ?', [id])).changes > 0;
}

/** Clients holding at least one permission on the resource server (and so affected by deleting it). */
export async function clientsWithPermissionsOn(db: Db, resourceServerId: string): Promise<string[]> {
  const rows = await db.all<{ client_id: string }>(
    'SELECT DISTINCT client_id FROM client_permissions WHERE resource_server_id = ? ORDER BY client_id',
    [resourceServerId],
  );
  return rows.map((r) => r.client_id);
}

export async function updateScopeDescription(
  db: Db,
  resourceServerId: string,
  name: string,
  description: string,
): Promise<void> {
  await db.run('UPDATE scopes SET description = ? WHERE resource_server_id = ? AND name = ?', [
    description,
    resourceServerId,
    name,
  ]);
}
