import type { Migration } from './migration.js';

export const accessKeys: Migration = {
  version: 11,
  name: 'access keys',
  // A key without a team is a platform admin's. A team's key goes with its team: SET NULL would
  // turn it into a platform admin's. The secret is sealed, not hashed: SigV4 is an HMAC keyed
  // with it, so it is needed in the clear to check a signature.
  //
  // Signatures seen are kept until they expire, in the store so that every instance refuses a
  // replay; the key is the signature itself, which is public once it has been sent.
  sql: `
CREATE TABLE access_keys (
  id TEXT PRIMARY KEY,
  team_id TEXT REFERENCES teams (id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  description TEXT NOT NULL,
  secret_enc TEXT NOT NULL,
  enabled INTEGER NOT NULL DEFAULT 1,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  last_used_at BIGINT
);
CREATE INDEX access_keys_by_team ON access_keys (team_id);

CREATE TABLE seen_signatures (
  signature TEXT PRIMARY KEY,
  expires_at BIGINT NOT NULL
);
CREATE INDEX seen_signatures_by_expiry ON seen_signatures (expires_at);
`,
};
