import { COGNITO_ADMIN_SCOPE } from '../pools/cognito-access-token-claims.js';
import type { PoolRecord } from '../services/pools/pool-access.js';
import type { PoolAccessClaims } from '../services/pools/pool-tokens.js';
import type { PoolUserRow } from '../store/repos/pool-users.js';
import { notAuthorized } from './errors.js';
import type { CognitoContext } from './operation.js';

const POOL_PATH = '/pools/';

/** The `iss` of a JWT, read without trusting it: only to know which pool's keys and rules to check it by. */
function claimedIssuer(token: string): string | undefined {
  const payload = token.split('.')[1];
  if (payload === undefined || payload.length > 16_384) return undefined;
  try {
    const parsed = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as unknown;
    const iss = (parsed as { iss?: unknown } | null)?.iss;
    return typeof iss === 'string' ? iss : undefined;
  } catch {
    return undefined;
  }
}

/** Whose token it is, at which pool. */
export interface TokenHolder {
  pool: PoolRecord;
  claims: PoolAccessClaims;
  user: PoolUserRow;
}

/**
 * An access token that may call the self-service operations: one of this deployment's pools',
 * signed, unexpired, carrying aws.cognito.signin.user.admin, from a sign-in not since ended
 * (GlobalSignOut, RevokeToken, a new password), of a user who exists and is enabled.
 */
export async function requireAccessToken(ctx: CognitoContext, token: string): Promise<TokenHolder> {
  const invalid = () => notAuthorized('Invalid Access Token');
  const iss = claimedIssuer(token);
  const at = iss?.lastIndexOf(POOL_PATH) ?? -1;
  if (iss === undefined || at === -1) throw invalid();
  const pool = await ctx.pools.cache.pool(iss.slice(at + POOL_PATH.length));
  if (!pool) throw invalid();
  const claims = ctx.pools.tokens.readAccessToken(pool.row.id, token, ctx.gatehouse.clock.now());
  if (!claims) throw invalid();
  if (!claims.scope.split(' ').includes(COGNITO_ADMIN_SCOPE)) {
    throw notAuthorized('Access Token does not have required scopes');
  }
  if (
    claims.origin_jti === undefined ||
    !(await ctx.pools.grants.familyLive(pool.row.id, claims.origin_jti))
  ) {
    throw notAuthorized('Access Token has been revoked');
  }
  const user = (await ctx.gatehouse.poolUsers.findForSignIn(pool.row.id, claims.sub))?.user;
  if (user?.sub !== claims.sub) throw notAuthorized('Access Token has been revoked');
  if (user.enabled !== 1) throw notAuthorized('User is disabled.');
  return { pool, claims, user };
}
