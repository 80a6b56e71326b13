import { type ClaimsUser, scopedClaims } from './scope-claims.js';

/**
 * OIDC Core §5.3.2: `sub` always, then what the token's scopes release. Cognito's userinfo also
 * answers `username`, so code that reads it keeps working.
 */
export function userinfoClaims(user: ClaimsUser, scopes: readonly string[]): Record<string, unknown> {
  return { ...scopedClaims(user, scopes), sub: user.sub, username: user.username };
}

/** OIDC Core §5.3: userinfo answers access tokens that were granted `openid`, as Cognito does. */
export function grantsUserinfo(scopes: readonly string[]): boolean {
  return scopes.includes('openid');
}
