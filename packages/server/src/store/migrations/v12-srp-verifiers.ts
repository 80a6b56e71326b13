import type { Migration } from './migration.js';

export const srpVerifiers: Migration = {
  version: 12,
  name: 'srp verifiers',
  // The verifier is sealed under the master key like app-client secrets; NULL until the user's
  // password is next set or used. A spent SECRET_BLOCK is kept until it would have expired, so
  // each one answers exactly one PASSWORD_VERIFIER.
  sql: `
ALTER TABLE pool_users ADD COLUMN srp_verifier TEXT;

CREATE TABLE pool_srp_spent (
  id TEXT PRIMARY KEY,
  expires_at BIGINT NOT NULL
);
CREATE INDEX pool_srp_spent_by_expiry ON pool_srp_spent (expires_at);
`,
};
