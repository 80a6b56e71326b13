import type { Migration } from './migration.js';

export const signInAttempts: Migration = {
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
};
