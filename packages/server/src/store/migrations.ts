import type { Db, Dialect } from './db.js';

/**
 * Versioned schema changes, applied in order at start, each in its own transaction.
 * Released migrations are never edited: a change to the schema is a new entry.
 * `{{seq}}` is the one dialect difference: an ever-increasing integer key.
 */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

const SEQ: Record<Dialect, string> = {
  sqlite: 'INTEGER PRIMARY KEY AUTOINCREMENT',
  postgres: 'BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY',
};

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'registry, keys and tokens',
    sql: `
CREATE TABLE settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);

CREATE TABLE resource_servers (
  id TEXT PRIMARY KEY,
  identifier TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  description TEXT NOT NULL,
  token_ttl INTEGER NOT NULL,
  signing_alg TEXT NOT NULL,
  built_in INTEGER NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);

CREATE TABLE scopes (
  resource_server_id TEXT NOT NULL REFERENCES resource_servers (id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  description TEXT NOT NULL,
  PRIMARY KEY (resource_server_id, name)
);

CREATE TABLE clients (
  client_id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  description TEXT NOT NULL,
  auth_method TEXT NOT NULL,
  token_ttl INTEGER,
  enabled INTEGER NOT NULL DEFAULT 1,
  jwks TEXT,
  jwks_uri TEXT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  last_used_at BIGINT
);

CREATE TABLE client_grants (
  client_id TEXT NOT NULL REFERENCES clients (client_id) ON DELETE CASCADE,
  resource_server_id TEXT NOT NULL,
  scope TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (client_id, resource_server_id, scope),
  FOREIGN KEY (resource_server_id, scope) REFERENCES scopes (resource_server_id, name) ON DELETE CASCADE
);
CREATE INDEX client_grants_by_resource ON client_grants (resource_server_id);

CREATE TABLE client_secrets (
  id TEXT PRIMARY KEY,
  client_id TEXT NOT NULL REFERENCES clients (client_id) ON DELETE CASCADE,
  hash TEXT NOT NULL,
  hint TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  expires_at BIGINT,
  revoked_at BIGINT
);
CREATE INDEX client_secrets_by_client ON client_secrets (client_id);

CREATE TABLE signing_keys (
  kid TEXT PRIMARY KEY,
  alg TEXT NOT NULL,
  state TEXT NOT NULL,
  public_jwk TEXT NOT NULL,
  private_key TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  activated_at BIGINT,
  retired_at BIGINT,
  publish_until BIGINT
);
CREATE UNIQUE INDEX one_active_key_per_alg ON signing_keys (alg) WHERE state = 'active';
CREATE UNIQUE INDEX one_next_key_per_alg ON signing_keys (alg) WHERE state = 'next';

CREATE TABLE revoked_tokens (
  jti TEXT PRIMARY KEY,
  client_id TEXT NOT NULL,
  expires_at BIGINT NOT NULL,
  revoked_at BIGINT NOT NULL
);
CREATE INDEX revoked_tokens_by_expiry ON revoked_tokens (expires_at);

CREATE TABLE used_assertions (
  client_id TEXT NOT NULL,
  jti TEXT NOT NULL,
  expires_at BIGINT NOT NULL,
  PRIMARY KEY (client_id, jti)
);
CREATE INDEX used_assertions_by_expiry ON used_assertions (expires_at);

CREATE TABLE changes (
  seq {{seq}},
  kind TEXT NOT NULL,
  entity_id TEXT NOT NULL,
  at BIGINT NOT NULL
);
`,
  },
  {
    version: 2,
    name: 'deleted clients stay listed until their tokens expire',
    sql: `
CREATE TABLE deleted_clients (
  client_id TEXT PRIMARY KEY,
  deleted_at BIGINT NOT NULL
);
`,
  },
  {
    version: 3,
    name: 'people, teams, access requests, audit and usage',
    sql: `
CREATE TABLE users (
  id TEXT PRIMARY KEY,
  email TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  password_hash TEXT,
  is_admin INTEGER NOT NULL DEFAULT 0,
  source TEXT NOT NULL,
  sso_subject TEXT UNIQUE,
  failed_attempts INTEGER NOT NULL DEFAULT 0,
  locked_until BIGINT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  last_sign_in_at BIGINT
);

CREATE TABLE teams (
  id TEXT PRIMARY KEY,
  slug TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  description TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);

CREATE TABLE team_members (
  team_id TEXT NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
  user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  role TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (team_id, user_id)
);
CREATE INDEX team_members_by_user ON team_members (user_id);

CREATE TABLE sessions (
  id_hash TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  csrf_token TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  last_seen_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  ip TEXT,
  user_agent TEXT
);
CREATE INDEX sessions_by_user ON sessions (user_id);

CREATE TABLE sso_logins (
  state_hash TEXT PRIMARY KEY,
  nonce TEXT NOT NULL,
  code_verifier TEXT NOT NULL,
  return_to TEXT NOT NULL,
  created_at BIGINT NOT NULL
);

ALTER TABLE resource_servers ADD COLUMN team_id TEXT REFERENCES teams (id) ON DELETE SET NULL;
ALTER TABLE clients ADD COLUMN team_id TEXT REFERENCES teams (id) ON DELETE SET NULL;
ALTER TABLE client_grants ADD COLUMN expires_at BIGINT;

CREATE TABLE access_requests (
  id TEXT PRIMARY KEY,
  client_id TEXT NOT NULL REFERENCES clients (client_id) ON DELETE CASCADE,
  resource_server_id TEXT NOT NULL REFERENCES resource_servers (id) ON DELETE CASCADE,
  scope TEXT NOT NULL,
  reason TEXT NOT NULL,
  grant_ttl INTEGER,
  status TEXT NOT NULL,
  requested_by TEXT,
  requested_by_name TEXT NOT NULL,
  decided_by TEXT,
  decided_by_name TEXT,
  comment TEXT,
  grant_expires_at BIGINT,
  created_at BIGINT NOT NULL,
  decided_at BIGINT
);
CREATE INDEX access_requests_by_resource ON access_requests (resource_server_id);
CREATE INDEX access_requests_by_client ON access_requests (client_id);

CREATE TABLE audit_events (
  seq {{seq}},
  at BIGINT NOT NULL,
  actor_type TEXT NOT NULL,
  actor_id TEXT,
  actor_name TEXT NOT NULL,
  action TEXT NOT NULL,
  target_type TEXT NOT NULL,
  target_id TEXT NOT NULL,
  target_name TEXT,
  team_id TEXT,
  before_json TEXT,
  after_json TEXT,
  ip TEXT,
  user_agent TEXT
);
CREATE INDEX audit_events_by_at ON audit_events (at);
CREATE INDEX audit_events_by_target ON audit_events (target_type, target_id);
CREATE INDEX audit_events_by_team ON audit_events (team_id);

CREATE TABLE usage_daily (
  client_id TEXT NOT NULL,
  day TEXT NOT NULL,
  tokens INTEGER NOT NULL,
  PRIMARY KEY (client_id, day)
);
`,
  },
  {
    version: 4,
    name: 'indexes for the periodic sweeps',
    sql: `
CREATE INDEX client_grants_by_expiry ON client_grants (expires_at) WHERE expires_at IS NOT NULL;
CREATE INDEX clients_disabled ON clients (client_id) WHERE enabled = 0;
`,
  },
  {
    version: 5,
    name: 'sign-in attempt counters shared by every instance',
    sql: `
CREATE TABLE sign_in_attempts (
  key TEXT PRIMARY KEY,
  attempts INTEGER NOT NULL,
  lock_ms BIGINT NOT NULL,
  locked_until BIGINT,
  last_at BIGINT NOT NULL
);
CREATE INDEX sign_in_attempts_by_last ON sign_in_attempts (last_at);
`,
  },
  {
    version: 6,
    name: 'team invitations',
    sql: `
CREATE TABLE team_invitations (
  id TEXT PRIMARY KEY,
  team_id TEXT NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
  email TEXT NOT NULL,
  role TEXT NOT NULL,
  status TEXT NOT NULL,
  invited_by TEXT,
  invited_by_name TEXT NOT NULL,
  decided_by TEXT,
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  decided_at BIGINT
);
CREATE UNIQUE INDEX team_invitations_one_pending ON team_invitations (team_id, email) WHERE status = 'pending';
CREATE INDEX team_invitations_by_email ON team_invitations (email) WHERE status = 'pending';
CREATE INDEX team_invitations_by_expiry ON team_invitations (expires_at) WHERE status = 'pending';
`,
  },
  {
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
  },
];

