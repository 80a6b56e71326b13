import type { Migration } from './migration.js';

export const accountState: Migration = {
  version: 13,
  name: 'disabled accounts and secret last use',
  // disabled_at: NULL while the account may sign in. last_used_at on a secret is written behind
  // in batches from memory (about a minute late at most), like clients.last_used_at.
  sql: `
ALTER TABLE users ADD COLUMN disabled_at BIGINT;
ALTER TABLE client_secrets ADD COLUMN last_used_at BIGINT;
`,
};
