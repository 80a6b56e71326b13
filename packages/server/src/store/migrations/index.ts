import type { Migration } from './migration.js';
import { registry } from './v1-registry.js';
import { deletedClients } from './v2-deleted-clients.js';
import { people } from './v3-people.js';
import { sweepIndexes } from './v4-sweep-indexes.js';
import { signInAttempts } from './v5-sign-in-attempts.js';
import { teamInvitations } from './v6-team-invitations.js';
import { permissions } from './v7-permissions.js';
import { grantTypes } from './v8-grant-types.js';
import { userPools } from './v9-user-pools.js';
import { tokenProfiles } from './v10-token-profiles.js';
import { accessKeys } from './v11-access-keys.js';
import { srpVerifiers } from './v12-srp-verifiers.js';
import { accountState } from './v13-account-state.js';
import { rateLimits } from './v14-rate-limits.js';
import { roles } from './v15-roles.js';
import { customClaims } from './v16-custom-claims.js';
import { scopeUsage } from './v17-scope-usage.js';
import { refreshFamilies } from './v18-refresh-families.js';

export type { Migration } from './migration.js';

/** In the order they apply. */
export const MIGRATIONS: readonly Migration[] = [
  registry,
  deletedClients,
  people,
  sweepIndexes,
  signInAttempts,
  teamInvitations,
  permissions,
  grantTypes,
  userPools,
  tokenProfiles,
  accessKeys,
  srpVerifiers,
  accountState,
  rateLimits,
  roles,
  customClaims,
  scopeUsage,
  refreshFamilies,
];
