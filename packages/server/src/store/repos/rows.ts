/** Rows as stored. Times are epoch milliseconds; flags are 0/1; JSON columns are text. */

export interface ResourceServerRow {
  id: string;
  identifier: string;
  name: string;
  description: string;
  token_ttl: number;
  signing_alg: string;
  /** TokenProfile: how tokens name the scopes. */
  token_profile: string;
  built_in: number;
  team_id: string | null;
  created_at: number;
  updated_at: number;
  /** JSON object of static claims for its tokens (store/repos/custom-claims.ts); absent on insert. */
  claims?: string | null;
}

export interface ScopeRow {
  resource_server_id: string;
  name: string;
  description: string;
}

export interface ClientRow {
  client_id: string;
  name: string;
  description: string;
  auth_method: string;
  token_ttl: number | null;
  enabled: number;
  jwks: string | null;
  jwks_uri: string | null;
  /** JSON array of grant type names. */
  grant_types: string;
  team_id: string | null;
  created_at: number;
  updated_at: number;
  last_used_at: number | null;
  /** JSON of its own rate-limit parts (store/repos/rate-limits.ts); absent on insert. */
  rate_limits?: string | null;
  /** JSON object of static claims for its tokens (store/repos/custom-claims.ts); absent on insert. */
  claims?: string | null;
}

/** A permission joined with its resource server's identifier, as the token path needs it. */
export interface PermissionRow {
  client_id: string;
  resource_server_id: string;
  identifier: string;
  scope: string;
  expires_at: number | null;
}

export interface SecretRow {
  id: string;
  client_id: string;
  hash: string;
  hint: string;
  created_at: number;
  expires_at: number | null;
  revoked_at: number | null;
  /** Written behind from memory, so up to a maintenance interval (30 s) late; NULL until first used. */
  last_used_at: number | null;
}

export type KeyState = 'next' | 'active' | 'retired';

export interface SigningKeyRow {
  kid: string;
  alg: string;
  state: KeyState;
  public_jwk: string;
  private_key: string;
  created_at: number;
  activated_at: number | null;
  retired_at: number | null;
  publish_until: number | null;
}

export interface RevokedTokenRow {
  jti: string;
  client_id: string;
  expires_at: number;
  revoked_at: number;
}

export type ChangeKind =
  | 'client'
  | 'resource_server'
  | 'keys'
  | 'revocation'
  | 'user_pool'
  | 'pool_app_client'
  | 'access_key'
  /** A team's or the platform's default rate limits: every client's effective limit may follow. */
  | 'rate_limits'
  /** A role's scopes changed, or the role went: every client holding it may follow. */
  | 'role';

export interface ChangeRow {
  seq: number;
  kind: ChangeKind;
  entity_id: string;
  at: number;
}

/** A named bundle of scopes, owned by a team (NULL: a platform admin's). */
export interface RoleRow {
  id: string;
  team_id: string | null;
  name: string;
  description: string;
  created_at: number;
  updated_at: number;
}

/** A scope a role bundles, joined with its resource server's identifier. */
export interface RoleScopeRow {
  role_id: string;
  resource_server_id: string;
  identifier: string;
  scope: string;
}

/** A scope a client holds through one of its roles. */
export interface RolePermissionRow extends RoleScopeRow {
  client_id: string;
  role_name: string;
}
