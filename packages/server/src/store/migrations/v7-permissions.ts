import type { Migration } from './migration.js';

export const permissions: Migration = {
  version: 7,
  name: 'a scope a client holds is a permission',
  // Indexes cannot be renamed in SQLite: they are dropped and made again under the new name.
  // The built-in scopes' descriptions follow, unless someone has reworded them.
  sql: `
ALTER TABLE client_grants RENAME TO client_permissions;
DROP INDEX client_grants_by_resource;
DROP INDEX client_grants_by_expiry;
CREATE INDEX client_permissions_by_resource ON client_permissions (resource_server_id);
CREATE INDEX client_permissions_by_expiry ON client_permissions (expires_at) WHERE expires_at IS NOT NULL;
ALTER TABLE access_requests RENAME COLUMN grant_ttl TO permission_ttl;
ALTER TABLE access_requests RENAME COLUMN grant_expires_at TO permission_expires_at;
UPDATE scopes SET description = 'Read clients, permissions and usage'
  WHERE name = 'clients:read' AND description = 'Read clients, grants and usage'
  AND resource_server_id IN (SELECT id FROM resource_servers WHERE identifier = 'gatehouse-admin');
UPDATE scopes SET description = 'Create, change and delete clients, secrets, keys and permissions'
  WHERE name = 'clients:write' AND description = 'Create, change and delete clients, secrets, keys and grants'
  AND resource_server_id IN (SELECT id FROM resource_servers WHERE identifier = 'gatehouse-admin');
`,
};
