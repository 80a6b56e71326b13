import type { Migration } from './migration.js';

export const teamInvitations: Migration = {
  version: 6,
  name: 'team invitations',
  sql: `
CREATE TABLE team_invitations (
  id TEXT PRIMARY KEY,
  team_id TEXT NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
  email TEXT NOT NULL,
  role TEXT NOT NULL,
  status TEXT NOT NULL,
  invited_by TEXT,
  invited_by_name TEXT NOT NULL,
  decided_by TEXT,
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  decided_at BIGINT
);
CREATE UNIQUE INDEX team_invitations_one_pending ON team_invitations (team_id, email) WHERE status = 'pending';
CREATE INDEX team_invitations_by_email ON team_invitations (email) WHERE status = 'pending';
CREATE INDEX team_invitations_by_expiry ON team_invitations (expires_at) WHERE status = 'pending';
`,
};
