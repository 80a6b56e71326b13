import type { SigningAlg, TokenProfile } from '@gatehouse/schemas';
import { qualifiedScope } from '../services/cognito-token-claims.js';
import { truncate } from '../oauth/form-request.js';
import { InvalidScope, InvalidTarget } from '../oauth/errors.js';
import { isOidcScope } from './scope-claims.js';

/** A resource server as a pool's token path needs it; Runtime's entries fit. */
export interface PoolResource {
  identifier: string;
  alg: SigningAlg;
  profile: TokenProfile;
  scopes: ReadonlySet<string>;
}

/** Runtime fits this shape: resource servers by identifier, and `<identifier>/<scope>` resolution. */
export interface PoolResourceLookup {
  resource(identifier: string): PoolResource | undefined;
  resolveScope(qualified: string): { resource: PoolResource; scope: string } | undefined;
}

export interface AccessTokenAudience {
  /** `aud`: the resource server's identifier, or `${poolIssuer}/oauth2/userInfo`. */
  audience: string;
  /** The resource server's signing algorithm; undefined for the userinfo audience. */
  resource: PoolResource | undefined;
  /** Scope names on that resource server, short or qualified as its token profile says. */
  resourceScopes: string[];
}

export const userInfoAudience = (poolIssuer: string): string => `${poolIssuer}/oauth2/userInfo`;

/**
 * Picks the one audience of a person's access token: the resource server that `resource`
 * (RFC 8707) names, or that the qualified scopes belong to, else the pool's userinfo endpoint.
 * A token has one audience, so scopes of two resource servers (or a `resource` that disagrees
 * with the scopes) are refused with invalid_target; a qualified scope that no registered
 * resource server owns is invalid_scope.
 */
export function chooseAccessTokenAudience(input: {
  poolIssuer: string;
  scopes: readonly string[];
  resource?: string | undefined;
  lookup: PoolResourceLookup;
}): AccessTokenAudience {
  let target: PoolResource | undefined;
  if (input.resource !== undefined) {
    target = input.lookup.resource(input.resource);
    if (!target) throw new InvalidTarget('unknown resource', { resource: truncate(input.resource) });
  }
  const resourceScopes: string[] = [];
  for (const scope of input.scopes) {
    if (isOidcScope(scope)) continue;
    const resolved = input.lookup.resolveScope(scope);
    if (!resolved || !resolved.resource.scopes.has(resolved.scope)) {
      throw new InvalidScope('a requested scope belongs to no registered resource server', {
        scope: truncate(scope),
      });
    }
    if (target && resolved.resource.identifier !== target.identifier) {
      throw new InvalidTarget(
        input.resource !== undefined
          ? 'a requested scope belongs to another resource server than the requested resource'
          : 'requested scopes belong to more than one resource server; a token is for one audience',
      );
    }
    target = resolved.resource;
    if (!resourceScopes.includes(resolved.scope)) resourceScopes.push(resolved.scope);
  }
  if (target?.profile === 'cognito') {
    const qualified = resourceScopes.map((scope) => qualifiedScope(target.identifier, scope));
    return { audience: target.identifier, resource: target, resourceScopes: qualified };
  }
  return target
    ? { audience: target.identifier, resource: target, resourceScopes }
    : { audience: userInfoAudience(input.poolIssuer), resource: undefined, resourceScopes };
}

export interface UserAccessTokenInput {
  poolIssuer: string;
  sub: string;
  username: string;
  clientId: string;
  /** Every granted scope; OIDC ones are kept, qualified ones appear by their short name. */
  scopes: readonly string[];
  audience: AccessTokenAudience;
  groups: readonly string[];
  /** Epoch milliseconds. */
  authTime: number;
  /** Epoch milliseconds. */
  now: number;
  lifetimeSeconds: number;
  jti: string;
}

/**
 * RFC 9068 claims for a person's access token, with Cognito's `token_use`, `username` and
 * `cognito:groups` (the last only when the person is in a group, as Cognito does). The scope
 * names the resource server's scopes as machine tokens for it do (short, or qualified with
 * `version: 2` under the `cognito` profile), so an API checks people's and machines' tokens
 * the same way.
 */
export function buildUserAccessTokenClaims(input: UserAccessTokenInput): Record<string, unknown> {
  const iat = Math.floor(input.now / 1000);
  const scope = [...input.scopes.filter(isOidcScope), ...input.audience.resourceScopes].join(' ');
  const claims: Record<string, unknown> = {
    iss: input.poolIssuer,
    sub: input.sub,
    aud: input.audience.audience,
    client_id: input.clientId,
    scope,
    iat,
    exp: iat + input.lifetimeSeconds,
    jti: input.jti,
    auth_time: Math.floor(input.authTime / 1000),
    token_use: 'access',
    username: input.username,
  };
  if (input.groups.length > 0) claims['cognito:groups'] = [...input.groups];
  if (input.audience.resource?.profile === 'cognito') claims.version = 2;
  return claims;
}
