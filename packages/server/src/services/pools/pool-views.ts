import {
  type AppClient,
  type AppClientAuthMethod,
  type AppClientOAuthFlow,
  type AppClientSettings,
  DEFAULT_EXPLICIT_AUTH_FLOWS,
  DEFAULT_ID_TOKEN_SIGNING_ALG,
  type PoolGroup,
  type PoolSettings,
  type PoolUser,
  type PoolUserStatus,
  type UserPool,
} from '@gatehouse/schemas';
import type { AppClientRow } from '../../store/repos/pool-app-clients.js';
import type { PoolGroupRow } from '../../store/repos/pool-groups.js';
import type { PoolUserRow } from '../../store/repos/pool-users.js';
import type { UserPoolRow } from '../../store/repos/user-pools.js';
import { iso } from '../views.js';
import { poolIssuer } from './pool-access.js';

export function userPoolView(row: UserPoolRow, settings: PoolSettings, issuer: string): UserPool {
  return {
    id: row.id,
    name: row.name,
    teamId: row.team_id,
    issuer: poolIssuer(issuer, row.id),
    settings,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}

/** Never the secret, not even sealed. */
export function appClientView(row: AppClientRow): AppClient {
  return {
    clientId: row.client_id,
    poolId: row.pool_id,
    name: row.name,
    public: row.secret_enc === null,
    authMethod: row.auth_method as AppClientAuthMethod,
    allowedOAuthFlows: JSON.parse(row.oauth_flows) as AppClientOAuthFlow[],
    redirectUris: JSON.parse(row.redirect_uris) as string[],
    logoutUris: JSON.parse(row.logout_uris) as string[],
    scopes: JSON.parse(row.scopes) as string[],
    // Clients stored before the ID-token alg was a setting keep what they were signed with.
    settings: {
      idTokenSigningAlg: DEFAULT_ID_TOKEN_SIGNING_ALG,
      explicitAuthFlows: [...DEFAULT_EXPLICIT_AUTH_FLOWS],
      ...(JSON.parse(row.settings) as Partial<AppClientSettings>),
    } as AppClientSettings,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}

export function poolUserView(row: PoolUserRow, groups: readonly string[]): PoolUser {
  return {
    sub: row.sub,
    poolId: row.pool_id,
    username: row.username,
    ...(row.email !== null ? { email: row.email } : {}),
    emailVerified: row.email_verified === 1,
    status: row.status as PoolUserStatus,
    enabled: row.enabled === 1,
    attributes: JSON.parse(row.attributes) as Record<string, string>,
    groups: [...groups],
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}

export function poolGroupView(row: PoolGroupRow): PoolGroup {
  return {
    poolId: row.pool_id,
    name: row.name,
    description: row.description,
    ...(row.precedence !== null ? { precedence: row.precedence } : {}),
    createdAt: iso(row.created_at),
  };
}
