import type { Migration } from './migration.js';

export const registry: Migration = {
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
};
