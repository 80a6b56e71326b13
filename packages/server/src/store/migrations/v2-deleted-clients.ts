import type { Migration } from './migration.js';

export const deletedClients: Migration = {
  version: 2,
  name: 'deleted clients stay listed until their tokens expire',
  sql: `
CREATE TABLE deleted_clients (
  client_id TEXT PRIMARY KEY,
  deleted_at BIGINT NOT NULL
);
`,
};
