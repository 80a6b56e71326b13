import { OIDC_SCOPES } from '@gatehouse/schemas';
import { COGNITO_ADMIN_SCOPE } from '../pools/cognito-access-token-claims.js';
import type { PoolGrantResult } from '../services/pools/pool-grants.js';
import type { PoolUserRow } from '../store/repos/pool-users.js';
import type { ClientAtPool } from './app-client.js';
import { notAuthorized } from './errors.js';
import type { CognitoContext } from './operation.js';

/**
 * What a sign-in through Cognito's API is granted: every standard claim in the ID token, and an
 * access token for the self-service operations, as Cognito issues them.
 */
export const WIRE_SCOPES: readonly string[] = [...OIDC_SCOPES, COGNITO_ADMIN_SCOPE];

/** Cognito's AuthenticationResult. */
export function authenticationResult(tokens: PoolGrantResult, withRefresh = true) {
  return {
    AccessToken: tokens.accessToken,
    ExpiresIn: tokens.expiresIn,
    TokenType: 'Bearer',
    ...(tokens.idToken !== undefined ? { IdToken: tokens.idToken } : {}),
    ...(withRefresh && tokens.refreshToken !== undefined ? { RefreshToken: tokens.refreshToken } : {}),
  };
}

/** Tokens and a new refresh family for a user who just proved who they are. */
export async function signInTokens(ctx: CognitoContext, at: ClientAtPool, row: PoolUserRow) {
  const user = await ctx.pools.grants.activeUser(at.pool.row.id, row.sub);
  if (!user) throw notAuthorized('User is disabled.');
  const tokens = await ctx.pools.grants.signIn({
    pool: at.pool,
    client: at.client,
    user,
    scopes: WIRE_SCOPES,
    authTime: ctx.gatehouse.clock.now(),
  });
  return { AuthenticationResult: authenticationResult(tokens) };
}
