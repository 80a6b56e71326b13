import type { Migration } from './migration.js';

export const scopeUsage: Migration = {
  version: 17,
  name: 'usage per client and scope',
  // Written behind in batches from memory, like clients.last_used_at, so up to a maintenance
  // interval late. No foreign keys: a flush racing a client's deletion must not fail the whole
  // batch; reports join with what the client holds now, so rows of deleted clients are inert.
  sql: `
CREATE TABLE scope_usage (
  client_id TEXT NOT NULL,
  resource_server_id TEXT NOT NULL,
  scope TEXT NOT NULL,
  last_used_at BIGINT NOT NULL,
  tokens BIGINT NOT NULL,
  PRIMARY KEY (client_id, resource_server_id, scope)
);
`,
};
