import type { Migration } from './migration.js';

export const roles: Migration = {
  version: 15,
  name: 'roles: named bundles of scopes that clients hold',
  // Names are unique within their team (teams name things independently, like clients); a role
  // no team owns is a platform admin's, and its name is unique among those. A role's scopes go
  // with the scope they name, and its holders with the client or the role.
  sql: `
CREATE TABLE roles (
  id TEXT PRIMARY KEY,
  team_id TEXT REFERENCES teams (id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  description TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX roles_name_per_team ON roles (team_id, name) WHERE team_id IS NOT NULL;
CREATE UNIQUE INDEX roles_name_platform ON roles (name) WHERE team_id IS NULL;

CREATE TABLE role_scopes (
  role_id TEXT NOT NULL REFERENCES roles (id) ON DELETE CASCADE,
  resource_server_id TEXT NOT NULL,
  scope TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (role_id, resource_server_id, scope),
  FOREIGN KEY (resource_server_id, scope) REFERENCES scopes (resource_server_id, name) ON DELETE CASCADE
);
CREATE INDEX role_scopes_by_scope ON role_scopes (resource_server_id, scope);

CREATE TABLE client_roles (
  client_id TEXT NOT NULL REFERENCES clients (client_id) ON DELETE CASCADE,
  role_id TEXT NOT NULL REFERENCES roles (id) ON DELETE CASCADE,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (client_id, role_id)
);
CREATE INDEX client_roles_by_role ON client_roles (role_id);
`,
};
