import type { Migration } from './migration.js';

export const people: Migration = {
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
};
