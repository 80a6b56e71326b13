import type { Migration } from './migration.js';

export const rateLimits: Migration = {
  version: 14,
  name: 'rate limits',
  // A JSON object of optional parts ({"rate":50,"burst":100,"daily":100000,"observe":false}),
  // like jwks: always read whole with its owner, never queried by part. NULL: nothing set, so
  // every part is inherited. The platform default is a row in settings ('rate_limits').
  sql: `
ALTER TABLE clients ADD COLUMN rate_limits TEXT;
ALTER TABLE teams ADD COLUMN rate_limits TEXT;
`,
};
