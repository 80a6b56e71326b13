import type { Migration } from './migration.js';

export const tokenProfiles: Migration = {
  version: 10,
  name: 'resource server token profiles and app client OAuth flows',
  // Every resource server so far issued RFC 9068 tokens, and every app client signed people in.
  sql: `
ALTER TABLE resource_servers ADD COLUMN token_profile TEXT NOT NULL DEFAULT 'rfc9068';
ALTER TABLE pool_app_clients ADD COLUMN oauth_flows TEXT NOT NULL DEFAULT '["code"]';
`,
};
