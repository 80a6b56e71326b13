import type { Migration } from './migration.js';

export const customClaims: Migration = {
  version: 16,
  name: 'custom claims',
  // Static claims are a JSON object read whole with their owner (like rate_limits); NULL when
  // none. A resource server has at most one token hook; its signing secret is sealed under the
  // master key, bound to the resource server's id, because Gatehouse must sign with it (a hash
  // would not do). fail_mode: 'closed' refuses the token when the hook fails, 'open' issues it
  // without the hook's claims.
  sql: `
ALTER TABLE clients ADD COLUMN claims TEXT;
ALTER TABLE resource_servers ADD COLUMN claims TEXT;

CREATE TABLE token_hooks (
  resource_server_id TEXT PRIMARY KEY REFERENCES resource_servers (id) ON DELETE CASCADE,
  url TEXT NOT NULL,
  secret TEXT NOT NULL,
  timeout_ms INTEGER NOT NULL DEFAULT 300,
  fail_mode TEXT NOT NULL DEFAULT 'closed',
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
`,
};