export function migrationSql(migration: Migration, dialect: Dialect): string {
  return migration.sql.replaceAll('{{seq}}', SEQ[dialect]);
}

const LOCK_KEY = 7_746_500_011; // any constant; names Gatehouse's migration lock in pg_locks

/**
 * Brings the schema up to date. Several instances starting together on one PostgreSQL
 * take turns through an advisory lock; SQLite's write lock does the same for processes.
 */
export async function migrate(db: Db): Promise<{ applied: number[] }> {
  const applied: number[] = [];
  await db.transaction(async (tx) => {
    if (tx.dialect === 'postgres') await tx.run('SELECT pg_advisory_xact_lock(?)', [LOCK_KEY]);
    await tx.exec(
      'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)',
    );
  });
  for (const migration of MIGRATIONS) {
    await db.transaction(async (tx) => {
      if (tx.dialect === 'postgres') await tx.run('SELECT pg_advisory_xact_lock(?)', [LOCK_KEY]);
      const done = await tx.get('SELECT version FROM schema_migrations WHERE version = ?', [
        migration.version,
      ]);
      if (done) return;
      await tx.exec(migrationSql(migration, tx.dialect));
      await tx.run('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)', [
        migration.version,
        migration.name,
        Date.now(),
      ]);
      applied.push(migration.version);
    });
  }
  const newest = await db.get<{ v: number | null }>('SELECT MAX(version) AS v FROM schema_migrations');
  const known = MIGRATIONS.at(-1)?.version ?? 0;
  if ((newest?.v ?? 0) > known) {
    throw new Error(
      `the database schema is version ${newest?.v}, newer than this Gatehouse knows (${known}); upgrade Gatehouse`,
    );
  }
  return { applied };
}
