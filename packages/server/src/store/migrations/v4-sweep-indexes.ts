import type { Migration } from './migration.js';

export const sweepIndexes: Migration = {
  version: 4,
  name: 'indexes for the periodic sweeps',
  sql: `
CREATE INDEX client_grants_by_expiry ON client_grants (expires_at) WHERE expires_at IS NOT NULL;
CREATE INDEX clients_disabled ON clients (client_id) WHERE enabled = 0;
`,
};
