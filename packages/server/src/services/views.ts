import type {
  Client,
  ClientSecretInfo,
  ResourceServer,
  SigningAlg,
  TokenProfile,
  User,
} from '@gatehouse/schemas';
import type { UserRow } from '../store/repos/people.js';
import type {
  ClientRow,
  PermissionRow,
  ResourceServerRow,
  ScopeRow,
  SecretRow,
} from '../store/repos/rows.js';

export const iso = (ms: number): string => new Date(ms).toISOString();
const isoOrNull = (ms: number | null): string | null => (ms === null ? null : iso(ms));

export function resourceServerView(row: ResourceServerRow, scopes: ScopeRow[]): ResourceServer {
  return {
    id: row.id,
    identifier: row.identifier,
    name: row.name,
    description: row.description,
    scopes: scopes.map((s) => ({ name: s.name, description: s.description })),
    tokenTtl: row.token_ttl,
    signingAlg: row.signing_alg as SigningAlg,
    tokenProfile: row.token_profile as TokenProfile,
    builtIn: row.built_in === 1,
    teamId: row.team_id,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}

export function secretView(row: SecretRow): ClientSecretInfo {
  return {
    id: row.id,
    hint: row.hint,
    createdAt: iso(row.created_at),
    expiresAt: isoOrNull(row.expires_at),
    revokedAt: isoOrNull(row.revoked_at),
    lastUsedAt: isoOrNull(row.last_used_at ?? null),
  };
}

export function clientView(row: ClientRow, permissions: PermissionRow[], secrets: SecretRow[]): Client {
  const held = permissions.map((p) => ({
    scope: `${p.identifier}/${p.scope}`,
    expiresAt: isoOrNull(p.expires_at),
  }));
  return {
    clientId: row.client_id,
    name: row.name,
    description: row.description,
    authMethod: row.auth_method as Client['authMethod'],
    grantTypes: JSON.parse(row.grant_types) as Client['grantTypes'],
    scopes: permissions.map((p) => `${p.identifier}/${p.scope}`),
    permissions: held,
    // The old name, deprecated: scripts written against the previous release keep working.
    grants: held,
    tokenTtl: row.token_ttl,
    enabled: row.enabled === 1,
    jwks: row.jwks === null ? null : (JSON.parse(row.jwks) as Client['jwks']),
    jwksUri: row.jwks_uri,
    secrets: secrets.map(secretView),
    teamId: row.team_id,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
    lastUsedAt: isoOrNull(row.last_used_at),
  };
}

export function userView(row: UserRow): User {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    isAdmin: row.is_admin === 1,
    source: row.source,
    createdAt: iso(row.created_at),
    lastSignInAt: row.last_sign_in_at === null ? null : iso(row.last_sign_in_at),
    disabledAt: row.disabled_at === null ? null : iso(row.disabled_at),
  };
}
