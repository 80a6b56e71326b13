import type { Migration } from './migration.js';

export const userPools: Migration = {
  version: 9,
  name: 'user pools',
  // A pool without a team is a platform admin's, as resource servers and clients are. Whatever
  // a user or an app client holds (codes, sessions, grants) goes with them in the same statement.
  sql: `
CREATE TABLE user_pools (
  id TEXT PRIMARY KEY,
  team_id TEXT REFERENCES teams (id) ON DELETE SET NULL,
  name TEXT NOT NULL,
  settings TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX user_pools_by_team ON user_pools (team_id);

CREATE TABLE pool_app_clients (
  client_id TEXT PRIMARY KEY,
  pool_id TEXT NOT NULL REFERENCES user_pools (id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  secret_enc TEXT,
  auth_method TEXT NOT NULL,
  redirect_uris TEXT NOT NULL,
  logout_uris TEXT NOT NULL,
  scopes TEXT NOT NULL,
  settings TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX pool_app_clients_by_pool ON pool_app_clients (pool_id);

CREATE TABLE pool_users (
  sub TEXT PRIMARY KEY,
  pool_id TEXT NOT NULL REFERENCES user_pools (id) ON DELETE CASCADE,
  username TEXT NOT NULL,
  username_key TEXT NOT NULL,
  email TEXT,
  email_key TEXT,
  email_verified INTEGER NOT NULL DEFAULT 0,
  status TEXT NOT NULL,
  enabled INTEGER NOT NULL DEFAULT 1,
  password_hash TEXT,
  attributes TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  password_changed_at BIGINT,
  UNIQUE (pool_id, username_key)
);
CREATE INDEX pool_users_by_email ON pool_users (pool_id, email_key);

CREATE TABLE pool_groups (
  pool_id TEXT NOT NULL REFERENCES user_pools (id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  description TEXT NOT NULL,
  precedence INTEGER,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (pool_id, name)
);

CREATE TABLE pool_group_members (
  pool_id TEXT NOT NULL,
  group_name TEXT NOT NULL,
  sub TEXT NOT NULL REFERENCES pool_users (sub) ON DELETE CASCADE,
  PRIMARY KEY (pool_id, group_name, sub),
  FOREIGN KEY (pool_id, group_name) REFERENCES pool_groups (pool_id, name) ON DELETE CASCADE
);
CREATE INDEX pool_group_members_by_sub ON pool_group_members (sub);

CREATE TABLE pool_user_codes (
  sub TEXT NOT NULL REFERENCES pool_users (sub) ON DELETE CASCADE,
  purpose TEXT NOT NULL,
  code_hash TEXT NOT NULL,
  expires_at BIGINT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (sub, purpose)
);
CREATE INDEX pool_user_codes_by_expiry ON pool_user_codes (expires_at);

CREATE TABLE pool_sessions (
  id_hash TEXT PRIMARY KEY,
  pool_id TEXT NOT NULL,
  sub TEXT NOT NULL REFERENCES pool_users (sub) ON DELETE CASCADE,
  auth_time BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  last_seen_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  ip TEXT,
  user_agent TEXT
);
CREATE INDEX pool_sessions_by_sub ON pool_sessions (sub);
CREATE INDEX pool_sessions_by_expiry ON pool_sessions (expires_at);

CREATE TABLE pool_auth_codes (
  code_hash TEXT PRIMARY KEY,
  pool_id TEXT NOT NULL,
  client_id TEXT NOT NULL REFERENCES pool_app_clients (client_id) ON DELETE CASCADE,
  sub TEXT NOT NULL REFERENCES pool_users (sub) ON DELETE CASCADE,
  session_id_hash TEXT,
  redirect_uri TEXT NOT NULL,
  scope TEXT NOT NULL,
  nonce TEXT,
  code_challenge TEXT,
  code_challenge_method TEXT,
  auth_time BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  used_at BIGINT,
  family_id TEXT,
  access_jtis TEXT
);
CREATE INDEX pool_auth_codes_by_expiry ON pool_auth_codes (expires_at);
CREATE INDEX pool_auth_codes_by_sub ON pool_auth_codes (sub);
CREATE INDEX pool_auth_codes_by_client ON pool_auth_codes (client_id);

CREATE TABLE pool_refresh_tokens (
  token_hash TEXT PRIMARY KEY,
  family_id TEXT NOT NULL,
  pool_id TEXT NOT NULL,
  client_id TEXT NOT NULL REFERENCES pool_app_clients (client_id) ON DELETE CASCADE,
  sub TEXT NOT NULL REFERENCES pool_users (sub) ON DELETE CASCADE,
  scope TEXT NOT NULL,
  auth_time BIGINT NOT NULL,
  session_id_hash TEXT,
  created_at BIGINT NOT NULL,
  family_expires_at BIGINT NOT NULL,
  idle_expires_at BIGINT NOT NULL,
  used_at BIGINT,
  revoked_at BIGINT
);
CREATE INDEX pool_refresh_tokens_by_family ON pool_refresh_tokens (family_id);
CREATE INDEX pool_refresh_tokens_by_sub ON pool_refresh_tokens (sub);
CREATE INDEX pool_refresh_tokens_by_client ON pool_refresh_tokens (client_id);
CREATE INDEX pool_refresh_tokens_by_expiry ON pool_refresh_tokens (family_expires_at);
`,
};
