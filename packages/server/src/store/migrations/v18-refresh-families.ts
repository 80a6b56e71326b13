import type { Migration } from './migration.js';

export const refreshFamilies: Migration = {
  version: 18,
  name: 'refresh token families',
  // A sign-in's refresh tokens share one family row, which holds what they have in common and
  // the revocation; each token keeps only its hash and use. Tokens are stored clustered by family
  // ({{clustered}}), and new tokens name their family, so a rotation marks the old token used and
  // adds the new one on the same page. Tokens issued before this change carry no family: the
  // legacy table finds it from their hash, and no new rows go there.
  sql: `
CREATE TABLE pool_refresh_families (
  family_id TEXT PRIMARY KEY,
  pool_id TEXT NOT NULL,
  client_id TEXT NOT NULL REFERENCES pool_app_clients (client_id) ON DELETE CASCADE,
  sub TEXT NOT NULL REFERENCES pool_users (sub) ON DELETE CASCADE,
  scope TEXT NOT NULL,
  auth_time BIGINT NOT NULL,
  session_id_hash TEXT,
  created_at BIGINT NOT NULL,
  family_expires_at BIGINT NOT NULL,
  revoked_at BIGINT
);
CREATE INDEX pool_refresh_families_by_sub ON pool_refresh_families (sub);
CREATE INDEX pool_refresh_families_by_client ON pool_refresh_families (client_id);
CREATE INDEX pool_refresh_families_by_expiry ON pool_refresh_families (family_expires_at);

CREATE TABLE pool_refresh_family_tokens (
  family_id TEXT NOT NULL REFERENCES pool_refresh_families (family_id) ON DELETE CASCADE,
  token_hash TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  idle_expires_at BIGINT NOT NULL,
  used_at BIGINT,
  PRIMARY KEY (family_id, token_hash)
){{clustered}};

CREATE TABLE pool_refresh_legacy_tokens (
  token_hash TEXT PRIMARY KEY,
  family_id TEXT NOT NULL REFERENCES pool_refresh_families (family_id) ON DELETE CASCADE
);
CREATE INDEX pool_refresh_legacy_tokens_by_family ON pool_refresh_legacy_tokens (family_id);

INSERT INTO pool_refresh_families (family_id, pool_id, client_id, sub, scope, auth_time, session_id_hash,
  created_at, family_expires_at, revoked_at)
SELECT family_id, MIN(pool_id), MIN(client_id), MIN(sub), MIN(scope), MIN(auth_time), MIN(session_id_hash),
  MIN(created_at), MIN(family_expires_at), MAX(revoked_at)
FROM pool_refresh_tokens GROUP BY family_id;

INSERT INTO pool_refresh_family_tokens (family_id, token_hash, created_at, idle_expires_at, used_at)
SELECT family_id, token_hash, created_at, idle_expires_at, used_at FROM pool_refresh_tokens;

INSERT INTO pool_refresh_legacy_tokens (token_hash, family_id)
SELECT token_hash, family_id FROM pool_refresh_tokens;

DROP TABLE pool_refresh_tokens;
`,
};
