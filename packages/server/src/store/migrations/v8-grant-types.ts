import type { Migration } from './migration.js';

export const grantTypes: Migration = {
  version: 8,
  name: 'clients carry the grant types they may use',
  // A JSON array, like jwks. Every client so far was a machine getting tokens for itself.
  sql: `
ALTER TABLE clients ADD COLUMN grant_types TEXT NOT NULL DEFAULT '["client_credentials"]';
`,
};
